import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, send, startEngine, type RunningEngine } from '../admin/admin-harness';
import { answerJson, startFaultyUpstream, waitUntil, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createRateLimiter, RateLimitRefusal } from '../../main/core/governance/create-rate-limiter';
import { createRateLimits } from '../../main/core/governance/create-rate-limits';
import { parseConfigText } from '../../main/core/config/parse-config-text';
import type { TraceDraft } from '../../main/core/trace/trace-draft';
import { pino } from 'pino';
import { Registry } from 'prom-client';

// Per-route rpm and concurrency with a bounded line, and a per-provider cap
// that queues instead of letting the provider answer 429.

describe('rate limiter', () => {
  it('queues in order, refuses when the line is full or the wait runs out', async () => {
    const limiter = createRateLimiter();
    const settings = { concurrent: 1, queueMs: 200, queueMax: 1 };
    const first = await limiter.acquire(settings);
    const second = limiter.acquire(settings);
    await expect(limiter.acquire(settings)).rejects.toMatchObject({ reason: 'queue-full' });
    expect(limiter.waiting).toBe(1);
    first();
    const release = await second;
    expect(limiter.running).toBe(1);
    const late = limiter.acquire({ ...settings, queueMs: 30 });
    await expect(late).rejects.toBeInstanceOf(RateLimitRefusal);
    release();
    expect(limiter.running).toBe(0);
  });

  it('spreads requests over the minute once the rpm bucket is empty', async () => {
    let clock = 0;
    const limiter = createRateLimiter(() => clock);
    const settings = { rpm: 2, queueMs: 0, queueMax: 10 };
    (await limiter.acquire(settings))();
    (await limiter.acquire(settings))();
    await expect(limiter.acquire(settings)).rejects.toBeInstanceOf(RateLimitRefusal);
    clock += 30_000;
    await expect(limiter.acquire(settings)).resolves.toBeTypeOf('function');
  });

  it('stops waiting when the client goes away', async () => {
    const limiter = createRateLimiter();
    const hold = await limiter.acquire({ concurrent: 1, queueMs: 5_000, queueMax: 5 });
    const gone = new AbortController();
    const waiting = limiter.acquire({ concurrent: 1, queueMs: 5_000, queueMax: 5 }, gone.signal);
    gone.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(limiter.waiting).toBe(0);
    hold();
  });
});

describe('rate limits taken at once', () => {
  const limits = () => createRateLimits({ logger: pino({ level: 'silent' }), registry: new Registry() });
  const configWith = (rateLimits: string) =>
    parseConfigText({
      text: `
providers:
  up: { base_url: http://127.0.0.1:9, format: chat, api_key: sk-up }
routes:
  r1: { provider: up, default_model: m }
guardrails:
  rate_limits:
${rateLimits}
`,
      env: {},
    }).config!;

  it('takes a slot in every covering limit, or none when one of them would make the request wait', () => {
    const rateLimits = limits();
    const config = configWith(`    - { route: r1, rpm: 2 }
    - { provider: up, concurrent: 1 }`);
    const input = { config, routeKey: 'r1', providerId: 'up' };
    const first = rateLimits.tryAcquire(input)!;
    expect(first).toBeTypeOf('function');
    // The provider is full: nothing is taken from the route's rate either.
    expect(rateLimits.tryAcquire(input)).toBeUndefined();
    expect(rateLimits.snapshot().map(({ running }) => running)).toEqual([1, 1]);
    first();
    // The route's second token of the minute is still there.
    const second = rateLimits.tryAcquire(input)!;
    expect(second).toBeTypeOf('function');
    second();
    expect(rateLimits.tryAcquire(input)).toBeUndefined();
  });

  it('never takes a slot ahead of a request already waiting', async () => {
    const rateLimits = limits();
    const config = configWith('    - { route: r1, concurrent: 1, queue_s: 5 }');
    const input = { config, routeKey: 'r1', providerId: 'up' };
    const trace = { id: 't', addWarnings: () => undefined } as unknown as TraceDraft;
    const held = rateLimits.tryAcquire(input)!;
    const waiting = rateLimits.acquire({ ...input, trace });
    held();
    // The slot just freed belongs to the one in line.
    expect(rateLimits.tryAcquire(input)).toBeUndefined();
    (await waiting)();
    expect(rateLimits.tryAcquire(input)).toBeTypeOf('function');
  });
});

