import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyUpstreamError,
  UpstreamRequestError,
} from '../../main/core/upstream/classify-upstream-error';
import { createUpstreamClient } from '../../main/core/upstream/create-upstream-client';
import type { UpstreamClient } from '../../main/core/upstream/create-upstream-client';
import { startConnectProxy, startSocks5Proxy } from './helpers/fake-proxies';
import type { FakeProxy } from './helpers/fake-proxies';
import {
  countOpenHandles,
  delay,
  settleOpenHandles,
  startFakeUpstream,
  waitFor,
} from './helpers/fake-upstream';
import type { FakeUpstream } from './helpers/fake-upstream';

const SSE = Array.from({ length: 20 }, (_, index) => `data: {"n":${index}}\n\n`).join('');
/** Far more than loopback socket buffers hold, so an unread body must stop the sender. */
const LARGE_BODY_BYTES = 48 * 2 ** 20;
let largeBodyWritten = 0;

let baseline = 0;
let upstream: FakeUpstream;
let client: UpstreamClient;
let connectProxy: FakeProxy;
let socksProxy: FakeProxy;
let socksClient: UpstreamClient;

beforeAll(async () => {
  baseline = countOpenHandles();
  upstream = await startFakeUpstream((request, response) => {
    const route = request.url ?? '';
    if (route === '/gzip') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      response.end(zlib.gzipSync(SSE));
    } else if (route === '/br') {
      const body = zlib.brotliCompressSync(SSE);
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'content-encoding': 'br',
        'content-length': body.length,
      });
      response.end(body);
    } else if (route === '/deflate') {
      response.writeHead(200, { 'content-encoding': 'deflate' });
      response.end(zlib.deflateSync(SSE));
    } else if (route === '/gzip-stream') {
      // One event now, the rest much later: the first must come out of the decoder on its own.
      const gzip = zlib.createGzip();
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      gzip.pipe(response);
      gzip.write('data: first\n\n');
      gzip.flush(zlib.constants.Z_SYNC_FLUSH);
      setTimeout(() => gzip.end('data: last\n\n'), 300);
    } else if (route === '/early-hints') {
      response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"final":true}');
    } else if (route === '/large') {
      // Writes as fast as the reader takes it, counting what left.
      largeBodyWritten = 0;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const pump = (): void => {
        while (largeBodyWritten < LARGE_BODY_BYTES) {
          largeBodyWritten += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    } else if (route === '/hang') {
      // Never answers.
    } else if (route === '/stall') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
    } else if (route === '/reset') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n', () => setTimeout(() => response.socket?.destroy(), 20));
    } else if (route === '/slow-stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        response.write(`data: ${sent}\n\n`);
        if (sent === 6) {
          clearInterval(timer);
          response.end();
        }
      }, 60);
      response.on('close', () => clearInterval(timer));
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, route }));
    }
  });
  client = createUpstreamClient({ defaults: { firstByteMs: 2_000, idleMs: 2_000 } });
  connectProxy = await startConnectProxy();
  socksProxy = await startSocks5Proxy();
  socksClient = createUpstreamClient({ proxyUrl: socksProxy.url });
});

afterAll(async () => {
  await Promise.all([client.close(), socksClient.close()]);
  // Closing the client closes every connection it held, kept-alive or not.
  expect(await waitFor(() => upstream.openConnectionCount() === 0)).toBe(true);
  await Promise.all([upstream.close(), connectProxy.close(), socksProxy.close()]);
  expect(await settleOpenHandles(baseline)).toBeLessThanOrEqual(baseline);
});

const post = (
  target: UpstreamClient,
  path: string,
  extra: Partial<Parameters<UpstreamClient['send']>[0]> = {},
) =>
  target.send({
    url: `${upstream.url}${path}`,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    ...extra,
  });

