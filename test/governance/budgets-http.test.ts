import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../admin/admin-harness';
import { chatCompletion, chatStreamFrames } from '../admin/admin-harness';
import {
  answerJson,
  answerSse,
  startFaultyUpstream,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import type http from 'node:http';
import { startAis } from '../helpers/ais-process';
import { budgetWindowOf } from '../../main/core/governance/budget-windows';
import { createHash } from 'node:crypto';

// Budgets reserve a request's worst case before it is sent and settle to what
// it used; a spent budget answers in each SDK's own rate-limit shape.

const routeScope = (key: string): string =>
  `route:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const [, provider] = seen.url.split('/');
  if (provider === 'gemini')
    return answerJson(response, 200, {
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 50, totalTokenCount: 60 },
    });
  if (provider === 'slow') return answerSse(response, chatStreamFrames(10, 50), 40);
  return seen.json.stream === true
    ? answerSse(response, chatStreamFrames(10, 50))
    : answerJson(response, 200, chatCompletion(10, 50));
}

describe('budgets through HTTP', () => {
  let upstream: FaultyUpstream;
  let ais: RunningEngine;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startEngine(`
providers:
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: sk-up }
  slow: { base_url: ${upstream.url}/slow, format: chat, api_key: sk-up }
  gemini: { base_url: ${upstream.url}/gemini, format: gemini, api_key: up-key }
routes:
  r-two: { provider: chat, default_model: m, label: two }
  r-anthropic: { provider: chat, default_model: m, label: anthropic }
  r-gemini: { provider: gemini, default_model: g, label: gemini }
  r-tokens: { provider: slow, default_model: m, label: tokens }
  r-retry: { provider: chat, default_model: m, label: retry }
  r-topup: { provider: chat, default_model: m, label: topup }
guardrails:
  budgets:
    - { route: r-two, window: day, requests: 2 }
    - { name: claude-hour, route: r-anthropic, window: hour, requests: 1 }
    - { route: r-gemini, window: minute, requests: 1 }
    - { route: r-tokens, window: month, tokens: 1000, warn_at: 0.5 }
    - { route: r-retry, window: day, requests: 5 }
    - { route: r-topup, window: day, requests: 1 }
    - { name: extra, route: r-topup, window: once, requests: 2, top_up: true }
`);
  });

  afterAll(async () => {
    await ais?.close();
    await upstream?.close();
  });

  const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: `${ais.url}/v1`, maxRetries: 0 });
  const used = (key: string, window: 'day' | 'month') =>
    ais.engine.store().budgets.settled({
      scope: routeScope(key),
      window,
      windowStart: budgetWindowOf(window, Date.now()).start,
    });

  it('OpenAI SDK: the third request of a 2-a-day budget is an insufficient_quota 429 saying which, how much, when', async () => {
    const client = openai('r-two');
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    await ask();
    await ask();
    const failure = await ask().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    const error = failure as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.code).toBe('insufficient_quota');
    expect(error.message).toContain('budget "two/day" is spent: requests 2 of 2 used this day');
    expect(error.message).toMatch(/resets at \d{4}-\d\d-\d\dT/);
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(used('r-two', 'day')).toMatchObject({ requests: 2, inputTokens: 20, outputTokens: 100 });
  });

  it('Anthropic SDK: a spent budget is a rate_limit_error', async () => {
    const client = new Anthropic({ apiKey: 'r-anthropic', baseURL: ais.url, maxRetries: 0 });
    const ask = () =>
      client.messages.create({
        model: 'claude-x',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      });
    await ask();
    const failure = await ask().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.RateLimitError);
    expect((failure as Error).message).toContain('rate_limit_error');
    expect((failure as Error).message).toContain('claude-hour');
  });

  it('Gemini SDK: a spent budget is RESOURCE_EXHAUSTED', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'r-gemini',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    await genai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'hi' });
    const failure = await genai.models
      .generateContent({ model: 'gemini-2.5-pro', contents: 'hi' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(429);
    expect((failure as Error).message).toContain('RESOURCE_EXHAUSTED');
  });

  it('concurrent streams against a token budget overshoot by at most one reservation', async () => {
    const client = openai('r-tokens');
    const ask = async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-5',
        stream: true,
        max_tokens: 200,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'count' }],
      });
      for await (const _chunk of stream) void _chunk;
      return 'ok';
    };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => ask().catch((error: unknown) => error)),
    );
    const refused = results.filter((result) => result instanceof OpenAI.RateLimitError);
    const served = results.filter((result) => result === 'ok');
    // Each worst case is ≥ 200 tokens: at most five fit under 1000, and the sixth sees it spent.
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(6);
    expect(refused.length).toBe(12 - served.length);
    const total = used('r-tokens', 'month');
    expect(total.requests).toBe(served.length);
    expect(total.inputTokens + total.outputTokens).toBe(60 * served.length);
    // Nothing is left held once every request settled.
    const after = await ask().catch((error: unknown) => error);
    expect(after === 'ok' || after instanceof OpenAI.RateLimitError).toBe(true);
  });

  it('a one-off top-up carries requests past a spent daily budget, then both are spent', async () => {
    const client = openai('r-topup');
    const ask = () =>
      client.chat.completions
        .create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })
        .then(() => 'ok')
        .catch((error: unknown) => error);
    expect([await ask(), await ask(), await ask()]).toEqual(['ok', 'ok', 'ok']);
    const refused = await ask();
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as Error).message).toContain('"topup/day" is spent');
    expect((refused as Error).message).toContain('its 1 top-up budget(s) are spent too');
    const { budgets } = await ais.engine.api.invoke('guardrailsStatus', {});
    const daily = budgets.find((budget) => budget.label === 'topup/day')!;
    const extra = budgets.find((budget) => budget.label === 'extra')!;
    expect(daily.used.requests).toBe(1);
    expect(extra).toMatchObject({ topUp: true, window: 'once', used: { requests: 2 } });
    expect(extra.resetsAt).toBeUndefined();
  });

  it('a retried request with the same Idempotency-Key is charged once', async () => {
    const client = openai('r-retry');
    const ask = () =>
      client.chat.completions.create(
        { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'Idempotency-Key': 'try-42' } },
      );
    await ask();
    await ask();
    await Promise.all([ask(), ask()]);
    expect(used('r-retry', 'day').requests).toBe(1);
    await client.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'other' }] });
    expect(used('r-retry', 'day').requests).toBe(2);
  });
});

describe('budget reservations after a crash', () => {
  it('a killed ais takes its holds with it and keeps what it charged', async () => {
    // The second request of the day streams slowly: ais is killed while it holds the budget's last room.
    let calls = 0;
    const upstream = await startFaultyUpstream((_seen, response) => {
      calls += 1;
      return calls === 1
        ? answerJson(response, 200, chatCompletion(10, 50))
        : answerSse(response, chatStreamFrames(10, 200), 50);
    });
    const config = `
