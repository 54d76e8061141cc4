import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { classifyUpstreamError } from '../../main/core/upstream/classify-upstream-error';
import { createHarness, providerConfig, summarize, useTwoUpstreams } from './helpers/failover-harness';
import { delay, waitFor } from './helpers/fake-upstream';
import { keyOf, sseFrames } from './helpers/scripted-upstream';

const env = useTwoUpstreams();

function harness() {
  return createHarness(env.client, {
    a: providerConfig(env.upstreamA.url, ['key-a0-000000', 'key-a1-111111']),
    b: providerConfig(env.upstreamB.url, ['key-b0-000000']),
  });
}

const ok = { kind: 'sse', events: sseFrames(4) } as const;

describe('sendWithFailover: before the first byte', () => {
  it('fails over when the provider hangs before headers, and closes the abandoned request', async () => {
    env.upstreamA.script = () => ({ kind: 'hang' });
    env.upstreamB.script = () => ok;
    const requestsBefore = env.upstreamA.requests.length;
    const started = Date.now();
    const result = await harness().send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→first-byte-timeout', 'b/0→200']);
    expect(Date.now() - started).toBeLessThan(2_000);
    if (result.ok) expect(await text(result.response.body)).toBe(sseFrames(4).join(''));
    expect(await waitFor(() => env.upstreamA.requests[requestsBefore]?.closedAt !== undefined)).toBe(true);
  });

  it('fails over when headers arrive but the body stays silent (nothing was sent to the client yet)', async () => {
    env.upstreamA.script = () => ({ kind: 'silent-after-headers' });
    env.upstreamB.script = () => ok;
    const result = await harness().send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→200 idle-timeout', 'b/0→200']);
    expect(result.attempts[0]?.firstByteAt).toBeUndefined();
    expect(result.ok && result.candidateIndex).toBe(1);
    if (result.ok) await text(result.response.body);
  });

  it('hands over a gzip stream decoded and complete', async () => {
    env.upstreamA.script = () => ({ kind: 'sse', events: sseFrames(50), gzip: true });
    const result = await harness().send(['a']);
    expect(result.ok).toBe(true);
    if (result.ok) expect(await text(result.response.body)).toBe(sseFrames(50).join(''));
  });
});

