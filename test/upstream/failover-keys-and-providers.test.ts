import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createHarness, providerConfig, summarize, useTwoUpstreams } from './helpers/failover-harness';
import { keyOf, sseFrames } from './helpers/scripted-upstream';

const env = useTwoUpstreams();

function harness() {
  return createHarness(env.client, {
    a: providerConfig(env.upstreamA.url, ['key-a0-000000', 'key-a1-111111']),
    b: providerConfig(env.upstreamB.url, ['key-b0-000000']),
  });
}

const ok = { kind: 'sse', events: sseFrames(3) } as const;
const openAiRateLimit = {
  error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
};

describe('sendWithFailover: keys and providers', () => {
  it('returns the 2xx with its body intact, one attempt, and never records the key', async () => {
    env.upstreamA.script = () => ok;
    const result = await harness().send(['a', 'b']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await text(result.response.body)).toBe(sseFrames(3).join(''));
    expect(result.candidateIndex).toBe(0);
    expect(summarize(result.attempts)).toEqual(['a/0→200']);
    const [attempt] = result.attempts;
    expect(attempt?.headersAt).toBeGreaterThanOrEqual(attempt?.startedAt ?? Infinity);
    expect(attempt?.firstByteAt).toBeGreaterThanOrEqual(attempt?.headersAt ?? Infinity);
    expect(attempt?.endedAt).toBeGreaterThanOrEqual(attempt?.firstByteAt ?? Infinity);
    expect(result.seen).toHaveLength(1);
    expect(JSON.stringify(result.attempts)).not.toMatch(/key-a/);
    expect(env.upstreamA.requests.at(-1)?.headers['authorization']).toBe('Bearer key-a0-000000');
  });

  it('rotates to the next key on 429 and cools the limited key for its Retry-After', async () => {
    const run = harness();
    env.upstreamA.script = (seen) =>
      keyOf(seen) === 'key-a0-000000'
        ? { kind: 'json', status: 429, body: openAiRateLimit, headers: { 'retry-after': '2' } }
        : ok;
    const first = await run.send(['a', 'b']);
    expect(summarize(first.attempts)).toEqual(['a/0→429', 'a/1→200']);
    expect(first.ok && first.keyIndex).toBe(1);
    if (first.ok) await text(first.response.body);

    const second = await run.send(['a', 'b']);
    expect(summarize(second.attempts)).toEqual(['a/1→200']);
    if (second.ok) await text(second.response.body);

    run.advance(2_000);
    env.upstreamA.script = () => ok;
    const third = await run.send(['a', 'b']);
    expect(summarize(third.attempts)).toEqual(['a/0→200']);
    if (third.ok) await text(third.response.body);
  });

  it('moves to the next provider when every key answers 529', async () => {
    env.upstreamA.script = () => ({
      kind: 'json',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    env.upstreamB.script = () => ok;
    const result = await harness().send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→529', 'a/1→529', 'b/0→200']);
    expect(result.ok && result.candidateIndex).toBe(1);
    expect(result.ok && result.candidate.providerId).toBe('b');
    if (result.ok) await text(result.response.body);
  });

  it('moves to the next provider on 5xx without burning the other keys', async () => {
    env.upstreamA.script = () => ({ kind: 'json', status: 500, body: { error: { message: 'internal' } } });
    env.upstreamB.script = () => ok;
    const run = harness();
    const result = await run.send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→500', 'b/0→200']);
    if (result.ok) await text(result.response.body);
    expect(run.keyPool.pick('a')).toMatchObject({ kind: 'key', keyIndex: 0 });
  });

  it('sidelines a key the provider rejects (401) and uses the next one from then on', async () => {
    const run = harness();
    env.upstreamA.script = (seen) =>
      keyOf(seen) === 'key-a0-000000'
        ? { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided' } } }
        : ok;
    const first = await run.send(['a']);
    expect(summarize(first.attempts)).toEqual(['a/0→401', 'a/1→200']);
    if (first.ok) await text(first.response.body);
    const second = await run.send(['a']);
    expect(summarize(second.attempts)).toEqual(['a/1→200']);
    if (second.ok) await text(second.response.body);
    expect(run.keyPool.describe()['a']?.[0]).toMatchObject({ lastStatus: 401 });
  });

  it('when everything fails, answers with the last upstream error, its status and Retry-After', async () => {
    env.upstreamA.script = () => ({
      kind: 'json',
      status: 503,
      body: { error: { message: 'upstream unavailable' } },
    });
    env.upstreamB.script = () => ({
      kind: 'json',
      status: 429,
      body: openAiRateLimit,
      headers: { 'retry-after': '7' },
    });
    const result = await harness().send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→503', 'b/0→429']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('exhausted');
    expect(result.error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfter: 7 });
    expect(result.error.message).toContain('Rate limit reached for requests');
    expect(result.lastResponse?.status).toBe(429);
    expect(JSON.parse(result.lastResponse?.body ?? '{}')).toEqual(openAiRateLimit);
    expect(result.lastResponse?.headers['retry-after']).toBe('7');
  });

  it('skips a provider whose keys are all cooling and says when to retry, without sending', async () => {
    const run = harness();
    run.keyPool.reportResult('b', 0, 429, 30);
    const requestsBefore = env.upstreamB.requests.length;
    const result = await run.send(['b']);
    expect(result.attempts).toEqual([]);
    expect(env.upstreamB.requests.length).toBe(requestsBefore);
    expect(result.skipped).toMatchObject([{ providerId: 'b', reason: 'keys-cooling' }]);
    expect(!result.ok && result.error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfter: 30 });
  });

  it('reads Gemini RetryInfo when a 429 has no Retry-After header', async () => {
    const run = createHarness(env.client, {
      g: providerConfig(env.upstreamA.url, ['gem-key-000000'], { format: 'gemini' }),
    });
    env.upstreamA.script = () => ({
      kind: 'json',
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }],
        },
      },
    });
    const result = await run.send(['g']);
    expect(env.upstreamA.requests.at(-1)?.url).toBe('/v1beta/models/g-model:streamGenerateContent?alt=sse');
    expect(env.upstreamA.requests.at(-1)?.headers['x-goog-api-key']).toBe('gem-key-000000');
    expect(!result.ok && result.error).toMatchObject({ status: 429, retryAfter: 12 });
    const pick = run.keyPool.pick('g');
    expect(pick.kind).toBe('all-cooling');
  });

  it('returns a non-retryable 4xx as the provider sent it, without trying anyone else', async () => {
    const invalid = {
      error: {
        message: "Invalid value for 'max_tokens'",
        type: 'invalid_request_error',
        param: 'max_tokens',
      },
    };
    env.upstreamA.script = () => ({
      kind: 'json',
      status: 400,
      body: invalid,
      headers: { 'x-request-id': 'req_1' },
    });
    const requestsBefore = env.upstreamB.requests.length;
    const result = await harness().send(['a', 'b']);
    expect(summarize(result.attempts)).toEqual(['a/0→400']);
    expect(env.upstreamB.requests.length).toBe(requestsBefore);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('rejected');
    expect(result.candidate?.providerId).toBe('a');
    expect(result.error).toMatchObject({ kind: 'invalid_request', status: 400 });
    expect(JSON.parse(result.lastResponse?.body ?? '{}')).toEqual(invalid);
    expect(result.lastResponse?.headers['x-request-id']).toBe('req_1');
  });

  it('skips a candidate the key pool does not know and falls through to the next', async () => {
    env.upstreamB.script = () => ok;
    const result = await harness().send(['ghost', 'b']);
    expect(result.skipped).toMatchObject([{ providerId: 'ghost', reason: 'unknown-provider' }]);
    expect(summarize(result.attempts)).toEqual(['b/0→200']);
    if (result.ok) await text(result.response.body);
  });

  it('fails over on a refused connection, and reports 502 when nothing else is left', async () => {
    const run = createHarness(env.client, {
      dead: providerConfig('http://127.0.0.1:9', ['k-dead-000000']),
      b: providerConfig(env.upstreamB.url, ['key-b0-000000']),
    });
    env.upstreamB.script = () => ok;
    const rescued = await run.send(['dead', 'b']);
    expect(summarize(rescued.attempts)).toEqual(['dead/0→connection', 'b/0→200']);
    if (rescued.ok) await text(rescued.response.body);
    const failed = await run.send(['dead']);
    expect(!failed.ok && failed.error).toMatchObject({ kind: 'api_error', status: 502 });
    expect(!failed.ok && failed.lastResponse).toBeUndefined();
  });
});