providers:
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: sk-up }
routes:
  r-crash: { provider: chat, default_model: m }
guardrails:
  budgets:
    - { route: r-crash, window: day, requests: 2 }
`;
    const first = await startAis(config);
    await openaiAsk(first.url);
    // Charges are written in the recorder's batches: a kill loses at most the batch being collected.
    const dbPath = path.join(first.home, 'ais.db');
    const charged = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return (
          db.prepare('SELECT SUM(requests) AS requests FROM budget_usage').get() as {
            requests: number | null;
          }
        ).requests;
      } finally {
        db.close();
      }
    };
    for (let tries = 0; charged() !== 1 && tries < 100; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const stream = await new OpenAI({
      apiKey: 'r-crash',
      baseURL: `${first.url}/v1`,
      maxRetries: 0,
    }).chat.completions.create({
      model: 'gpt-5',
      stream: true,
      messages: [{ role: 'user', content: 'long' }],
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    // Both requests count now: the first charged, the second held.
    expect(await openaiAsk(first.url).catch((error: unknown) => error)).toBeInstanceOf(OpenAI.RateLimitError);
    expect(await first.stop('SIGKILL')).toBeNull();
    await iterator.next().catch(() => undefined);

    // The next start holds nothing for the dead stream, and still counts the request it charged.
    const second = await startAis(config, { home: first.home });
    try {
      expect(await openaiAsk(second.url)).toBeTruthy();
      const refused = await openaiAsk(second.url).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
      expect((refused as Error).message).toContain('requests 2 of 2 used this day');
    } finally {
      await second.stop();
      await upstream.close();
    }
    expect(charged()).toBe(2);
  });

  it('a hold past its TTL stops counting, and what the request used is still charged when it ends', async () => {
    const upstream = await startFaultyUpstream((_seen, response) =>
      answerSse(response, chatStreamFrames(10, 50), 300),
    );
    const running = await startEngine(`
providers:
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: sk-up }
routes:
  r-ttl: { provider: chat, default_model: m }
guardrails:
  reservation_ttl_s: 1
  budgets:
    - { route: r-ttl, window: day, requests: 1 }
`);
    const usedRequests = async () =>
      (await running.engine.api.invoke('guardrailsStatus', {})).budgets[0]!.used.requests;
    try {
      const client = new OpenAI({ apiKey: 'r-ttl', baseURL: `${running.url}/v1`, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'gpt-5',
        stream: true,
        messages: [{ role: 'user', content: 'slow' }],
      });
      expect(await usedRequests()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await usedRequests()).toBe(0);
      for await (const _chunk of stream) void _chunk;
      // Settled as the stream ends, which the client may see a moment before.
      for (let tries = 0; (await usedRequests()) === 0 && tries < 100; tries++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await usedRequests()).toBe(1);
      const refused = await openaiAsk(running.url, 'r-ttl').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      await running.close();
      await upstream.close();
    }
  });
});

function openaiAsk(url: string, routeKey = 'r-crash') {
  return new OpenAI({ apiKey: routeKey, baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({
    model: 'gpt-5',
    messages: [{ role: 'user', content: 'hi' }],
  });
}