describe('sendWithFailover: after the first byte', () => {
  it('never fails over once bytes flowed: a stall mid-stream errors the stream with idle-timeout', async () => {
    env.upstreamA.script = () => ({ kind: 'stall-mid-stream', events: sseFrames(2) });
    const requestsBefore = env.upstreamB.requests.length;
    const result = await harness().send(['a', 'b']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const received: string[] = [];
    const error = await new Promise<unknown>((resolve) => {
      result.response.body.on('data', (chunk: Buffer) => received.push(chunk.toString()));
      result.response.body.on('error', resolve);
      result.response.body.on('end', () => resolve(undefined));
    });
    expect(received.join('')).toBe(sseFrames(2).join(''));
    expect(classifyUpstreamError(error)).toBe('idle-timeout');
    expect(env.upstreamB.requests.length).toBe(requestsBefore);
    expect(await waitFor(() => result.attempts[0]?.endedAt !== undefined)).toBe(true);
    expect(result.attempts[0]?.error).toMatch(/timeout/i);
  });

  it('errors the stream when the upstream resets mid-stream', async () => {
    env.upstreamA.script = () => ({ kind: 'reset-mid-stream', events: sseFrames(1) });
    const result = await harness().send(['a', 'b']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const chunks: string[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of result.response.body) chunks.push(String(chunk));
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(chunks.join('')).toBe(sseFrames(1).join(''));
    expect(classifyUpstreamError(error)).toBe('connection');
  });
});

describe('sendWithFailover: sessions', () => {
  it('keeps a session on the provider it landed on while that provider is healthy', async () => {
    const run = harness();
    env.upstreamA.script = () => ({ kind: 'json', status: 502, body: { error: { message: 'bad gateway' } } });
    env.upstreamB.script = () => ok;
    const first = await run.send(['a', 'b'], { sessionId: 's1' });
    expect(summarize(first.attempts)).toEqual(['a/0→502', 'b/0→200']);
    if (first.ok) await text(first.response.body);

    env.upstreamA.script = () => ok;
    const sticky = await run.send(['a', 'b'], { sessionId: 's1' });
    expect(summarize(sticky.attempts)).toEqual(['b/0→200']);
    expect(sticky.ok && sticky.candidateIndex).toBe(1);
    if (sticky.ok) await text(sticky.response.body);

    const fresh = await run.send(['a', 'b'], { sessionId: 's2' });
    expect(summarize(fresh.attempts)).toEqual(['a/0→200']);
    if (fresh.ok) await text(fresh.response.body);

    run.keyPool.reportResult('b', 0, 429, 60);
    const moved = await run.send(['a', 'b'], { sessionId: 's1' });
    expect(summarize(moved.attempts)).toEqual(['a/0→200']);
    if (moved.ok) await text(moved.response.body);
    expect(run.affinity.get('s1')).toEqual({ providerId: 'a', model: 'a-model', keyIndex: 0 });
  });

  it('keeps a session on its key after the first key recovers (prompt caches are per key)', async () => {
    const run = harness();
    let limitFirstKey = true;
    env.upstreamA.script = (seen) =>
      limitFirstKey && keyOf(seen) === 'key-a0-000000'
        ? { kind: 'json', status: 429, body: {}, headers: { 'retry-after': '1' } }
        : ok;
    const first = await run.send(['a'], { sessionId: 'cache' });
    expect(summarize(first.attempts)).toEqual(['a/0→429', 'a/1→200']);
    if (first.ok) await text(first.response.body);

    limitFirstKey = false;
    run.advance(1_000);
    const same = await run.send(['a'], { sessionId: 'cache' });
    expect(summarize(same.attempts)).toEqual(['a/1→200']);
    if (same.ok) await text(same.response.body);
    const other = await run.send(['a'], { sessionId: 'other' });
    expect(summarize(other.attempts)).toEqual(['a/0→200']);
    if (other.ok) await text(other.response.body);
  });
});

describe('sendWithFailover: the client goes away', () => {
  it('stops at once: the upstream sees its request closed and nobody else is tried', async () => {
    env.upstreamA.script = () => ({ kind: 'hang' });
    env.upstreamB.script = () => ok;
    const requestsBeforeA = env.upstreamA.requests.length;
    const requestsBeforeB = env.upstreamB.requests.length;
    const controller = new AbortController();
    const pending = harness().send(['a', 'b'], { signal: controller.signal });
    expect(await waitFor(() => env.upstreamA.requests.length > requestsBeforeA)).toBe(true);
    const abortedAt = Date.now();
    controller.abort();
    const result = await pending;
    expect(Date.now() - abortedAt).toBeLessThan(100);
    expect(!result.ok && result.reason).toBe('aborted');
    expect(summarize(result.attempts)).toEqual(['a/0→aborted']);
    expect(await waitFor(() => env.upstreamA.requests[requestsBeforeA]?.closedAt !== undefined, 1_000)).toBe(
      true,
    );
    expect((env.upstreamA.requests[requestsBeforeA]?.closedAt ?? Infinity) - abortedAt).toBeLessThan(100);
    await delay(50);
    expect(env.upstreamB.requests.length).toBe(requestsBeforeB);
  });

  it('makes no attempt when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await harness().send(['a', 'b'], { signal: controller.signal });
    expect(!result.ok && result.reason).toBe('aborted');
    expect(result.attempts).toEqual([]);
  });

  it('aborts the upstream mid-stream when the client leaves after the first byte', async () => {
    env.upstreamA.script = () => ({ kind: 'stall-mid-stream', events: sseFrames(1) });
    const requestsBefore = env.upstreamA.requests.length;
    const controller = new AbortController();
    const result = await harness().send(['a'], { signal: controller.signal });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const reading = text(result.response.body).catch((caught: unknown) => caught);
    const abortedAt = Date.now();
    controller.abort();
    expect(classifyUpstreamError(await reading, controller.signal)).toBe('aborted');
    expect(await waitFor(() => env.upstreamA.requests[requestsBefore]?.closedAt !== undefined, 1_000)).toBe(
      true,
    );
    expect((env.upstreamA.requests[requestsBefore]?.closedAt ?? Infinity) - abortedAt).toBeLessThan(100);
  });
});
