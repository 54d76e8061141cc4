import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import { loadClientCaptures } from '../helpers/fixtures';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// Claude Code ≥ 2.1 sends `role: "system"` messages after the user turn. A Chat
// provider gets them where its `system_messages` setting says: folded into the
// user turn by default (every chat template takes a user turn), kept in place,
// or hoisted into the leading system message.

const REMINDER = 'Available agent types for the Task tool: general-purpose, Explore, Plan';
const CHAT_ANSWER = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'served',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
};

/** Claude Code's recorded first tool request, with the elided agent list put back as text. */
function claudeCodeRequest(): Record<string, unknown> {
  const [capture] = loadClientCaptures(/^claude-tool-bash__claude-code__POST-v1-messages__01\.json$/);
  const body = structuredClone(capture!.body);
  const messages = body.messages as { role: string; content: unknown }[];
  const late = messages.findIndex((message) => message.role === 'system');
  expect(late).toBeGreaterThan(0);
  messages[late] = { role: 'system', content: REMINDER };
  return { ...body, stream: false, max_tokens: 1024 };
}

describe('late system messages → Chat provider, through HTTP with the Anthropic SDK', () => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    upstream = await startScriptedUpstream(() => ({ kind: 'json', body: CHAT_ANSWER }));
    running = await startEngine(`
providers:
  plain: { base_url: ${upstream.url}/plain, api_key: k }
  keep: { base_url: ${upstream.url}/keep, api_key: k, system_messages: keep }
  hoist: { base_url: ${upstream.url}/hoist, api_key: k, system_messages: hoist }
routes:
  r-plain: { provider: plain, default_model: served }
  r-keep: { provider: keep, default_model: served }
  r-hoist: { provider: hoist, default_model: served }
`);
  });

  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  async function send(routeKey: string): Promise<{ role: string; content: unknown }[]> {
    const client = new Anthropic({ apiKey: routeKey, baseURL: running.url, maxRetries: 0 });
    const body = claudeCodeRequest() as unknown as Anthropic.MessageCreateParamsNonStreaming;
    const message = await client.messages.create(body);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'ok' })]);
    return upstream.requests.at(-1)!.json.messages as { role: string; content: unknown }[];
  }

  it('by default folds the reminder into the user turn it follows: only the leading message is system', async () => {
    const messages = await send('r-plain');
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    const user = messages[1]!.content as { type: string; text: string }[];
    expect(user.at(-1)).toEqual({ type: 'text', text: `<system-reminder>\n${REMINDER}\n</system-reminder>` });
    // The user's own text is all still there, before the reminder.
    expect(user.some((part) => part.text.startsWith('Run the shell command'))).toBe(true);
  });

  it('keep: the system message stays where Claude Code put it', async () => {
    const messages = await send('r-keep');
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    expect(messages[2]!.content).toBe(REMINDER);
  });

  it('hoist: the reminder joins the leading system message', async () => {
    const messages = await send('r-hoist');
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(String(messages[0]!.content).endsWith(`\n\n${REMINDER}`)).toBe(true);
  });

  it('ais check refuses an unknown setting with its path', async () => {
    const { parseConfigText } = await import('../../main/core/config');
    const parsed = parseConfigText({
      text: 'providers:\n  p: { base_url: http://127.0.0.1:1, system_messages: late }\n',
      env: {},
    });
    expect(parsed.config).toBeUndefined();
    expect(parsed.problems.map((problem) => problem.path)).toContain('providers.p.system_messages');
  });
});
