import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import Database from 'better-sqlite3';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/core/engine';
import {
  chatCompletion,
  chatStreamFrames,
  send,
  startEngine,
  type RunningEngine,
} from '../admin/admin-harness';
import {
  answerJson,
  anthropicTextFrames,
  answerSse,
  startFaultyUpstream,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';

// Identical deterministic requests are answered once by the provider, then
// from the cache — in each client's protocol, as a stream when it asked for
// one — and the trace says so.

function geminiFrame(): string {
  return `data: ${JSON.stringify({
    candidates: [
      { content: { role: 'model', parts: [{ text: 'cached?' }] }, finishReason: 'STOP', index: 0 },
    ],
    usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 3, totalTokenCount: 10 },
  })}\r\n\r\n`;
}

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const [, provider] = seen.url.split('/');
  if (provider === 'claude') return answerSse(response, anthropicTextFrames('four', 2));
  if (provider === 'gemini') return answerSse(response, [geminiFrame()]);
  if (provider === 'thinker')
    return answerJson(response, 200, chatCompletion(9, 6, '<think>pondering</think>the answer'));
  return seen.json.stream === true
    ? answerSse(response, chatStreamFrames(12, 4))
    : answerJson(response, 200, chatCompletion(12, 4, 'cached answer'));
}

const cacheConfig = (upstreamUrl: string) => `
providers:
  chat: { base_url: ${upstreamUrl}/chat, format: chat, api_key: sk-up }
  claude: { base_url: ${upstreamUrl}/claude, format: anthropic, api_key: sk-up }
  gemini: { base_url: ${upstreamUrl}/gemini, format: gemini, api_key: up-key }
  thinker: { base_url: ${upstreamUrl}/thinker, format: chat, api_key: sk-up, think_tag: think }
routes:
  r-chat: { provider: chat, default_model: m }
  r-claude: { provider: claude, default_model: claude-up }
  r-gemini: { provider: gemini, default_model: g }
  r-think: { provider: thinker, default_model: t }
guardrails:
  cache: { mode: exact, memory_mb: 1, disk_mb: 8, ttl_h: 1 }
`;

