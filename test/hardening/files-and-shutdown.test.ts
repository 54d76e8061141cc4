import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { answerJson, startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createTraceReader } from '../helpers/read-traces';
import { CHAT_ANSWER, CHAT_BODY, configFor } from './harness';

// Issue #24 §7: the files that hold request bodies are private whatever the
// home's mode, and a stopping server takes no new requests on old connections.

const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** A keep-alive connection that can send several requests and tell when the server closed it. */
function openConnection(url: string): {
  socket: net.Socket;
  received(): string;
  closed(): boolean;
  send(request: string): void;
} {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let text = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, received: () => text, closed: () => closed, send: (request) => socket.write(request) };
}

const chatRequest = (): string =>
  `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ais-chat\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(CHAT_BODY)}\r\n\r\n${CHAT_BODY}`;

describe('hardening: private files and a clean stop', () => {
  let upstream: FaultyUpstream | undefined;
  let ais: AisProcess | undefined;
  afterEach(async () => {
    await ais?.stop();
    await upstream?.close();
    ais = undefined;
    upstream = undefined;
  });

  it('creates ais.db, its WAL and the logs 0600 in a home made beforehand as 0755', async () => {
    upstream = await startFaultyUpstream((_seen, response) => answerJson(response, 200, CHAT_ANSWER));
    const home = mkdtempSync(path.join(tmpdir(), 'ais-e2e-'));
    chmodSync(home, 0o755);
    ais = await startAis(configFor(upstream.url), { home, env: { AIS_LOG_LEVEL: 'info' } });
    await send(ais.url, { method: 'POST', path: '/v1/chat/completions', body: CHAT_BODY });
    const traces = createTraceReader(home);
    await traces.next();
    traces.close();
    const logs = readdirSync(path.join(home, 'logs')).map((name) => path.join(home, 'logs', name));
    expect(logs.length).toBeGreaterThan(0);
    for (const file of [path.join(home, 'ais.db'), path.join(home, 'ais.db-wal'), ...logs])
      expect(modeOf(file).toString(8), file).toBe('600');
  });

  it('after SIGTERM: idle keep-alive sockets close at once, in-flight answers carry Connection: close', async () => {
    upstream = await startFaultyUpstream(async (_seen, response) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      answerJson(response, 200, CHAT_ANSWER);
    });
    ais = await startAis(configFor(upstream.url));
    const idle = openConnection(ais.url);
    idle.send('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await waitUntil(() => idle.received().includes('"status":"ok"'))).toBe(true);
    const busy = openConnection(ais.url);
    busy.send(chatRequest());
    expect(await waitUntil(() => upstream!.requests.length === 1)).toBe(true);

    const stopped = ais.stop();
    // The idle connection is closed within moments, not kept for new requests.
    expect(await waitUntil(() => idle.closed(), 500)).toBe(true);
    // The in-flight request still gets its answer, told the connection ends with it.
    expect(await waitUntil(() => busy.received().includes('chatcmpl-1'), 3_000)).toBe(true);
    expect(busy.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(busy.received().toLowerCase()).toContain('connection: close');
    expect(await waitUntil(() => busy.closed(), 1_000)).toBe(true);
    expect(await stopped).toBe(0);
  });
});
