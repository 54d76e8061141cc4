import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';
import { answerChat, CHAT_BODY, configFor } from './harness';
import { bodyOf, sendRaw } from './raw-http';

// Issue #24 §3: a client that declares a huge body and stops sending must not
// hold its socket and memory forever, nor starve real requests of room.

describe('hardening: stalled uploads', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answerChat);
    ais = await startAis(
      configFor(
        upstream.url,
        'server:\n  upload_idle_timeout_s: 1\n  large_bodies: { budget_mb: 3, wait_s: 2 }\n',
      ),
    );
  });
  afterAll(async () => {
    await ais?.stop();
    await upstream?.close();
  });

  const stalledHead = (path: string, extra = ''): string =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n${extra}\r\n`;

  it('answers a stalled upload with a 408 in the OpenAI shape and closes the connection', async () => {
    const answer = await sendRaw(ais.url, stalledHead('/v1/chat/completions'), '{"model":', 6_000);
    expect(answer.status).toBe(408);
    expect(bodyOf(answer)).toMatchObject({
      error: { message: expect.stringMatching(/upload_idle_timeout_s/) },
    });
    expect(answer.closedByServer).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(4_000);
  });

  it('answers a stalled upload with a 408 in the Anthropic shape', async () => {
    const answer = await sendRaw(
      ais.url,
      stalledHead('/v1/messages', 'anthropic-version: 2023-06-01\r\n'),
      '{"model":',
      6_000,
    );
    expect(answer.status).toBe(408);
    expect(bodyOf(answer)).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
  });

  it('a declared-but-unsent 60 MB body holds no room: a real 2 MB request goes through meanwhile', async () => {
    const stalled = sendRaw(ais.url, stalledHead('/v1/chat/completions'), '{"model":', 6_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const padding = 'x'.repeat(2 * 1024 * 1024);
    const big = await send(ais.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: padding }] }),
    });
    expect(big.status).toBe(200);
    expect((await stalled).status).toBe(408);
    expect(
      (await send(ais.url, { method: 'POST', path: '/v1/chat/completions', body: CHAT_BODY })).status,
    ).toBe(200);
  });
});
