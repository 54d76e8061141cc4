import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
} from '../helpers/scripted-upstream';

// A Claude Code tool loop with thinking on moves to another Anthropic-format
// provider (the first one is overloaded). The first provider's thinking blocks
// can't go (their signatures would be refused), which leaves the assistant
// turn of the loop starting with tool_use. The backup provider enforces
// Anthropic's documented rule, so the moved request must be valid without them.

const ANSWER = {
  id: 'msg_backup',
  type: 'message',
  role: 'assistant',
  model: 'claude-backup',
  content: [{ type: 'text', text: 'The marker says ACCEPT.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 6 },
};

/** Anthropic's check for manual thinking, as its API words the refusal (adaptive lets the model skip thinking). */
function enforceThinkingRule(request: RecordedRequest) {
  const body = request.json as {
    thinking?: { type?: string };
    messages: { role: string; content: unknown }[];
  };
  const thinkingOn = body.thinking?.type === 'enabled';
  const last = body.messages.at(-1);
  const blocks = (message: { content: unknown } | undefined): { type: string }[] =>
    Array.isArray(message?.content) ? (message.content as { type: string }[]) : [];
  if (thinkingOn && blocks(last).some((block) => block.type === 'tool_result')) {
    const index = body.messages.length - 2;
    const first = blocks(body.messages[index])[0]?.type;
    if (first !== 'thinking' && first !== 'redacted_thinking')
      return {
        kind: 'json' as const,
        status: 400,
        body: {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
          },
        },
      };
  }
  return { kind: 'json' as const, body: ANSWER };
}

const TOOL_LOOP: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'claude-sonnet-4-5',
  max_tokens: 20000,
  thinking: { type: 'enabled', budget_tokens: 4096 },
  tools: [
    {
      name: 'Bash',
      description: 'Run a shell command',
      input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    },
  ],
  messages: [
    { role: 'user', content: 'What does marker.txt say?' },
    {
      role: 'assistant',
      content: [
        {
          type: 'thinking',
          thinking: 'I should read the file.',
          signature: 'EqQBCkYIBxgCKkD-signed-by-primary',
        },
        { type: 'tool_use', id: 'toolu_01ABCDEFGHIJ', name: 'Bash', input: { command: 'cat marker.txt' } },
      ],
    },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_01ABCDEFGHIJ', content: 'ACCEPT' }],
    },
  ],
};

describe('failover into another Anthropic provider in the middle of a thinking tool loop', () => {
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;
  let running: RunningEngine;
  let traces: TraceReader;

  beforeAll(async () => {
    primary = await startScriptedUpstream(() => ({
      kind: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    }));
    backup = await startScriptedUpstream(enforceThinkingRule);
    running = await startEngine(`
providers:
  primary: { base_url: ${primary.url}, format: anthropic, api_key: sk-primary }
  backup: { base_url: ${backup.url}, format: anthropic, api_key: sk-backup }
routes:
  ais-claude: { provider: primary, default_model: claude-primary, fallback: ["backup|claude-backup"] }
`);
    traces = createTraceReader(running.home);
  });

  afterAll(async () => {
    traces?.close();
    await running?.close();
    await primary?.close();
    await backup?.close();
  });

  it('the moved request is valid: thinking off for it, noted on the trace', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: running.url, maxRetries: 0 });
    const message = await client.messages.create(TOOL_LOOP);
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'The marker says ACCEPT.' }),
    ]);

    expect(primary.requests).toHaveLength(1);
    const moved = backup.requests.at(-1)!.json as {
      thinking?: unknown;
      messages: { content: { type: string }[] }[];
    };
    expect(moved.thinking).toBeUndefined();
    // The tool loop itself is intact.
    expect(moved.messages[1]!.content.map((block) => block.type)).toEqual(['tool_use']);
    expect(moved.messages[2]!.content.map((block) => block.type)).toEqual(['tool_result']);

    const [trace] = await traces.next(1);
    expect(trace!.warnings.map((warning) => warning.code)).toEqual(
      expect.arrayContaining(['signatures-stripped-on-fallback', 'thinking-off-for-tool-loop']),
    );
  });

  it('adaptive thinking is left on: the model may skip thinking on a turn itself', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: running.url, maxRetries: 0 });
    await client.messages.create({ ...TOOL_LOOP, thinking: { type: 'adaptive' } });
    const moved = backup.requests.at(-1)!.json as { thinking?: { type: string } };
    expect(moved.thinking).toEqual({ type: 'adaptive' });
  });

  it('a new user turn after the loop keeps thinking on', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: running.url, maxRetries: 0 });
    await client.messages.create({
      ...TOOL_LOOP,
      messages: [
        ...TOOL_LOOP.messages,
        { role: 'assistant', content: [{ type: 'text', text: 'It says ACCEPT.' }] },
        { role: 'user', content: 'Thanks. And now?' },
      ],
    });
    const moved = backup.requests.at(-1)!.json as { thinking?: { type: string } };
    expect(moved.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });
});