describe('createUpstreamClient', () => {
  it.each(['/gzip', '/br', '/deflate'])('decodes %s bodies and drops the encoding headers', async (path) => {
    const response = await post(client, path);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBeUndefined();
    expect(await text(response.body)).toBe(SSE);
  });

  it('asks for compressed bodies only when told to (headers are the caller’s), and sends the body', async () => {
    const before = upstream.requests.length;
    const response = await client.send({
      url: `${upstream.url}/echo`,
      headers: { 'accept-encoding': 'gzip, br', 'x-test': '1' },
      body: '{"a":1}',
    });
    await text(response.body);
    const seen = upstream.requests[before];
    expect(seen?.headers['accept-encoding']).toBe('gzip, br');
    expect(seen?.headers['x-test']).toBe('1');
    expect(seen?.body).toBe('{"a":1}');
  });

  it('hands over a gzip stream event by event, not at the end', async () => {
    const started = Date.now();
    const response = await post(client, '/gzip-stream');
    const iterator = response.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(String(first.value)).toBe('data: first\n\n');
    expect(Date.now() - started).toBeLessThan(250);
    let rest = '';
    for (let step = 0; step < 10; step += 1) {
      const next = await iterator.next();
      if (next.done === true) break;
      rest += String(next.value);
    }
    expect(rest).toBe('data: last\n\n');
  });

  it('reuses keep-alive connections for sequential requests to one origin', async () => {
    const before = upstream.connectionCount();
    for (let index = 0; index < 5; index += 1) await text((await post(client, '/json')).body);
    expect(upstream.connectionCount() - before).toBeLessThanOrEqual(1);
  });

  it('times out before headers with first-byte-timeout', async () => {
    const started = Date.now();
    const error = await post(client, '/hang', { timeouts: { firstByteMs: 150 } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect((error as UpstreamRequestError).kind).toBe('first-byte-timeout');
    expect(Date.now() - started).toBeLessThan(1_600);
  });

  it('errors the body with idle-timeout when the stream stalls mid-way', async () => {
    const response = await post(client, '/stall', { timeouts: { idleMs: 150 } });
    const started = Date.now();
    const error = await text(response.body).catch((caught: unknown) => caught);
    expect(classifyUpstreamError(error)).toBe('idle-timeout');
    expect(Date.now() - started).toBeLessThan(1_600);
  });

  it('does not time out a healthy stream whose total time exceeds the idle timeout', async () => {
    const response = await post(client, '/slow-stream', { timeouts: { idleMs: 200, firstByteMs: 200 } });
    expect(await text(response.body)).toBe(
      'data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: 6\n\n',
    );
  });

  it('errors the body with a connection failure when the socket is reset mid-stream', async () => {
    const response = await post(client, '/reset');
    const error = await text(response.body).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(classifyUpstreamError(error)).toBe('connection');
  });

  it('reports a refused connection as a connection failure', async () => {
    const closed = await startFakeUpstream(() => {});
    const url = `${closed.url}/x`;
    await closed.close();
    const error = await client.send({ url, headers: {}, body: '{}' }).catch((caught: unknown) => caught);
    expect((error as UpstreamRequestError).kind).toBe('connection');
    expect((error as UpstreamRequestError).code).toBe('ECONNREFUSED');
  });

  it('destroys the upstream request at once when the signal fires before headers', async () => {
    const controller = new AbortController();
    const before = upstream.requests.length;
    const pending = post(client, '/hang', { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(await waitFor(() => upstream.requests.length > before)).toBe(true);
    const abortedAt = Date.now();
    controller.abort();
    expect(((await pending) as UpstreamRequestError).kind).toBe('aborted');
    expect(await waitFor(() => upstream.requests[before]?.closedAt !== undefined, 1_000)).toBe(true);
    expect((upstream.requests[before]?.closedAt ?? Infinity) - abortedAt).toBeLessThan(100);
  });

  it('destroys the upstream request at once when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const before = upstream.requests.length;
    const response = await post(client, '/slow-stream', { signal: controller.signal });
    const reading = text(response.body).catch((caught: unknown) => caught);
    await delay(80);
    const abortedAt = Date.now();
    controller.abort();
    expect(classifyUpstreamError(await reading, controller.signal)).toBe('aborted');
    expect(await waitFor(() => upstream.requests[before]?.closedAt !== undefined, 1_000)).toBe(true);
    expect((upstream.requests[before]?.closedAt ?? Infinity) - abortedAt).toBeLessThan(100);
    expect(upstream.requests[before]?.completed).toBe(false);
  });

  it('skips a 103 Early Hints answer and resolves at the final status', async () => {
    const response = await post(client, '/early-hints');
    expect(response.status).toBe(201);
    expect(response.headers.link).toBeUndefined();
    expect(await text(response.body)).toBe('{"final":true}');
  });

  it('stops reading the socket while the body is not read, then delivers every byte', async () => {
    const response = await post(client, '/large');
    await delay(300);
    // Without backpressure the whole body would sit in our memory by now.
    expect(largeBodyWritten).toBeLessThan(LARGE_BODY_BYTES / 2);
    let received = 0;
    for await (const chunk of response.body) received += (chunk as Buffer).length;
    expect(received).toBe(LARGE_BODY_BYTES);
  });

  it('aborts the upstream request when the caller destroys the body before its end', async () => {
    const before = upstream.requests.length;
    const response = await post(client, '/slow-stream');
    const iterator = response.body[Symbol.asyncIterator]();
    expect(String((await iterator.next()).value)).toBe('data: 1\n\n');
    const destroyedAt = Date.now();
    response.body.destroy();
    expect(await waitFor(() => upstream.requests[before]?.closedAt !== undefined, 1_000)).toBe(true);
    expect((upstream.requests[before]?.closedAt ?? Infinity) - destroyedAt).toBeLessThan(100);
    expect(upstream.requests[before]?.completed).toBe(false);
  });

  it('sends enable_proxy traffic through an http CONNECT proxy, and other traffic direct', async () => {
    const proxied = createUpstreamClient({ proxyUrl: connectProxy.url });
    try {
      const direct = await post(proxied, '/direct');
      expect(await text(direct.body)).toContain('/direct');
      expect(connectProxy.tunnels).toEqual([]);
      const viaProxy = await post(proxied, '/gzip', { useProxy: true });
      expect(await text(viaProxy.body)).toBe(SSE);
      expect(connectProxy.tunnels).toEqual([`127.0.0.1:${upstream.port}`]);
    } finally {
      await proxied.close();
    }
  });

  it('sends enable_proxy traffic through a socks5 proxy', async () => {
    const response = await post(socksClient, '/br', { useProxy: true });
    expect(await text(response.body)).toBe(SSE);
    expect(socksProxy.tunnels).toEqual([`127.0.0.1:${upstream.port}`]);
    await text((await post(socksClient, '/json')).body);
    expect(socksProxy.tunnels).toHaveLength(1);
  });

  it('refuses enable_proxy traffic when no proxy is configured rather than going direct', async () => {
    const before = upstream.requests.length;
    const error = await post(client, '/json', { useProxy: true }).catch((caught: unknown) => caught);
    expect((error as UpstreamRequestError).kind).toBe('connection');
    expect((error as Error).message).toMatch(/proxy_url/);
    expect(upstream.requests.length).toBe(before);
  });
});
