import { describe, expect, it } from 'vitest';
import { AUTH_FAILURE_SIDELINE_MS, createKeyPool } from '../../main/core/upstream/create-key-pool';
import { createSessionAffinity } from '../../main/core/upstream/create-session-affinity';
import { extractErrorMessage } from '../../main/core/upstream/describe-upstream-failure';
import { parseRetryAfter, parseRetryDelayFromBody } from '../../main/core/upstream/parse-retry-after';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const providers = {
  a: { api_key: 'sk-a0-aaaaaaaaaaaa', fallback_keys: ['sk-a1-bbbbbbbbbbbb', 'sk-a2-cccccccccccc'] },
  local: { api_key: '', fallback_keys: [] },
  dup: { api_key: 'same-key-xxxxxxxx', fallback_keys: ['same-key-xxxxxxxx', ' '] },
};

describe('createKeyPool', () => {
  it('lists [api_key, ...fallback_keys], skipping empty and duplicate keys; keyless providers get one slot', () => {
    const pool = createKeyPool({ providers });
    expect(pool.keyCount('a')).toBe(3);
    expect(pool.keyCount('local')).toBe(1);
    expect(pool.keyCount('dup')).toBe(1);
    expect(pool.pick('local')).toEqual({ kind: 'key', key: '', keyIndex: 0 });
    expect(pool.pick('nope')).toEqual({ kind: 'unknown-provider' });
  });

  it('uses the first healthy key; a 429 cools it for Retry-After, then it is back', () => {
    const time = clock();
    const pool = createKeyPool({ providers }, { now: time.now });
    expect(pool.pick('a')).toMatchObject({ keyIndex: 0, key: 'sk-a0-aaaaaaaaaaaa' });
    pool.reportResult('a', 0, 429, 3);
    expect(pool.pick('a')).toMatchObject({ keyIndex: 1 });
    time.advance(2_999);
    expect(pool.pick('a')).toMatchObject({ keyIndex: 1 });
    time.advance(1);
    expect(pool.pick('a')).toMatchObject({ keyIndex: 0 });
  });

  it('backs off exponentially without Retry-After (1 s, 2 s, 4 s… capped at 60 s) and resets on success', () => {
    const time = clock();
    const pool = createKeyPool(
      { providers: { p: { api_key: 'k-000000000', fallback_keys: [] } } },
      { now: time.now },
    );
    const cooldowns: number[] = [];
    for (let failure = 0; failure < 8; failure += 1) {
      pool.reportResult('p', 0, failure % 2 === 0 ? 429 : 529);
      const pick = pool.pick('p');
      if (pick.kind !== 'all-cooling') throw new Error(`expected cooling, got ${pick.kind}`);
      cooldowns.push(pick.retryAt - time.now());
      time.advance(pick.retryAt - time.now());
    }
    expect(cooldowns).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    pool.reportResult('p', 0, 200);
    pool.reportResult('p', 0, 429);
    const pick = pool.pick('p');
    expect(pick.kind === 'all-cooling' && pick.retryAt - time.now()).toBe(1_000);
  });

  it('sidelines a rejected key (401/403) for a long time and reports its status when all are out', () => {
    const time = clock();
    const pool = createKeyPool(
      { providers: { p: { api_key: 'k-000000000', fallback_keys: [] } } },
      { now: time.now },
    );
    pool.reportResult('p', 0, 401);
    expect(pool.pick('p')).toEqual({
      kind: 'all-cooling',
      retryAt: time.now() + AUTH_FAILURE_SIDELINE_MS,
      lastStatus: 401,
    });
    time.advance(AUTH_FAILURE_SIDELINE_MS);
    expect(pool.pick('p')).toMatchObject({ kind: 'key', keyIndex: 0 });
  });

  it('ignores statuses that say nothing about the key', () => {
    const pool = createKeyPool({ providers });
    for (const status of [400, 404, 413, 500, 502, 503]) pool.reportResult('a', 0, status);
    expect(pool.pick('a')).toMatchObject({ keyIndex: 0 });
  });

  it('prefers a sticky key while healthy and honours exclusions', () => {
    const pool = createKeyPool({ providers });
    expect(pool.pick('a', { preferredKeyIndex: 2 })).toMatchObject({ keyIndex: 2 });
    expect(pool.pick('a', { exclude: new Set([0]) })).toMatchObject({ keyIndex: 1 });
    expect(pool.pick('a', { exclude: new Set([0, 1, 2]) })).toEqual({ kind: 'exhausted' });
    pool.reportResult('a', 2, 429, 30);
    expect(pool.pick('a', { preferredKeyIndex: 2 })).toMatchObject({ keyIndex: 0 });
  });

  it('describes key state without revealing keys', () => {
    const pool = createKeyPool({ providers });
    pool.reportResult('a', 1, 429, 10);
    const view = pool.describe();
    expect(view['a']?.[1]).toMatchObject({
      keyIndex: 1,
      keyHint: 'bbbb',
      lastStatus: 429,
      consecutiveFailures: 1,
    });
    expect(JSON.stringify(view)).not.toContain('sk-a');
  });
});

describe('createSessionAffinity', () => {
  it('remembers placements, forgets them after the TTL, and evicts the least recently used past max', () => {
    const time = clock();
    const affinity = createSessionAffinity({ ttlMs: 1_000, max: 2, now: time.now });
    affinity.set('s1', { providerId: 'a', model: 'm', keyIndex: 1 });
    affinity.set('s2', { providerId: 'b', model: 'm', keyIndex: 0 });
    expect(affinity.get('s1')).toEqual({ providerId: 'a', model: 'm', keyIndex: 1 });
    affinity.set('s3', { providerId: 'c', model: 'm', keyIndex: 0 });
    expect(affinity.size).toBe(2);
    expect(affinity.get('s2')).toBeUndefined();
    expect(affinity.get('s1')).toBeDefined();
    time.advance(1_001);
    expect(affinity.get('s3')).toBeUndefined();
    time.advance(-1_001);
    expect(affinity.get('s1')).toBeDefined();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta seconds, HTTP dates and retry-after-ms, rounding up', () => {
    expect(parseRetryAfter({ 'retry-after': '7' }, now)).toBe(7);
    expect(parseRetryAfter({ 'retry-after': '0.2' }, now)).toBe(1);
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now)).toBe(30);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 00:00:30 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '9' }, now)).toBe(2);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });

  it('reads Gemini RetryInfo from a 429 body', () => {
    const body = {
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure' },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' },
        ],
      },
    };
    expect(parseRetryDelayFromBody(body)).toBe(17);
    expect(parseRetryDelayFromBody({ error: { message: 'x' } })).toBeUndefined();
  });
});

describe('extractErrorMessage', () => {
  it('finds the message in each vendor error shape', () => {
    expect(
      extractErrorMessage('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'),
    ).toBe('Overloaded');
    expect(
      extractErrorMessage(
        '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}',
      ),
    ).toBe('Rate limit reached');
    expect(
      extractErrorMessage(
        '[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}]',
      ),
    ).toBe('Quota exceeded');
    expect(extractErrorMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(extractErrorMessage('<html>502 Bad Gateway</html>')).toBe('<html>502 Bad Gateway</html>');
    expect(extractErrorMessage('  ')).toBeUndefined();
  });
});