describe('response cache through HTTP', () => {
  let upstream: FaultyUpstream;
  let ais: RunningEngine;
  let openai: OpenAI;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startEngine(cacheConfig(upstream.url));
    openai = new OpenAI({ apiKey: 'r-chat', baseURL: `${ais.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await ais?.close();
    await upstream?.close();
  });

  const sent = (prefix: string) => upstream.requestsTo(prefix).length;

  it('OpenAI SDK: the second identical request never reaches the provider; a stream is replayed as a stream', async () => {
    const body = {
      model: 'gpt-5',
      temperature: 0,
      messages: [{ role: 'user' as const, content: 'same question' }],
    };
    const first = await openai.chat.completions.create(body);
    expect(sent('/chat')).toBe(1);
    const { data: second, response } = await openai.chat.completions.create(body).withResponse();
    expect(sent('/chat')).toBe(1);
    expect(response.headers.get('x-ais-cache')).toBe('hit');
    expect(second.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(second.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4 });

    const stream = openai.chat.completions.stream({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    const streamed = await stream.finalChatCompletion();
    expect(sent('/chat')).toBe(1);
    expect(streamed.choices[0]!.message.content).toBe('cached answer');
  });

  it('keeps a passthrough answer as the provider sent it, a converted one decoded; both replay as they were live', async () => {
    // Passthrough (Chat client, Chat provider): the entry is the provider's own text.
    const { data: live } = await openai.chat.completions
      .create({ model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content: 'kept raw' }] })
      .withResponse();
    ais.engine.store().flush();
    const cacheDb = new Database(path.join(ais.home, 'cache.db'), { readonly: true });
    const rawEntries = () =>
      (
        cacheDb.prepare(`SELECT COUNT(*) AS n FROM response_cache WHERE body LIKE 'raw:%'`).get() as {
          n: number;
        }
      ).n;
    expect(rawEntries()).toBeGreaterThan(0);
    // Its decoding context keeps the base URL's origin only: no path, query or user info on disk.
    const rawBody = cacheDb
      .prepare(`SELECT body FROM response_cache WHERE body LIKE 'raw:%' LIMIT 1`)
      .pluck()
      .get() as string;
    const context = JSON.parse(rawBody.slice('raw:'.length, rawBody.indexOf('\n'))) as {
      protocol: string;
      target: { baseUrl: string; model: string };
    };
    expect(context).toMatchObject({
      protocol: 'openai-chat',
      target: { baseUrl: new URL(upstream.url).origin, model: 'm' },
    });
    const { data: hit, response } = await openai.chat.completions
      .create({ model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content: 'kept raw' }] })
      .withResponse();
    expect(response.headers.get('x-ais-cache')).toBe('hit');
    expect(hit.choices[0]!.message.content).toBe(live.choices[0]!.message.content);
    expect(hit.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 4 });

    // A provider with think_tag is decoded live (no passthrough): its entry is the decoded answer.
    const thinking = new OpenAI({ apiKey: 'r-think', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const body = {
      model: 't',
      temperature: 0,
      messages: [{ role: 'user' as const, content: 'think first' }],
    };
    const before = rawEntries();
    const first = await thinking.chat.completions.create(body);
    const second = await thinking.chat.completions.create(body);
    ais.engine.store().flush();
    expect(rawEntries()).toBe(before);
    cacheDb.close();
    expect(sent('/thinker')).toBe(1);
    const reasoningOf = (message: unknown) => (message as { reasoning_content?: string }).reasoning_content;
    expect(first.choices[0]!.message.content).toBe('the answer');
    expect(reasoningOf(second.choices[0]!.message)).toBe('pondering');
    expect(second.choices[0]!.message.content).toBe('the answer');

    // Converted for an Anthropic client: replayed with the same blocks.
    const anthropic = new Anthropic({ apiKey: 'r-think', baseURL: ais.url, maxRetries: 0 });
    // Only temperature 0 is cached by default; this SDK's types no longer list `temperature`, its wire still does.
    const params = {
      model: 't',
      max_tokens: 50,
      temperature: 0,
      messages: [{ role: 'user' as const, content: 'think again' }],
    };
    const ask = () => anthropic.messages.create(params);
    const converted = await ask();
    const again = await ask();
    expect(sent('/thinker')).toBe(2);
    expect(again.content).toEqual(converted.content);
    expect(again.content.map((block) => block.type)).toEqual(['thinking', 'text']);
  });

  it('what varies makes a miss: another question, a temperature above 0, Cache-Control: no-cache', async () => {
    const before = sent('/chat');
    await openai.chat.completions.create({
      model: 'gpt-5',
      temperature: 0,
      messages: [{ role: 'user', content: 'another question' }],
    });
    await openai.chat.completions.create({
      model: 'gpt-5',
      temperature: 0.7,
      messages: [{ role: 'user', content: 'same question' }],
    });
    await openai.chat.completions.create(
      { model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content: 'same question' }] },
      { headers: { 'Cache-Control': 'no-cache' } },
    );
    expect(sent('/chat')).toBe(before + 3);
  });

  it('Anthropic SDK passthrough stream: cached from the stream, replayed as one', async () => {
    const claude = new Anthropic({ apiKey: 'r-claude', baseURL: ais.url, maxRetries: 0 });
    const ask = () =>
      claude.messages
        .stream({
          model: 'claude-sonnet-4-5',
          max_tokens: 100,
          temperature: 0,
          messages: [{ role: 'user', content: '2+2?' }],
        })
        .finalMessage();
    const first = await ask();
    const second = await ask();
    expect(sent('/claude')).toBe(1);
    expect(second.content).toEqual(first.content);
    expect(second.usage.output_tokens).toBe(2);
    expect(second.stop_reason).toBe('end_turn');
  });

  it('Gemini SDK stream: a hit streams back', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'r-gemini',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    const ask = async () => {
      const stream = await genai.models.generateContentStream({
        model: 'gemini-2.5-pro',
        contents: 'is this cached?',
        config: { temperature: 0 },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.text ?? '';
      return text;
    };
    expect(await ask()).toBe('cached?');
    expect(await ask()).toBe('cached?');
    expect(sent('/gemini')).toBe(1);
  });

  it('traces mark hits and count no usage; metrics count hits and tokens saved', async () => {
    ais.engine.store().flush();
    const { items } = await ais.engine.api.invoke('tracesList', { limit: 50 });
    const hits = items.filter((item) => item.warningCount > 0);
    const detail = await ais.engine.api.invoke('traceDetail', { id: hits[0]!.id });
    expect(detail.warnings.map((warning) => warning.code)).toContain('cache-hit');
    expect(detail.usage.inputTokens).toBe(0);
    const metrics = await send(ais.url, { path: '/metrics', token: ais.token });
    expect(metrics.text).toMatch(/ais_cache_hits_total\{layer="memory"\} [4-9]/);
    expect(metrics.text).toMatch(/ais_cache_tokens_saved_total\{type="input"\} [1-9]/);
    // The disk figure is the writer's running count, as of the flush above.
    expect(metrics.text).toMatch(/ais_cache_bytes\{layer="disk"\} [1-9]/);
  });
});

describe('response cache on disk', () => {
  it('a restarted engine answers from the SQLite layer', async () => {
    const upstream = await startFaultyUpstream(answer);
    const first = await startEngine(cacheConfig(upstream.url));
    const ask = (url: string) =>
      new OpenAI({ apiKey: 'r-chat', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({
        model: 'gpt-5',
        temperature: 0,
        messages: [{ role: 'user', content: 'remember me' }],
      });
    await ask(first.url);
    await first.close();
    const second = await createEngine({
      home: first.home,
      host: '127.0.0.1',
      port: 0,
      logToStdout: false,
      watchConfig: false,
    });
    const { url } = await second.start();
    const again = await ask(url);
    expect(again.choices[0]!.message.content).toBe('cached answer');
    expect(upstream.requestsTo('/chat')).toHaveLength(1);
    await second.stop({ graceMs: 500 });
    await upstream.close();
  });
});

describe('usage of cache hits', () => {
  // The usage view's totals must match the provider's bill: a hit spends nothing, so it adds a
  // request but no tokens and no cost; what it saved (its cached answer's usage, priced) is
  // counted apart.
  it('counts hits as requests that spent nothing, and what they saved, per provider and route', async () => {
    const upstream = await startFaultyUpstream(answer);
    const ais = await startEngine(`${cacheConfig(upstream.url)}
prices:
  m: { input: 2, output: 10 }
`);
    try {
      const openai = new OpenAI({ apiKey: 'r-chat', baseURL: `${ais.url}/v1`, maxRetries: 0 });
      const body = {
        model: 'gpt-5',
        temperature: 0,
        messages: [{ role: 'user' as const, content: 'bill me once' }],
      };
      await openai.chat.completions.create(body);
      await openai.chat.completions.create(body);
      const stream = openai.chat.completions.stream({
        ...body,
        stream: true,
        stream_options: { include_usage: true },
      });
      await stream.finalChatCompletion();
      // Unpriced: its hit is no "unpriced request" (it is known to have cost nothing).
      const claude = new Anthropic({ apiKey: 'r-claude', baseURL: ais.url, maxRetries: 0 });
      const ask = () =>
        claude.messages
          .stream({
            model: 'claude-sonnet-4-5',
            max_tokens: 100,
            temperature: 0,
            messages: [{ role: 'user', content: 'hi' }],
          })
          .finalMessage();
      await ask();
      await ask();
      expect(upstream.requestsTo('/chat')).toHaveLength(1);
      expect(upstream.requestsTo('/claude')).toHaveLength(1);
      ais.engine.store().flush();

      const usage = await send(ais.url, {
        path: `/api/usage?from=${Date.now() - 3_600_000}&to=${Date.now()}&groupBy=provider`,
        token: ais.token,
      });
      const rows = (usage.json as { rows: Record<string, unknown>[] }).rows;
      const spent = (12 * 2 + 4 * 10) / 1e6;
      expect(rows.find((row) => row.key === 'chat')).toEqual({
        key: 'chat',
        requests: 3,
        successes: 3,
        errors: 0,
        // Only what the provider answered (and billed): one request of 12 + 4 tokens.
        inputTokens: 12,
        outputTokens: 4,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        costUsd: expect.closeTo(spent, 12),
        unpricedRequests: 0,
        cacheHits: 2,
        savedInputTokens: 24,
        savedOutputTokens: 8,
        savedCostUsd: expect.closeTo(2 * spent, 12),
      });
      expect(rows.find((row) => row.key === 'claude')).toMatchObject({
        requests: 2,
        inputTokens: 30,
        outputTokens: 2,
        costUsd: 0,
        unpricedRequests: 1,
        cacheHits: 1,
        savedInputTokens: 30,
        savedOutputTokens: 2,
        savedCostUsd: 0,
      });
      // The hits' own traces carry no usage and no cost: the trace list sums to the same bill.
      const { items } = await ais.engine.api.invoke('tracesList', { limit: 50 });
      expect(items.reduce((total, item) => total + item.usage.inputTokens, 0)).toBe(12 + 30);
    } finally {
      await ais.close();
      await upstream.close();
    }
  });
});
