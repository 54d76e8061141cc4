import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type http from 'node:http';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readChunks } from '../helpers/fixtures';
import {
  answerSse,
  startFaultyUpstream,
  waitUntil,
  writeFrames,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { sseFramesOf } from '../helpers/scripted-upstream';

// What a client sees when a stream breaks after its first byte (no failover
// may happen then), and what the provider sees when the client walks away.

const CHAT_FRAMES = sseFramesOf(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.chunks.txt'), 'chat');
const ANTHROPIC_FRAMES = sseFramesOf(
  path.join(FIXTURES, 'upstream/anthropic/anthropic-text.chunks.txt'),
  'anthropic',
);
/** Frames that carry text, so a client has something before the break. */
const HEAD = CHAT_FRAMES.slice(0, 6);
const HEAD_TEXT = readChunks(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.chunks.txt'))
  .slice(0, HEAD.length)
  .map(
    (line) =>
      (JSON.parse(line) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '',
  )
  .join('');

function activeHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => /TCP|Pipe|Process|Timeout/.test(name)).length;
}

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const [, behaviour] = seen.url.split('/');
  switch (behaviour) {
    case 'stall':
      // Some text, then silence: the idle timeout must end the exchange.
      return void writeFrames(response, HEAD);
    case 'reset':
      return writeFrames(response, HEAD, 10).then(() => void response.socket?.destroy());
    case 'slow-chat':
      return answerSse(response, CHAT_FRAMES, 25);
    case 'slow-anthropic':
      return answerSse(response, ANTHROPIC_FRAMES, 150);
    case 'hang':
      return;
    default:
      return answerSse(response, CHAT_FRAMES);
  }
}

describe('stream failures after the first byte, and clients that disconnect', () => {
  let baseline: number;
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  beforeAll(async () => {
    baseline = activeHandles();
    upstream = await startFaultyUpstream(answer);
    const provider = (id: string, format: string, extra = ''): string => `
  ${id}:
    base_url: ${upstream.url}/${id}
    format: ${format}
    api_key: ${id}-key${extra}`;
    ais = await startAis(`
providers:${provider('stall', 'chat', '\n    idle_timeout_ms: 300')}${provider('reset', 'chat')}${provider('slow-chat', 'chat')}${provider('slow-anthropic', 'anthropic')}${provider('hang', 'chat')}${provider('spare', 'chat')}
routes:
  r-stall: { provider: stall, default_model: m-stall, fallback: ['spare|m-spare'] }
  r-reset: { provider: reset, default_model: m-reset, fallback: ['spare|m-spare'] }
  r-slow-chat: { provider: slow-chat, default_model: m-slow }
  r-slow-anthropic: { provider: slow-anthropic, default_model: claude-slow }
  r-hang: { provider: hang, default_model: m-hang }
`);
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('a stall mid-stream ends with an Anthropic error event after the idle timeout, without failing over', async () => {
    const client = new Anthropic({ apiKey: 'r-stall', baseURL: ais.url, maxRetries: 0, timeout: 10_000 });
    const started = Date.now();
    let text = '';
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    stream.on('text', (delta) => (text += delta));
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as Error).message).toMatch(/upstream stream failed/);
    expect(text).toBe(HEAD_TEXT);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_500);
    expect(upstream.requestsTo('/spare')).toHaveLength(0);
    const [trace] = await traces.next();
    expect(trace!.attempts.map((attempt) => [attempt.providerId, attempt.status])).toEqual([['stall', 200]]);
    expect(trace!.error).toMatch(/upstream stream failed/);
    expect(
      await waitUntil(
        () => upstream.requestsTo('/stall').every((seen) => seen.closedAt !== undefined),
        1_000,
      ),
    ).toBe(true);
  });

  it('a reset mid-stream reaches an OpenAI client (passthrough) as a stream error, without failing over', async () => {
    const client = new OpenAI({
      apiKey: 'r-reset',
      baseURL: `${ais.url}/v1`,
      maxRetries: 0,
      timeout: 10_000,
    });
    let text = '';
    const failure = await (async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4.1',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toMatch(/upstream stream failed/);
    expect(text).toBe(HEAD_TEXT);
    expect(upstream.requestsTo('/spare')).toHaveLength(0);
    const [trace] = await traces.next();
    expect(trace!.attempts.map((attempt) => [attempt.providerId, attempt.status])).toEqual([['reset', 200]]);
    expect(trace!.error).toMatch(/upstream stream failed/);
  });

  it('a reset mid-stream reaches a Gemini client (converted) as an error, after the text it already had', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'r-reset',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    let text = '';
    const failure = await (async () => {
      const stream = await genai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' });
      for await (const chunk of stream) text += chunk.text ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toMatch(/upstream stream failed/);
    expect(text).toBe(HEAD_TEXT);
    const [trace] = await traces.next();
    expect(trace!.attempts).toHaveLength(1);
  });

  for (const [label, routeKey, endpoint, body] of [
    [
      'converted (Anthropic client → Chat provider)',
      'r-slow-chat',
      '/v1/messages',
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      },
    ],
    [
      'passthrough (Anthropic client → Anthropic provider)',
      'r-slow-anthropic',
      '/v1/messages',
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      },
    ],
  ] as const) {
    it(`a client that disconnects mid-stream closes the upstream exchange within 200 ms: ${label}`, async () => {
      const provider = routeKey.slice(2);
      const before = upstream.requestsTo(`/${provider}`).length;
      const controller = new AbortController();
      const response = await fetch(`${ais.url}${endpoint}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': routeKey,
          'anthropic-version': '2023-06-01',
        },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      const abortedAt = Date.now();
      controller.abort();
      const seen = upstream.requestsTo(`/${provider}`)[before]!;
      expect(await waitUntil(() => seen.closedAt !== undefined, 1_000)).toBe(true);
      expect(seen.completed).toBe(false);
      expect(seen.closedAt! - abortedAt).toBeLessThan(200);
      const [trace] = await traces.next();
      expect(trace!.error).toMatch(/client closed/);
    });
  }

  it('a client that gives up before the provider answered closes the upstream exchange within 200 ms', async () => {
    const before = upstream.requestsTo('/hang').length;
    const controller = new AbortController();
    const pending = fetch(`${ais.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer r-hang' },
      body: JSON.stringify({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    expect(await waitUntil(() => upstream.requestsTo('/hang').length > before, 2_000)).toBe(true);
    const abortedAt = Date.now();
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    const seen = upstream.requestsTo('/hang')[before]!;
    expect(await waitUntil(() => seen.closedAt !== undefined, 1_000)).toBe(true);
    expect(seen.closedAt! - abortedAt).toBeLessThan(200);
    await traces.next();
  });

  it('shuts down cleanly afterwards: no request cut, no upstream socket left, handles back to baseline', async () => {
    expect(upstream.requests.every((seen) => seen.completed || seen.closedAt !== undefined)).toBe(true);
    const stoppedAt = Date.now();
    expect(await ais.stop()).toBe(0);
    // Nothing was in flight, so shutdown did not wait out its 10 s grace.
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
    expect(ais.output()).not.toMatch(/cut \d+ request/);
    expect(await waitUntil(() => upstream.openConnectionCount() === 0, 2_000)).toBe(true);
    traces.close();
    await upstream.close();
    expect(await waitUntil(() => activeHandles() <= baseline, 2_000)).toBe(true);
  });
});
