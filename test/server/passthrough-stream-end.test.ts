import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import {
  startScriptedUpstream,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// Passthrough forwards the provider's bytes; AI Switch adds an error event only
// when the provider closed the stream without finishing it, never a second
// one after the provider's own error event.

const frame = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const START = [
  frame('message_start', {
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  }),
  frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hello' } }),
];

describe('passthrough stream endings', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess;
  let reply: UpstreamReply;

  beforeAll(async () => {
    upstream = await startScriptedUpstream(() => reply);
    ais = await startAis(`
providers:
  claude: { base_url: ${upstream.url}, api_key: sk-ant-end-test-0123456789, format: anthropic }
routes:
  r: { provider: claude, default_model: claude-sonnet-4-6 }
`);
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  async function stream(): Promise<string> {
    const response = await fetch(`${ais.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'r', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'x',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    return response.text();
  }

  it("keeps the provider's own mid-stream error as the only error event", async () => {
    const providerError = frame('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
    reply = { kind: 'sse', frames: [...START, providerError] };
    const body = await stream();
    expect(body).toBe([...START, providerError].join(''));
  });

  it('adds one error event when the provider closes without finishing', async () => {
    reply = { kind: 'sse', frames: START };
    const body = await stream();
    expect(body.startsWith(START.join(''))).toBe(true);
    const added = body.slice(START.join('').length);
    expect(added.match(/^event: error$/gm)).toHaveLength(1);
    expect(added).toContain('"type":"error"');
  });

  it('adds nothing to a finished stream', async () => {
    const finished = [
      ...START,
      frame('content_block_stop', { index: 0 }),
      frame('message_delta', {
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 2 },
      }),
      frame('message_stop', {}),
    ];
    reply = { kind: 'sse', frames: finished };
    expect(await stream()).toBe(finished.join(''));
  });
});
