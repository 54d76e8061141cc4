import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, loadClientCaptures, type ClientCapture } from '../helpers/fixtures';
import { answerSse, startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { replayCapture } from '../helpers/replay-capture';
import { sseFramesOf } from '../helpers/scripted-upstream';

// Scene routing on real Claude Code requests, replayed byte for byte (headers
// included) against a spawned `ais serve`: the model the provider receives
// is the one the route's scene_map names for that kind of request.

const ANTHROPIC_FRAMES = sseFramesOf(
  path.join(FIXTURES, 'upstream/anthropic/anthropic-text.chunks.txt'),
  'anthropic',
);
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const LONG_CONTEXT_THRESHOLD = 20_000;

const claudeCode = loadClientCaptures(/^claude-.*__claude-code__POST-v1-messages__/);
const capture = (prefix: string): ClientCapture => {
  const found = claudeCode.find((item) => item.file.startsWith(prefix));
  if (!found) throw new Error(`missing capture ${prefix}`);
  return found;
};

describe('scene routing with real Claude Code requests', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  /** Replays one capture (optionally with another body); returns the model the provider was asked for and the trace. */
  async function route(item: ClientCapture, body?: Record<string, unknown>) {
    const before = upstream.requests.length;
    const response = await replayCapture(ais.url, item, {
      routeKey: 'ais-claude',
      ...(body ? { body } : {}),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(text).toContain('event: message_stop');
    expect(upstream.requests).toHaveLength(before + 1);
    const [trace] = await traces.next();
    return { model: upstream.requests.at(-1)!.json.model, trace: trace! };
  }

  beforeAll(async () => {
    upstream = await startFaultyUpstream((_seen, response) => answerSse(response, ANTHROPIC_FRAMES));
    ais = await startAis(`
providers:
  claude-up:
    base_url: ${upstream.url}
    format: anthropic
    api_key: sk-ant-provider-key
routes:
  ais-claude:
    provider: claude-up
    default_model: m-default
    long_context_threshold: ${LONG_CONTEXT_THRESHOLD}
    scene_map:
      think: m-think
      background: m-background
      image: m-image
      longContext: m-long
`);
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('the main model with adaptive thinking goes to think; with thinking disabled, to the default model', async () => {
    expect(claudeCode.length).toBeGreaterThanOrEqual(8);
    for (const item of claudeCode.filter((entry) => !entry.file.startsWith('claude-haiku'))) {
      const thinking = (item.body.thinking as { type: string }).type;
      const { model, trace } = await route(item);
      const scene = thinking === 'disabled' ? 'default' : 'think';
      expect([item.file, model, trace.scene]).toEqual([
        item.file,
        scene === 'think' ? 'm-think' : 'm-default',
        scene,
      ]);
      // Claude Code's session id (metadata.user_id, repeated in a header) is on the trace.
      expect(trace.sessionId).toBe(item.headers['x-claude-code-session-id']);
    }
  });

  it('a haiku request goes to background, even though it asks for thinking', async () => {
    const item = capture('claude-haiku');
    expect((item.body.thinking as { type: string }).type).toBe('enabled');
    const { model, trace } = await route(item);
    expect(model).toBe('m-background');
    expect(trace.scene).toBe('background');
  });

  it('a pasted image in the latest user turn goes to image', async () => {
    const item = capture('claude-interactive__claude-code__POST-v1-messages__01');
    const [message] = item.body.messages as { role: string; content: Record<string, unknown>[] }[];
    const withImage = {
      ...item.body,
      messages: [
        {
          ...message,
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            ...message!.content,
          ],
        },
      ],
    };
    const { model, trace } = await route(item, withImage);
    expect(model).toBe('m-image');
    expect(trace.scene).toBe('image');
  });

  it('a long transcript goes to longContext; the same conversation when short does not', async () => {
    const item = capture('claude-tool-bash__claude-code__POST-v1-messages__02');
    const short = await route(item);
    expect([short.model, short.trace.scene]).toEqual(['m-think', 'think']);

    const messages = item.body.messages as unknown[];
    const transcript = { ...item.body, messages: Array.from({ length: 200 }, () => messages).flat() };
    const long = await route(item, transcript);
    expect([long.model, long.trace.scene]).toEqual(['m-long', 'longContext']);
    // The provider got the whole transcript, not a trimmed one.
    expect((upstream.requests.at(-1)!.json.messages as unknown[]).length).toBe(messages.length * 200);
  });
});
