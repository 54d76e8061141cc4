import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, ApiError } from '@google/genai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { FIXTURES, readJson } from '../helpers/fixtures';
import {
  answerJson,
  answerSse,
  startFaultyUpstream,
  waitUntil,
  type FaultyUpstream,
  type SeenRequest,
} from '../helpers/faulty-upstream';
import { createTraceReader, type RecordedAttempt, type TraceReader } from '../helpers/read-traces';
import { sseFramesOf } from '../helpers/scripted-upstream';

// Key rotation and provider fallback, driven as a user would: official SDKs
// against a spawned `ais serve`, one faulty upstream playing every provider
// (told apart by base-URL path), attempts read back from the trace database.

const CHAT_JSON = readJson(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.json'));
const CHAT_STREAM = sseFramesOf(path.join(FIXTURES, 'upstream/deepseek/deepseek-text.chunks.txt'), 'chat');
const ANTHROPIC_JSON = readJson(path.join(FIXTURES, 'upstream/anthropic/anthropic-text.json'));

const chatError = (message: string, type: string) => ({ error: { message, type } });
const keyOf = (seen: SeenRequest): string =>
  String(seen.headers['x-api-key'] ?? String(seen.headers.authorization ?? '').replace(/^Bearer /, ''));

/** Mutable knobs the tests flip between requests. */
const state = { rlKey0Limited: true, stickyPrimaryDown: true };

function answer(seen: SeenRequest, response: http.ServerResponse): void | Promise<void> {
  const [, provider] = seen.url.split('/');
  const key = keyOf(seen);
  const ok = (): void | Promise<void> =>
    seen.json.stream === true ? answerSse(response, CHAT_STREAM) : answerJson(response, 200, CHAT_JSON);
  switch (provider) {
    case 'rl':
      if (key === 'rl-key-0' && state.rlKey0Limited)
        return answerJson(response, 429, chatError('Rate limit reached for requests', 'rate_limit_error'), {
          'retry-after': '2',
        });
      return ok();
    case 'auth':
      if (key === 'auth-key-revoked')
        return answerJson(response, 401, chatError('Incorrect API key provided', 'invalid_request_error'));
      if (key === 'auth-key-banned')
        return answerJson(response, 403, chatError('Your account is not allowed', 'permission_error'));
      return ok();
    case 'ovl':
      return answerJson(response, 529, {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      });
    case 'anthropic-ok':
      return answerJson(response, 200, ANTHROPIC_JSON);
    case 'five':
      return answerJson(
        response,
        500,
        chatError('The server had an error while processing your request', 'server_error'),
      );
    case 'hang':
      return; // never answers: the first-byte timeout must fire
    case 'silent':
      // Headers, then nothing: still nothing reached the client, so failover is allowed.
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      return;
    case 'bad':
      return answerJson(response, 400, chatError('max_tokens is too large', 'invalid_request_error'));
    case 'all503':
      return answerJson(response, 503, chatError('Service temporarily unavailable', 'server_error'));
    case 'all429':
      return answerJson(response, 429, chatError('You exceeded your current quota', 'insufficient_quota'), {
        'retry-after': '9',
      });
    case 'sig-down':
      return answerJson(response, 500, {
        type: 'error',
        error: { type: 'api_error', message: 'Internal server error' },
      });
    case 'sticky-a':
      if (state.stickyPrimaryDown) return answerJson(response, 502, chatError('Bad gateway', 'server_error'));
      return ok();
    default:
      return ok();
  }
}

describe('failover: keys rotate, providers fall back, the client gets the last error', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;
  let refusedUrl: string;

  const openai = (routeKey: string): OpenAI =>
    new OpenAI({ apiKey: routeKey, baseURL: `${ais.url}/v1`, maxRetries: 0, timeout: 10_000 });
  const anthropic = (routeKey: string): Anthropic =>
    new Anthropic({ apiKey: routeKey, baseURL: ais.url, maxRetries: 0, timeout: 10_000 });
  const attemptsOf = (attempts: RecordedAttempt[]) =>
    attempts.map(({ providerId, keyIndex, status }) => [providerId, keyIndex, status]);
  const ask = (routeKey: string, stream = false) =>
    stream
      ? openai(routeKey)
          .chat.completions.create({
            model: 'gpt-4.1',
            stream: true,
            messages: [{ role: 'user', content: 'hi' }],
          })
          .then(async (chunks) => {
            let text = '';
            for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? '';
            return text;
          })
      : openai(routeKey)
          .chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] })
          .then((completion) => completion.choices[0]?.message.content ?? '');

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answer);
    // A port nobody listens on: connection refused.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    refusedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // Several providers may share one fake behaviour (its base-URL path); key state is per provider id.
    const chat = (id: string, behaviour = id): string => `
  ${id}:
    base_url: ${upstream.url}/${behaviour}
    format: chat
    api_key: ${id}-key`;
    ais = await startAis(`
providers:
  rl:
    base_url: ${upstream.url}/rl
    api_key: rl-key-0
    fallback_keys: [rl-key-1]
  auth:
    base_url: ${upstream.url}/auth
    api_key: auth-key-revoked
    fallback_keys: [auth-key-banned, auth-key-good]
  ovl:
    base_url: ${upstream.url}/ovl
    format: anthropic
    api_key: ovl-key-0
    fallback_keys: [ovl-key-1]
  anthropic-ok:
    base_url: ${upstream.url}/anthropic-ok
    format: anthropic
    api_key: backup-key
  sig-down:
    base_url: ${upstream.url}/sig-down
    format: anthropic
    api_key: sig-key
  refused:
    base_url: ${refusedUrl}
    api_key: refused-key
  hang:
    base_url: ${upstream.url}/hang
    api_key: hang-key
    first_byte_timeout_ms: 300
  silent:
    base_url: ${upstream.url}/silent
    api_key: silent-key
    idle_timeout_ms: 300
${[
  chat('ok'),
  chat('five'),
  chat('bad'),
  ...['a', 'b', 'c'].flatMap((suffix) => [
    chat(`all503-${suffix}`, 'all503'),
    chat(`all429-${suffix}`, 'all429'),
  ]),
  chat('sticky-a'),
  chat('sticky-b', 'ok'),
].join('')}
routes:
  r-rl: { provider: rl, default_model: m-rl }
  r-auth: { provider: auth, default_model: m-auth }
  r-ovl: { provider: ovl, default_model: claude-x, fallback: ['anthropic-ok|claude-backup'] }
  r-five: { provider: five, default_model: m-five, fallback: ['ok|m-ok'] }
  r-refused: { provider: refused, default_model: m-refused, fallback: ['ok|m-ok'] }
  r-hang: { provider: hang, default_model: m-hang, fallback: ['ok|m-ok'] }
  r-silent: { provider: silent, default_model: m-silent, fallback: ['ok|m-ok'] }
  r-bad: { provider: bad, default_model: m-bad, fallback: ['ok|m-ok'] }
  r-all-openai: { provider: all503-a, default_model: m-a, fallback: ['all429-a|m-b'] }
  r-all-anthropic: { provider: all503-b, default_model: m-a, fallback: ['all429-b|m-b'] }
  r-all-gemini: { provider: all503-c, default_model: m-a, fallback: ['all429-c|m-b'] }
  r-sig: { provider: sig-down, default_model: claude-a, fallback: ['anthropic-ok|claude-b'] }
  r-sticky: { provider: sticky-a, default_model: m-a, fallback: ['sticky-b|m-b'] }
`);
    traces = createTraceReader(ais.home);
  });

  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  it('rotates to the next key on a 429 and keeps the limited key out for its Retry-After', async () => {
    expect(await ask('r-rl')).toContain('Holiday');
    let [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['rl', 0, 429],
      ['rl', 1, 200],
    ]);
    expect(upstream.requestsTo('/rl').map(keyOf)).toEqual(['rl-key-0', 'rl-key-1']);

    // Retry-After: 2. Past the 1 s default backoff the key still cools…
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await ask('r-rl');
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['rl', 1, 200]]);

    // …and once the two seconds are over it is the first choice again.
    state.rlKey0Limited = false;
    await new Promise((resolve) => setTimeout(resolve, 900));
    await ask('r-rl');
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['rl', 0, 200]]);
  });

  it('sidelines a key the provider rejects (401, 403) and uses the next one', async () => {
    expect(await ask('r-auth')).toContain('Holiday');
    let [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['auth', 0, 401],
      ['auth', 1, 403],
      ['auth', 2, 200],
    ]);
    await ask('r-auth');
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['auth', 2, 200]]);
  });

  it('falls back to the next provider when every key answers 529, and skips the cooling provider next time', async () => {
    const client = anthropic('r-ovl');
    const message = await client.messages.create({
      model: 'claude-opus-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Hello!') });
    expect(message.model).toBe('claude-opus-4-5');
    let [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['ovl', 0, 529],
      ['ovl', 1, 529],
      ['anthropic-ok', 0, 200],
    ]);
    expect(trace).toMatchObject({ providerId: 'anthropic-ok', upstreamModel: 'claude-backup', status: 200 });
    expect(upstream.requestsTo('/anthropic-ok').at(-1)!.json.model).toBe('claude-backup');

    await client.messages.create({
      model: 'claude-opus-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'again' }],
    });
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['anthropic-ok', 0, 200]]);
  });

  it('falls back on a 5xx without trying the same provider’s other keys', async () => {
    expect(await ask('r-five')).toContain('Holiday');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['five', 0, 500],
      ['ok', 0, 200],
    ]);
    expect(upstream.requestsTo('/ok').at(-1)!.json.model).toBe('m-ok');
  });

  it('falls back when the provider refuses the connection', async () => {
    expect(await ask('r-refused', true)).toContain('Holiday');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['refused', 0, null],
      ['ok', 0, 200],
    ]);
    expect(trace!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('falls back when the provider sends no headers within first_byte_timeout_ms', async () => {
    const started = Date.now();
    expect(await ask('r-hang', true)).toContain('Holiday');
    const elapsed = Date.now() - started;
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['hang', 0, null],
      ['ok', 0, 200],
    ]);
    expect(trace!.attempts[0]!.error).toMatch(/HEADERS_TIMEOUT|timeout/i);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_000);
    // The abandoned exchange was closed, not left hanging.
    expect(
      await waitUntil(() => upstream.requestsTo('/hang').every((seen) => seen.closedAt !== undefined), 1_000),
    ).toBe(true);
  });

  it('falls back when a 200 stream stays silent before its first byte (nothing reached the client yet)', async () => {
    const started = Date.now();
    expect(await ask('r-silent', true)).toContain('Holiday');
    const elapsed = Date.now() - started;
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['silent', 0, 200],
      ['ok', 0, 200],
    ]);
    expect(trace!.attempts[0]!.error).toMatch(/BODY_TIMEOUT|timeout/i);
    expect(trace!.providerId).toBe('ok');
    expect(elapsed).toBeLessThan(2_000);
    expect(
      await waitUntil(
        () => upstream.requestsTo('/silent').every((seen) => seen.closedAt !== undefined),
        1_000,
      ),
    ).toBe(true);
  });

  it('does not fall back on a 400: the provider refused the request itself, and the client gets its error', async () => {
    const before = upstream.requestsTo('/ok').length;
    const failure = await ask('r-bad').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as Error).message).toContain('max_tokens is too large');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['bad', 0, 400]]);
    expect(trace!.status).toBe(400);
    expect(upstream.requestsTo('/ok').length).toBe(before);
  });

  it('when everything fails, an OpenAI client gets the last upstream error: 429 with its Retry-After', async () => {
    const failure = (await ask('r-all-openai').catch((error: unknown) => error)) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect(failure.status).toBe(429);
    expect(failure.headers?.get('retry-after')).toBe('9');
    expect(failure.message).toContain('You exceeded your current quota');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['all503-a', 0, 503],
      ['all429-a', 0, 429],
    ]);
    expect(trace!.status).toBe(429);
  });

  it('when everything fails, an Anthropic client gets it in the Anthropic shape, status and Retry-After kept', async () => {
    const response = await fetch(`${ais.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'r-all-anthropic',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-opus-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('9');
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toContain('You exceeded your current quota');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['all503-b', 0, 503],
      ['all429-b', 0, 429],
    ]);
  });

  it('when everything fails, a Gemini client gets a Gemini error with the upstream status', async () => {
    const genai = new GoogleGenAI({
      apiKey: 'r-all-gemini',
      httpOptions: { baseUrl: ais.url, retryOptions: { attempts: 1 } },
    });
    const failure = await genai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(429);
    expect((failure as ApiError).message).toContain('RESOURCE_EXHAUSTED');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['all503-c', 0, 503],
      ['all429-c', 0, 429],
    ]);
  });

  it('strips the first provider’s thinking signatures when the request moves to another provider, with a warning', async () => {
    const signature = 'EqQBCkYIBxgCKkDsignature-made-by-the-first-provider';
    const message = await anthropic('r-sig').messages.create({
      model: 'claude-opus-4-5',
      max_tokens: 2_000,
      thinking: { type: 'enabled', budget_tokens: 1_024 },
      messages: [
        { role: 'user', content: 'What is 2+2?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Simple arithmetic.', signature },
            { type: 'text', text: '4' },
          ],
        },
        { role: 'user', content: 'And 3+3?' },
      ],
    });
    expect(message.content[0]?.type).toBe('text');
    const [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['sig-down', 0, 500],
      ['anthropic-ok', 0, 200],
    ]);
    // The first provider made the signature: it got it back as sent.
    expect(upstream.requestsTo('/sig-down').at(-1)!.body).toContain(signature);
    // The next one must not see it, and the trace says why it is gone.
    const moved = upstream.requestsTo('/anthropic-ok').at(-1)!;
    expect(moved.json.model).toBe('claude-b');
    expect(moved.body).not.toContain(signature);
    expect(trace!.warnings.map((warning) => warning.code)).toContain('signatures-stripped-on-fallback');
  });

  it('keeps a session on the provider it last succeeded on; other sessions start from the route’s order', async () => {
    const sessionRequest = (sessionId: string) =>
      openai('r-sticky').chat.completions.create(
        { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-session-id': sessionId } },
      );
    await sessionRequest('session-one');
    let [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([
      ['sticky-a', 0, 502],
      ['sticky-b', 0, 200],
    ]);
    expect(trace!.sessionId).toBe('session-one');

    state.stickyPrimaryDown = false;
    await sessionRequest('session-one');
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['sticky-b', 0, 200]]);

    await sessionRequest('session-two');
    [trace] = await traces.next();
    expect(attemptsOf(trace!.attempts)).toEqual([['sticky-a', 0, 200]]);
  });

  it('left no upstream exchange open: every request was answered or its socket closed', async () => {
    expect(
      await waitUntil(
        () => upstream.requests.every((seen) => seen.completed || seen.closedAt !== undefined),
        2_000,
      ),
    ).toBe(true);
  });
});
