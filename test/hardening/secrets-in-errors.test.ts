import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { answerJson, answerSse, startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createLogger } from '../../main/core/logging/create-logger';

// Issue #24 §4: a provider's error that quotes the key (or a gateway header)
// it was sent must not carry it on to the client or into a log.

const KEY = 'sk-provider-echo-0123456789abcdef';
const GATEWAY_TOKEN = 'gw-token-fedcba9876543210';

/** Everything the provider was sent, quoted back in its error, the way some gateways do. */
const echoed = `Incorrect API key provided: ${KEY} (gateway token ${GATEWAY_TOKEN})`;

describe('hardening: upstream errors never echo secrets to the client', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;

  beforeAll(async () => {
    upstream = await startFaultyUpstream((seen, response) => {
      if (seen.json.stream === true)
        return answerSse(response, [
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] })}\n\n`,
          `data: ${JSON.stringify({ error: { message: echoed, type: 'invalid_request_error' } })}\n\n`,
        ]);
      answerJson(response, 400, { error: { message: echoed, type: 'invalid_request_error' } });
    });
    ais = await startAis(`
providers:
  echo:
    base_url: ${upstream.url}
    format: chat
    api_key: ${KEY}
    custom_headers: { x-gateway-token: ${GATEWAY_TOKEN} }
    models: [m]
routes:
  ais-echo: { provider: echo, default_model: m }
default_route: ais-echo
`);
  });
  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  const expectMasked = (text: string): void => {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(GATEWAY_TOKEN);
    expect(text).toContain('<redacted:…cdef>');
  };

  it('the provider reached the gateway header (so the echo is real)', async () => {
    await send(ais.url, { method: 'POST', path: '/v1/chat/completions', body: { model: 'm', messages: [] } });
    expect(upstream.requests.at(-1)?.headers['x-gateway-token']).toBe(GATEWAY_TOKEN);
  });

  it('masks a relayed same-protocol error body', async () => {
    const answer = await send(ais.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(answer.status).toBe(400);
    expectMasked(answer.text);
  });

  it('masks the message of a converted error (Anthropic client)', async () => {
    const answer = await send(ais.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { 'anthropic-version': '2023-06-01' },
      body: { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: 'error' });
    expectMasked(answer.text);
  });

  it('masks an error event inside a converted stream', async () => {
    const answer = await send(ais.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { 'anthropic-version': '2023-06-01' },
      body: { model: 'm', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(answer.text).toMatch(/event: error/);
    expectMasked(answer.text);
  });

  it('keeps secrets out of what was logged', () => {
    expect(ais.output()).not.toContain(KEY);
    expect(ais.output()).not.toContain(GATEWAY_TOKEN);
  });

  it('the logger masks every line, whatever logs it', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-log-'));
    const { logger, flush } = createLogger({
      home,
      stdout: false,
      maskText: (line) => line.split(KEY).join('<redacted:…cdef>'),
    });
    logger.error({ err: new Error(`upstream said ${KEY}`) }, `provider answered: ${KEY}`);
    flush();
    // The file is written off the caller's stack: read it once the line is there.
    let text = '';
    for (const deadline = Date.now() + 5_000; !text.includes('provider answered') && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [file] = readdirSync(path.join(home, 'logs'));
      text = file ? readFileSync(path.join(home, 'logs', file), 'utf8') : '';
    }
    expect(text).toContain('provider answered');
    expect(text).toContain('upstream said');
    expect(text).not.toContain(KEY);
  });
});
