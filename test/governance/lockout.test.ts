import Anthropic from '@anthropic-ai/sdk';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { send, startEngine, type RunningEngine } from '../admin/admin-harness';
import { createLockout, LockedOutError } from '../../main/core/governance/create-lockout';

// Repeated wrong secrets from one address: slowed, then blocked, the block
// doubling each time; a right guess forgets the failures.

const settings = { max_failures: 4, window_s: 60, block_s: 10 };

function makeLockout() {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const lockout = createLockout({
    settings: () => settings,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { lockout, sleeps, advance: (ms: number) => (clock += ms) };
}

describe('lockout', () => {
  it('slows past half the failures, blocks at the limit, doubles the next block', async () => {
    const { lockout, sleeps, advance } = makeLockout();
    for (let failure = 0; failure < 3; failure++) {
      await lockout.admit('10.0.0.1');
      lockout.record('10.0.0.1', 'route key', true);
    }
    expect(sleeps).toEqual([100]);
    await lockout.admit('10.0.0.1');
    lockout.record('10.0.0.1', 'admin token', true);
    expect(() => lockout.admit('10.0.0.1')).toThrow(LockedOutError);
    // An address with nothing against it is not even handed a promise to wait on.
    expect(lockout.admit('10.0.0.2')).toBeUndefined();
    advance(10_001);
    await lockout.admit('10.0.0.1');
    for (let failure = 0; failure < 4; failure++) lockout.record('10.0.0.1', 'login code', true);
    advance(10_001);
    let second: unknown;
    try {
      lockout.admit('10.0.0.1');
    } catch (error) {
      second = error;
    }
    expect((second as LockedOutError).retryAfter).toBe(10);
  });

  it('forgets failures after a success or outside the window', async () => {
    const { lockout, advance } = makeLockout();
    for (let failure = 0; failure < 3; failure++) lockout.record('a', 'route key', true);
    lockout.record('a', 'route key', false);
    for (let failure = 0; failure < 3; failure++) lockout.record('a', 'route key', true);
    // Slowed (three failures since the success), not blocked.
    await lockout.admit('a');
    advance(61_000);
    lockout.record('a', 'route key', true);
    expect(lockout.admit('a')).toBeUndefined();
  });

  it('keeps at most 10,000 addresses', async () => {
    const { lockout } = makeLockout();
    for (let failure = 0; failure < 4; failure++) lockout.record('first', 'route key', true);
    expect(() => lockout.admit('first')).toThrow(LockedOutError);
    for (let index = 0; index < 10_000; index++) lockout.record(`addr-${index}`, 'route key', true);
    expect(lockout.admit('first')).toBeUndefined();
  });
});

describe('lockout through HTTP', () => {
  let ais: RunningEngine | undefined;
  afterEach(async () => {
    await ais?.close();
    ais = undefined;
  });

  const config = `
providers:
  chat: { base_url: http://127.0.0.1:9/chat, format: chat, api_key: sk-up }
routes:
  r-good: { provider: chat, default_model: m }
guardrails:
  lockout: { max_failures: 3, window_s: 60, block_s: 60 }
`;

  it('wrong route keys: the SDK sees 401s, then a 429 even with the right key', async () => {
    ais = await startEngine(config);
    const ask = (key: string) =>
      new Anthropic({ apiKey: key, baseURL: ais!.url, maxRetries: 0 }).messages
        .create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
        .catch((error: unknown) => error);
    for (let attempt = 0; attempt < 3; attempt++)
      expect(await ask(`wrong-${attempt}`)).toBeInstanceOf(Anthropic.AuthenticationError);
    const blocked = await ask('r-good');
    expect(blocked).toBeInstanceOf(Anthropic.RateLimitError);
    expect((blocked as Error).message).toContain('too many failed authentications');
    const metrics = await send(ais.url, { path: '/metrics', token: ais.token });
    // The admin API shares the address: it is blocked too.
    expect(metrics.status).toBe(429);
  });

  it('wrong admin tokens and login codes count the same way', async () => {
    ais = await startEngine(config);
    expect((await send(ais.url, { path: '/api/status', token: 'nope' })).status).toBe(401);
    expect((await send(ais.url, { path: '/api/login?code=bad' })).status).toBe(401);
    expect((await send(ais.url, { path: '/api/status', token: 'nope-again' })).status).toBe(401);
    const blocked = await send(ais.url, { path: '/api/status', token: ais.token });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(50);
  });

  it('is off without guardrails.lockout', async () => {
    ais = await startEngine(config.replace(/guardrails:\n.*\n/, ''));
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await send(ais.url, { path: '/api/status', token: 'nope' })).status).toBe(401);
    expect((await send(ais.url, { path: '/api/status', token: ais.token })).status).toBe(200);
  });
});
