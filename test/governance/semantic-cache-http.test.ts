import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/core/engine';
import { send, startEngine, type RunningEngine } from '../admin/admin-harness';
import {
  answerJson,
  anthropicTextFrames,
  answerSse,
  startFaultyUpstream,
  type FaultyUpstream,
  waitUntil,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { mockEmbedding } from '../helpers/mock-embeddings';

// The semantic layer through HTTP with the official SDKs: a mock provider
// answers each prompt with its own text (so a replayed answer shows which
// prompt it belonged to) and a mock OpenAI-compatible /embeddings endpoint
// embeds with the bag-of-words mock, where "Please run the test suite" and
// "run the test suite" are the same vector and "foo.txt" / "bar.txt" are not.

type EmbeddingMode = 'ok' | 'fail' | 'hang';
let embeddingMode: EmbeddingMode = 'ok';

function lastUserText(json: Record<string, unknown>): string {
  const messages = json.messages as { role: string; content: unknown }[];
  const content = messages.at(-1)!.content;
  if (typeof content === 'string') return content;
  return (content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('\n');
}

function chatAnswer(text: string, stream: boolean, response: http.ServerResponse): void | Promise<void> {
  const body = {
    id: 'chatcmpl-up',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 },
  };
  if (!stream) return answerJson(response, 200, body);
  const chunk = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const base = { id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'm' };
  return answerSse(response, [
    chunk({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }],
    }),
    chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    chunk({ ...base, choices: [], usage: body.usage }),
    'data: [DONE]\n\n',
  ]);
}

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  if (seen.url.startsWith('/embed/')) {
    if (embeddingMode === 'fail') return answerJson(response, 500, { error: { message: 'embedder down' } });
    if (embeddingMode === 'hang') return new Promise<void>(() => undefined);
    const input = seen.json.input as string[];
    return answerJson(response, 200, {
      object: 'list',
      model: seen.json.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: mockEmbedding(text) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }
  const text = `answer to: ${lastUserText(seen.json)}`;
  if (seen.url.startsWith('/claude')) return answerSse(response, anthropicTextFrames(text, 5));
  return chatAnswer(text, seen.json.stream === true, response);
}

const config = (
  upstreamUrl: string,
  semantic = '{ provider: embed, model: mock-embed, timeout_ms: 400, routes: [r-auto] }',
) => `
providers:
  chat: { base_url: ${upstreamUrl}/chat, format: chat, api_key: sk-up }
  claude: { base_url: ${upstreamUrl}/claude, format: anthropic, api_key: sk-up }
  embed: { base_url: ${upstreamUrl}/embed/v1, format: chat, api_key: sk-embed }
routes:
  r-chat: { provider: chat, default_model: m }
  r-auto: { provider: chat, default_model: m }
  r-claude: { provider: claude, default_model: claude-up }
guardrails:
  cache:
    mode: semantic
    memory_mb: 1
    disk_mb: 8
    ttl_h: 1
    semantic: ${semantic}
`;

const OPT_IN: { headers: Record<string, string> } = { headers: { 'X-AIS-Cache': 'semantic' } };

describe('semantic response cache through HTTP', () => {
  let upstream: FaultyUpstream;
  let ais: RunningEngine;
  let openai: OpenAI;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    ais = await startEngine(config(upstream.url));
    openai = new OpenAI({ apiKey: 'r-chat', baseURL: `${ais.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await ais?.close();
    await upstream?.close();
  });

  const sent = (prefix: string) => upstream.requestsTo(prefix).length;
  const ask = (content: string, options: { system?: string; model?: string } = {}, headers = OPT_IN) =>
    openai.chat.completions
      .create(
        {
          model: options.model ?? 'gpt-5',
          temperature: 0,
          messages: [
            ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
            { role: 'user' as const, content },
          ],
        },
        headers,
      )
      .withResponse();
  const status = () => ais.engine.api.invoke('guardrailsStatus', {});
  /** A first prompt of its scope is answered without waiting for its vector; the test waits for it to be indexed. */
  const indexed = async () => {
    const count = () => ais.engine.store().semanticCache.count();
    const before = count();
    expect(await waitUntil(() => count() > before)).toBe(true);
  };

  it('stays off until evaluated: the status says what to do, no embedding is asked for, exact caching works', async () => {
    const before = await status();
    expect(before.cache?.mode).toBe('semantic');
    expect(before.cache?.semantic.state).toBe('not_evaluated');
    expect(before.cache?.semantic.message).toContain('ais cache evaluate');

    await ask('Explain the retry loop.');
    const { response } = await ask('please explain the retry loop');
    expect(sent('/chat')).toBe(2);
    expect(response.headers.get('x-ais-cache')).toBeNull();
    expect(sent('/embed')).toBe(0);
    // The exact layer in front of it is on.
    const { response: exact } = await ask('Explain the retry loop.');
    expect(exact.headers.get('x-ais-cache-layer')).toBe('memory');
    expect(sent('/chat')).toBe(2);
  });

  it('the evaluation over the admin API embeds the labelled pairs, records a pass and switches the layer on', async () => {
    const answered = await send(ais.url, {
      method: 'POST',
      path: '/api/guardrails/cache/evaluate',
      token: ais.token,
      body: {},
    });
    expect(answered.status).toBe(200);
    const report = answered.json as {
      passed: boolean;
      pairs: number;
      score: { falseHits: number; hits: number };
      suggestedThreshold: number;
    };
    expect(report).toMatchObject({ passed: true, score: { falseHits: 0 } });
    expect(report.score.hits).toBeGreaterThan(0);
    expect(report.suggestedThreshold).toBeLessThan(0.95);
    const embedCalls = upstream.requestsTo('/embed/v1/embeddings');
    expect(embedCalls.length).toBeGreaterThan(1); // batched
    expect(embedCalls[0]!.headers.authorization).toBe('Bearer sk-embed');
    expect(embedCalls[0]!.json).toMatchObject({ model: 'mock-embed', encoding_format: 'float' });
    const after = await status();
    expect(after.cache?.semantic.state).toBe('active');
    expect(after.cache?.semantic.message).toMatch(/^on with embed\/mock-embed at threshold 0.95/);
  });

  it('OpenAI SDK: an opted-in rewording is answered with the cached answer, as JSON and as a stream', async () => {
    const beforeChat = sent('/chat');
    const embedBefore = sent('/embed');
    const storing = indexed();
    const { data: first } = await ask('Run the test suite.');
    await storing;
    expect(first.choices[0]!.message.content).toBe('answer to: Run the test suite.');
    expect(sent('/chat')).toBe(beforeChat + 1);
    // Only the latest user text is embedded.
    const embedded = upstream.requestsTo('/embed').slice(embedBefore);
    expect(embedded.map((seen) => seen.json.input)).toEqual([['Run the test suite.']]);

    const { data: second, response } = await ask('Please run the test suite');
    expect(sent('/chat')).toBe(beforeChat + 1);
    expect(response.headers.get('x-ais-cache')).toBe('hit');
    expect(response.headers.get('x-ais-cache-layer')).toBe('semantic');
    expect(Number(response.headers.get('x-ais-cache-similarity'))).toBeGreaterThanOrEqual(0.95);
    expect(second.choices[0]!.message.content).toBe('answer to: Run the test suite.');
    expect(second.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 6 });

    const stream = openai.chat.completions.stream(
      {
        model: 'gpt-5',
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'run the test suite, thanks!' }],
      },
      OPT_IN,
    );
    const streamed = await stream.finalChatCompletion();
    expect(streamed.choices[0]!.message.content).toBe('answer to: Run the test suite.');
    expect(sent('/chat')).toBe(beforeChat + 1);
  });

  it('a request that did not opt in, a near miss, and another system prompt go to the provider', async () => {
    const before = sent('/chat');
    const { response } = await ask('please run the test suite!', {}, { headers: {} });
    expect(response.headers.get('x-ais-cache')).toBeNull();

    const storing = indexed();
    await ask('Delete the file foo.txt.');
    await storing;
    const { data: nearMiss, response: nearMissResponse } = await ask('Delete the file bar.txt.');
    expect(nearMissResponse.headers.get('x-ais-cache')).toBeNull();
    expect(nearMiss.choices[0]!.message.content).toBe('answer to: Delete the file bar.txt.');

    const { data: otherSystem } = await ask('Run the test suite.', { system: 'You are terse.' });
    expect(otherSystem.choices[0]!.message.content).toBe('answer to: Run the test suite.');
    // Another upstream model is another scope too (the route maps gpt-5 and o3 to the same model here, so a
    // different temperature stands in): a non-deterministic request is never compared.
    await openai.chat.completions.create(
      {
        model: 'gpt-5',
        temperature: 0.7,
        messages: [{ role: 'user', content: 'Please run the test suite' }],
      },
      OPT_IN,
    );
    expect(sent('/chat')).toBe(before + 5);
  });

  it('a route listed in semantic.routes is opted in without the header', async () => {
    const auto = new OpenAI({ apiKey: 'r-auto', baseURL: `${ais.url}/v1`, maxRetries: 0 });
    const before = sent('/chat');
    const askAuto = (content: string) =>
      auto.chat.completions
        .create({ model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content }] })
        .withResponse();
    const storing = indexed();
    await askAuto('Show me the git status.');
    await storing;
    const { data, response } = await askAuto('show me the git status');
    expect(response.headers.get('x-ais-cache-layer')).toBe('semantic');
    expect(data.choices[0]!.message.content).toBe('answer to: Show me the git status.');
    expect(sent('/chat')).toBe(before + 1);
  });

  it('Anthropic SDK stream: a rewording is replayed as a stream', async () => {
    const claude = new Anthropic({ apiKey: 'r-claude', baseURL: ais.url, maxRetries: 0 });
    const askClaude = (content: string) =>
      claude.messages
        .stream(
          {
            model: 'claude-sonnet-4-5',
            max_tokens: 100,
            temperature: 0,
            messages: [{ role: 'user', content }],
          },
          OPT_IN,
        )
        .finalMessage();
    const storing = indexed();
    const first = await askClaude('What does this function do?');
    await storing;
    const second = await askClaude('what does this function do');
    expect(sent('/claude')).toBe(1);
    expect(second.content).toEqual(first.content);
    expect(second.content[0]).toMatchObject({ text: 'answer to: What does this function do?' });
    expect(second.stop_reason).toBe('end_turn');
  });

  it('an embedding endpoint that fails or hangs makes a miss, never an error, within the timeout', async () => {
    const before = sent('/chat');
    const storing = indexed();
    await ask('Fix the lint errors.');
    await storing;
    try {
      embeddingMode = 'fail';
      const { data: failed, response } = await ask('please fix the lint errors');
      expect(response.status).toBe(200);
      expect(failed.choices[0]!.message.content).toBe('answer to: please fix the lint errors');

      embeddingMode = 'hang';
      const started = Date.now();
      const { data: hung } = await ask('fix the lint errors, please');
      const took = Date.now() - started;
      expect(hung.choices[0]!.message.content).toBe('answer to: fix the lint errors, please');
      // timeout_ms is 400: the request waited for the embedding that long at most, plus the provider.
      expect(took).toBeGreaterThanOrEqual(350);
      expect(took).toBeLessThan(3_000);
    } finally {
      embeddingMode = 'ok';
    }
    expect(sent('/chat')).toBe(before + 3);
    const metrics = await send(ais.url, { path: '/metrics', token: ais.token });
    expect(metrics.text).toMatch(/ais_cache_semantic_errors_total\{reason="http"\} [1-9]/);
    expect(metrics.text).toMatch(/ais_cache_semantic_errors_total\{reason="timeout"\} [1-9]/);
    // Once the endpoint is back, the layer answers again.
    const { response } = await ask('Fix the lint errors!');
    expect(response.headers.get('x-ais-cache-layer')).toBe('semantic');
  });

  it('a client that leaves while its embedding is asked for is neither answered nor sent on (a 499 trace)', async () => {
    const before = sent('/chat');
    embeddingMode = 'hang';
    try {
      const leaving = new AbortController();
      const asked = openai.chat.completions.create(
        { model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content: 'leave before the answer' }] },
        { ...OPT_IN, signal: leaving.signal },
      );
      setTimeout(() => leaving.abort(), 100);
      await expect(asked).rejects.toThrow();
      // The lookup gives up at timeout_ms (400): then the request must end, not go to the provider.
      await new Promise((resolve) => setTimeout(resolve, 700));
    } finally {
      embeddingMode = 'ok';
    }
    expect(sent('/chat')).toBe(before);
    ais.engine.store().flush();
    const { items } = await ais.engine.api.invoke('tracesList', { limit: 1 });
    expect(items[0]).toMatchObject({ status: 499 });
  });

  it('traces mark semantic hits with their similarity, apart from exact ones; metrics count them by layer', async () => {
    ais.engine.store().flush();
    const { items } = await ais.engine.api.invoke('tracesList', { limit: 100 });
    const codes = await Promise.all(
      items
        .filter((item) => item.warningCount > 0)
        .map(async (item) => (await ais.engine.api.invoke('traceDetail', { id: item.id })).warnings),
    );
    const semanticHits = codes.flat().filter((warning) => warning.code === 'cache-hit-semantic');
    expect(semanticHits.length).toBeGreaterThanOrEqual(4);
    expect(semanticHits[0]!.message).toMatch(/similarity (0\.9[5-9]|1\.0)\d* \(threshold 0\.95\)/);
    expect(codes.flat().some((warning) => warning.code === 'cache-hit')).toBe(true);
    const metrics = await send(ais.url, { path: '/metrics', token: ais.token });
    expect(metrics.text).toMatch(/ais_cache_hits_total\{layer="semantic"\} [4-9]/);
    expect(metrics.text).toMatch(/ais_cache_semantic_misses_total\{reason="below_threshold"\} [1-9]/);
    expect(metrics.text).toMatch(/ais_cache_semantic_entries [1-9]/);
  });

  it('a threshold the evaluation does not support holds the layer off again', async () => {
    writeFileSync(
      path.join(ais.home, 'config.yaml'),
      config(upstream.url, '{ provider: embed, model: mock-embed, threshold: 0.5, routes: [r-auto] }'),
    );
    await ais.engine.api.invoke('reload', {});
    const held = await status();
    expect(held.cache?.semantic.state).toBe('failed_evaluation');
    expect(held.cache?.semantic.message).toMatch(/near misses .*max_false_hit_rate/);
    const before = sent('/chat');
    const { response } = await ask('Run the test suite please!!');
    expect(response.headers.get('x-ais-cache')).toBeNull();
    expect(sent('/chat')).toBe(before + 1);
    writeFileSync(path.join(ais.home, 'config.yaml'), config(upstream.url));
    await ais.engine.api.invoke('reload', {});
    expect((await status()).cache?.semantic.state).toBe('active');
  });
});

describe('semantic response cache across a restart', () => {
  it('the evaluation and the vectors survive: a rewording is answered by the restarted engine', async () => {
    const upstream = await startFaultyUpstream(answer);
    const first = await startEngine(config(upstream.url));
    await first.engine.api.invoke('cacheEvaluate', {});
    const askAt = (url: string, content: string) =>
      new OpenAI({ apiKey: 'r-chat', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create(
        { model: 'gpt-5', temperature: 0, messages: [{ role: 'user', content }] },
        OPT_IN,
      );
    await askAt(first.url, 'Write a Dockerfile for a Node.js app.');
    // The first prompt of a scope is answered without waiting for its vector: wait for it to be written.
    expect(await waitUntil(() => first.engine.store().semanticCache.count() === 1)).toBe(true);
    await first.close();
    const second = await createEngine({
      home: first.home,
      host: '127.0.0.1',
      port: 0,
      logToStdout: false,
      watchConfig: false,
    });
    const { url } = await second.start();
    expect((await second.api.invoke('guardrailsStatus', {})).cache?.semantic.state).toBe('active');
    const again = await askAt(url, 'please write a Dockerfile for a Node.js app');
    expect(again.choices[0]!.message.content).toBe('answer to: Write a Dockerfile for a Node.js app.');
    expect(upstream.requestsTo('/chat')).toHaveLength(1);
    await second.stop({ graceMs: 500 });
    await upstream.close();
  });
});
