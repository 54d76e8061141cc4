import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import { startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// A stream that is converted rather than passed through (here: Anthropic to
// Anthropic after a failover) keeps what the provider put on message_start and
// message_delta beyond the modelled fields — context_management (the edits
// Anthropic applied to the context), a container — for an Anthropic client.

const CONTEXT_MANAGEMENT = {
  applied_edits: [{ type: 'clear_tool_uses_20250919', cleared_tool_uses: 3, cleared_input_tokens: 5120 }],
};
const CONTAINER = { id: 'container_011', expires_at: '2026-12-07T19:00:00Z' };

const sse = (payload: Record<string, unknown>): string =>
  `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;

const FRAMES = [
  sse({
    type: 'message_start',
    message: {
      id: 'msg_b',
      type: 'message',
      role: 'assistant',
      model: 'claude-backup',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 0 },
      container: CONTAINER,
    },
  }),
  sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Done.' } }),
  sse({ type: 'content_block_stop', index: 0 }),
  sse({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null, container: CONTAINER },
    usage: { output_tokens: 2 },
    context_management: CONTEXT_MANAGEMENT,
  }),
  sse({ type: 'message_stop' }),
];

describe('Anthropic stream extras survive a converted stream', () => {
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    primary = await startScriptedUpstream(() => ({
      kind: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    }));
    backup = await startScriptedUpstream(() => ({ kind: 'sse', frames: FRAMES }));
    running = await startEngine(`
providers:
  primary: { base_url: ${primary.url}, format: anthropic, api_key: sk-a }
  backup: { base_url: ${backup.url}, format: anthropic, api_key: sk-b }
routes:
  ais-claude: { provider: primary, default_model: claude-primary, fallback: ["backup|claude-backup"] }
`);
  });

  afterAll(async () => {
    await running?.close();
    await primary?.close();
    await backup?.close();
  });

  it('context_management and container reach the SDK on message_start and message_delta', async () => {
    const client = new Anthropic({ apiKey: 'ais-claude', baseURL: running.url, maxRetries: 0 });
    const stream = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user', content: 'Tidy up.' }],
    });
    const events: Record<string, unknown>[] = [];
    for await (const event of stream) events.push(event as unknown as Record<string, unknown>);

    const start = events.find((event) => event.type === 'message_start') as {
      message: Record<string, unknown>;
    };
    expect(start.message.container).toEqual(CONTAINER);
    expect(start.message.model).toBe('claude-sonnet-4-5');
    const delta = events.find((event) => event.type === 'message_delta') as Record<string, unknown> & {
      delta: Record<string, unknown>;
    };
    expect(delta.context_management).toEqual(CONTEXT_MANAGEMENT);
    expect(delta.delta).toMatchObject({ stop_reason: 'end_turn', container: CONTAINER });
    expect(backup.requests).toHaveLength(1);
  });
});
