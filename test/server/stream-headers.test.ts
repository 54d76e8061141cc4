import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES } from '../helpers/fixtures';
import { sseFramesOf, startScriptedUpstream, type ScriptedUpstream } from '../helpers/scripted-upstream';

// Stream headers leave with the first client bytes (one packet, not two), but
// never wait for content: a provider that opens with a keep-alive comment and
// thinks for a while must not leave the client without headers meanwhile.

const CHAT_FRAMES = sseFramesOf(
  path.join(FIXTURES, 'upstream', 'deepseek', 'deepseek-text.chunks.txt'),
  'chat',
);
const SILENCE_MS = 800;

describe('stream response headers', () => {
  let upstream: ScriptedUpstream;
  let ais: AisProcess;

  beforeAll(async () => {
    // OpenRouter-style: a comment at once, then every frame SILENCE_MS apart.
    upstream = await startScriptedUpstream(() => ({
      kind: 'sse',
      frames: [': OPENROUTER PROCESSING\n\n', ...CHAT_FRAMES],
      delayMs: SILENCE_MS,
    }));
    ais = await startAis(`
providers:
  router: { base_url: ${upstream.url}, api_key: sk-router-test-key-0123456789, format: chat }
routes:
  ais-test: { provider: router, default_model: deepseek-chat }
`);
  });

  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  async function timeToHeaders(url: string, headers: Record<string, string>, body: unknown) {
    const started = performance.now();
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const elapsed = performance.now() - started;
    const firstBytes = await response.body?.getReader().read();
    controller.abort();
    return { response, elapsed, firstBytes: new TextDecoder().decode(firstBytes?.value) };
  }

  it('converted (Anthropic client): headers arrive before the provider says anything of substance', async () => {
    const { response, elapsed } = await timeToHeaders(
      `${ais.url}/v1/messages`,
      { 'x-api-key': 'ais-test', 'anthropic-version': '2023-06-01' },
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 256,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(elapsed).toBeLessThan(SILENCE_MS / 2);
  });

  it('passthrough (Chat client): headers and the comment arrive together, at once', async () => {
    const { response, elapsed, firstBytes } = await timeToHeaders(
      `${ais.url}/v1/chat/completions`,
      { authorization: 'Bearer ais-test' },
      { model: 'deepseek-chat', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    );
    expect(response.status).toBe(200);
    expect(elapsed).toBeLessThan(SILENCE_MS / 2);
    expect(firstBytes).toContain(': OPENROUTER PROCESSING');
  });
});