describe('rate limits through HTTP', () => {
  let upstream: FaultyUpstream;
  let ais: RunningEngine;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(async (seen, response: http.ServerResponse) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 120));
      inFlight--;
      if (seen.url.endsWith('/count_tokens')) return answerJson(response, 200, { input_tokens: 42 });
      answerJson(response, 200, chatCompletion(5, 5));
    });
    ais = await startEngine(`
providers:
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: sk-up }
  capped: { base_url: ${upstream.url}/capped, format: chat, api_key: sk-up }
  capped-claude: { base_url: ${upstream.url}/capped-claude, format: anthropic, api_key: sk-up }
routes:
  r-line: { provider: chat, default_model: m, label: line }
  r-capped: { provider: capped, default_model: m }
  r-capped-claude: { provider: capped-claude, default_model: claude-up }
guardrails:
  rate_limits:
    - { route: r-line, concurrent: 2, queue_s: 1, queue_max: 1 }
    - { provider: capped, concurrent: 1, queue_s: 5 }
    - { provider: capped-claude, concurrent: 1, queue_s: 5 }
`);
  });

  afterAll(async () => {
    await ais?.close();
    await upstream?.close();
  });

  it('two run, one waits its turn, the fourth is a 429 in the client’s protocol', async () => {
    const client = new Anthropic({ apiKey: 'r-line', baseURL: ais.url, maxRetries: 0 });
    const ask = () =>
      client.messages
        .create({ model: 'claude-x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
        .then(() => 'ok')
        .catch((error: unknown) => error);
    const results = await Promise.all([ask(), ask(), ask(), ask()]);
    expect(results.filter((result) => result === 'ok')).toHaveLength(3);
    const refused = results.find((result) => result !== 'ok');
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    const body = (refused as { error: { error: { type: string; message: string } } }).error.error;
    expect(body.type).toBe('rate_limit_error');
    expect(body.message).toContain('rate limit "route line" (2 at once) has no room');
    expect(
      Number((refused as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')),
    ).toBe(1);
    const metrics = await send(ais.url, { path: '/metrics', token: ais.token });
    expect(metrics.text).toContain('ais_ratelimit_refusals_total{limit="route line",reason="queue-full"} 1');
    // The queued one waited; on a busy machine a request that found room can also take a millisecond to get it.
    const waited = Number(
      /ais_ratelimit_wait_seconds_count\{limit="route line"\} (\d+)/.exec(metrics.text)?.[1],
    );
    expect(waited).toBeGreaterThanOrEqual(1);
    expect(waited).toBeLessThanOrEqual(3);
  });

  it('a provider cap queues requests instead of sending them at once', async () => {
    maxInFlight = 0;
    const client = new OpenAI({ apiKey: 'r-capped', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    await Promise.all(
      Array.from({ length: 4 }, () =>
        client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }),
      ),
    );
    expect(maxInFlight).toBe(1);
  });

  it('count_tokens asked of an Anthropic provider waits for that provider’s cap too', async () => {
    maxInFlight = 0;
    const client = new Anthropic({ apiKey: 'r-capped-claude', baseURL: ais.url, maxRetries: 0 });
    const counts = await Promise.all(
      Array.from({ length: 3 }, () =>
        client.messages.countTokens({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] }),
      ),
    );
    expect(counts.map((count) => count.input_tokens)).toEqual([42, 42, 42]);
    expect(upstream.requestsTo('/capped-claude')).toHaveLength(3);
    expect(maxInFlight).toBe(1);
  });
});

describe('provider caps on failover', () => {
  // The route's first provider fails (503); its fallbacks are capped. A capped fallback is waited
  // for like a first pick (the cap exists so the provider never sees more than it allows); one
  // whose line is full (or whose wait runs out) is passed over for the next fallback, and with no
  // fallback left the client hears the limit's 429.
  let upstream: FaultyUpstream;
  let ais: RunningEngine;
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  let holdBusy: (() => void) | undefined;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(async (seen, response: http.ServerResponse) => {
      const [, provider = ''] = seen.url.split('/');
      if (provider === 'primary' || provider === 'flaky')
        return answerJson(response, 503, { error: { message: 'overloaded' } });
      inFlight.set(provider, (inFlight.get(provider) ?? 0) + 1);
      maxInFlight.set(provider, Math.max(maxInFlight.get(provider) ?? 0, inFlight.get(provider)!));
      if (provider === 'busy') await new Promise<void>((resolve) => (holdBusy = resolve));
      else await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight.set(provider, inFlight.get(provider)! - 1);
      answerJson(response, 200, chatCompletion(5, 5, `from ${provider}`));
    });
    ais = await startEngine(`
providers:
  primary: { base_url: ${upstream.url}/primary, format: chat, api_key: sk-up }
  flaky: { base_url: ${upstream.url}/flaky, format: chat, api_key: sk-up }
  backup: { base_url: ${upstream.url}/backup, format: chat, api_key: sk-up }
  busy: { base_url: ${upstream.url}/busy, format: chat, api_key: sk-up }
  spare: { base_url: ${upstream.url}/spare, format: chat, api_key: sk-up }
routes:
  r-failover: { provider: primary, default_model: m, fallback: [backup|m] }
  r-uncapped-first: { provider: flaky, default_model: m, fallback: [backup|m] }
  r-busy: { provider: busy, default_model: m }
  r-chain: { provider: primary, default_model: m, fallback: [busy|m, spare|m] }
  r-dead-end: { provider: primary, default_model: m, fallback: [busy|m] }
guardrails:
  rate_limits:
    - { provider: primary, concurrent: 1, queue_s: 5 }
    - { provider: backup, concurrent: 1, queue_s: 5 }
    - { provider: busy, concurrent: 1, queue_s: 0 }
`);
  });

  afterAll(async () => {
    holdBusy?.();
    await ais?.close();
    await upstream?.close();
  });

  const openai = (routeKey: string) =>
    new OpenAI({ apiKey: routeKey, baseURL: `${ais.url}/v1`, maxRetries: 0 });
  const ask = (routeKey: string) =>
    openai(routeKey).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });

  it('a fallback provider’s cap holds: requests that failed over wait their turn for it', async () => {
    // The first provider has no cap of its own, so nothing but the fallback's cap spaces them.
    const answers = await Promise.all(Array.from({ length: 3 }, () => ask('r-uncapped-first')));
    expect(answers.map((answer) => answer.choices[0]!.message.content)).toEqual(Array(3).fill('from backup'));
    expect(upstream.requestsTo('/backup')).toHaveLength(3);
    expect(maxInFlight.get('backup')).toBe(1);
  });

  it('the first provider’s slot is given back once the request moved on to the fallback', async () => {
    const pending = ask('r-failover');
    await waitUntil(() => (inFlight.get('backup') ?? 0) === 1);
    const { rateLimits } = await ais.engine.api.invoke('guardrailsStatus', {});
    expect(rateLimits).toEqual(
      expect.arrayContaining([
        { label: 'provider primary', running: 0, waiting: 0 },
        { label: 'provider backup', running: 1, waiting: 0 },
      ]),
    );
    await pending;
  });

  it('a fallback with no room is passed over for the next one, and the trace says so', async () => {
    const held = ask('r-busy');
    await waitUntil(() => upstream.requestsTo('/busy').length === 1);
    const { data, response } = await openai('r-chain')
      .chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('from spare');
    expect(upstream.requestsTo('/busy')).toHaveLength(1);
    ais.engine.store().flush();
    const detail = await ais.engine.api.invoke('traceDetail', { id: response.headers.get('x-request-id')! });
    expect(detail.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'fallback-rate-limited',
          message: expect.stringContaining('passed over busy/m: AI Switch rate limit "provider busy"'),
        }),
      ]),
    );
    expect(detail.attempts.map((attempt) => attempt.providerId)).toEqual(['primary', 'spare']);

    // No fallback left: the limit's 429, in the client's protocol, rather than the first provider's 503.
    const refused = await ask('r-dead-end').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).message).toContain(
      'rate limit "provider busy" (1 at once) has no room',
    );
    holdBusy?.();
    await held;
  });
});
