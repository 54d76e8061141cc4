import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../admin/admin-harness';
import { startAis, type AisProcess } from '../helpers/ais-process';
import { startFaultyUpstream, type FaultyUpstream } from '../helpers/faulty-upstream';
import { createTraceReader, type TraceReader } from '../helpers/read-traces';
import { answerChat, configFor } from './harness';
import { bodyOf, sendRaw } from './raw-http';

// Issue #24 §6: odd input is the client's mistake — a 400 in its protocol that
// names what is wrong, never a 500 and never a request the provider must refuse.

const ANTHROPIC = { 'x-api-key': 'ais-claude', 'anthropic-version': '2023-06-01' };
const CHAT = { authorization: 'Bearer ais-chat' };
const CODEX = { authorization: 'Bearer ais-codex' };
const GEMINI = { 'x-goog-api-key': 'ais-gemini' };
const GEMINI_PATH = '/v1beta/models/gemini-model:generateContent';

/** A JSON Schema nested `depth` objects deep, as text (JSON.stringify itself overflows on it). */
function nestedSchemaText(depth: number): string {
  return `${'{"type":"object","properties":{"inner":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
}

const messages = [{ role: 'user', content: 'hi' }];
const contents = [{ role: 'user', parts: [{ text: 'hi' }] }];

/** [case, path, headers, body, what the error must name] */
const NONSENSE: [string, string, Record<string, string>, Record<string, unknown>, RegExp][] = [
  [
    'chat max_tokens 0',
    '/v1/chat/completions',
    CHAT,
    { model: 'm', messages, max_tokens: 0 },
    /'max_tokens'.*>= 1/,
  ],
  [
    'chat max_tokens 2.5',
    '/v1/chat/completions',
    CHAT,
    { model: 'm', messages, max_tokens: 2.5 },
    /'max_tokens'.*integer/,
  ],
  [
    'chat temperature -1',
    '/v1/chat/completions',
    CHAT,
    { model: 'm', messages, temperature: -1 },
    /'temperature'/,
  ],
  ['chat n -1', '/v1/chat/completions', CHAT, { model: 'm', messages, n: -1 }, /'n'/],
  [
    'chat stream "zzz"',
    '/v1/chat/completions',
    CHAT,
    { model: 'm', messages, stream: 'zzz' },
    /'stream'.*boolean/,
  ],
  [
    'responses max_output_tokens -1',
    '/v1/responses',
    CODEX,
    { model: 'm', input: 'hi', max_output_tokens: -1 },
    /'max_output_tokens'/,
  ],
  [
    'responses stream "zzz"',
    '/v1/responses',
    CODEX,
    { model: 'm', input: 'hi', stream: 'zzz' },
    /'stream'.*boolean/,
  ],
  [
    'anthropic top_k -1',
    '/v1/messages',
    ANTHROPIC,
    { model: 'm', max_tokens: 5, messages, top_k: -1 },
    /^top_k:/,
  ],
  [
    'anthropic temperature -0.5',
    '/v1/messages',
    ANTHROPIC,
    { model: 'm', max_tokens: 5, messages, temperature: -0.5 },
    /^temperature:/,
  ],
  [
    'anthropic thinking 123',
    '/v1/messages',
    ANTHROPIC,
    { model: 'm', max_tokens: 5, messages, thinking: 123 },
    /^thinking:.*object/,
  ],
  [
    'gemini maxOutputTokens 0',
    GEMINI_PATH,
    GEMINI,
    { contents, generationConfig: { maxOutputTokens: 0 } },
    /generationConfig\.maxOutputTokens/,
  ],
  [
    'gemini maxOutputTokens 1.5',
    GEMINI_PATH,
    GEMINI,
    { contents, generationConfig: { maxOutputTokens: 1.5 } },
    /generationConfig\.maxOutputTokens/,
  ],
  [
    'gemini candidateCount -1',
    GEMINI_PATH,
    GEMINI,
    { contents, generationConfig: { candidateCount: -1 } },
    /generationConfig\.candidateCount/,
  ],
  [
    'gemini topK -1',
    GEMINI_PATH,
    GEMINI,
    { contents, generationConfig: { topK: -1 } },
    /generationConfig\.topK/,
  ],
];

describe('hardening: odd input is a 400 in the client protocol', () => {
  let upstream: FaultyUpstream;
  let ais: AisProcess;
  let traces: TraceReader;

  beforeAll(async () => {
    upstream = await startFaultyUpstream(answerChat);
    ais = await startAis(configFor(upstream.url));
    traces = createTraceReader(ais.home);
  });
  afterAll(async () => {
    traces?.close();
    await ais?.stop();
    await upstream?.close();
  });

  const messageOf = (json: unknown): string =>
    String((json as { error?: { message?: string } })?.error?.message ?? JSON.stringify(json));

  it('a tool schema nested 5,000 deep: a 400 naming the limit, not a stack overflow', async () => {
    const body = `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"t","input_schema":${nestedSchemaText(5_000)}}]}`;
    const answer = await send(ais.url, { method: 'POST', path: '/v1/messages', headers: ANTHROPIC, body });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(messageOf(answer.json)).toMatch(/more than 256 levels deep/);
  });

  it('passthrough metadata 100k deep: a 400, not a 500', async () => {
    const body = `{"model":"m","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const answer = await send(ais.url, { method: 'POST', path: '/v1/chat/completions', headers: CHAT, body });
    expect(answer.status).toBe(400);
    expect(messageOf(answer.json)).toMatch(/256 levels/);
  });

  it.each(['%ZZ', '%E0%A4%A'])(
    'a Gemini model path with %s: a 400 in Gemini shape, traced',
    async (escape) => {
      const answer = await send(ais.url, {
        method: 'POST',
        path: `/v1beta/models/gemini${escape}:generateContent`,
        headers: GEMINI,
        body: { contents },
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
      expect(messageOf(answer.json)).toMatch(/not valid URL encoding/);
      const [trace] = await traces.next();
      expect(trace!.status).toBe(400);
    },
  );

  it("a Content-Length Node's parser refuses: answered in the endpoint's protocol", async () => {
    const answer = await sendRaw(
      ais.url,
      'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n',
      '{}',
    );
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const gemini = await sendRaw(
      ais.url,
      `POST ${GEMINI_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n`,
      '{}',
    );
    expect(gemini.status).toBe(400);
    expect(bodyOf(gemini)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it.each(NONSENSE)(
    '%s: a 400 naming the field, the provider never called',
    async (_name, path, headers, body, names) => {
      const before = upstream.requests.length;
      const answer = await send(ais.url, { method: 'POST', path, headers, body });
      expect(answer.status, answer.text).toBe(400);
      expect(messageOf(answer.json)).toMatch(names);
      expect(upstream.requests.length).toBe(before);
    },
  );

  it('a body that is not UTF-8: a 400, not silently replaced', async () => {
    const before = upstream.requests.length;
    const body = Buffer.concat([
      Buffer.from('{"model":"m","messages":[{"role":"user","content":"caf'),
      Buffer.from([0xe9, 0x22]),
      Buffer.from('}]}'),
    ]);
    const answer = await sendRaw(
      ais.url,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ais-chat\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body,
    );
    expect(answer.status).toBe(400);
    expect(messageOf(bodyOf(answer))).toMatch(/UTF-8/);
    expect(upstream.requests.length).toBe(before);
  });
});
