import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, send, type RunningEngine } from '../admin/admin-harness';
import { rewriteTopLevelFields } from '../../main/core/proxy/rewrite-top-level-fields';
import {
  startScriptedUpstream,
  type ScriptedUpstream,
  type UpstreamReply,
} from '../helpers/scripted-upstream';

// Same protocol in and out: the provider must get the client's bytes, with
// only the top-level `model` value rewritten — numbers beyond 2^53, `1.0`,
// `\u00e9` escapes, duplicate keys and the client's formatting included. A
// JSON.stringify of the parsed body changes all of those.

/** Text a parse + stringify would change: a big integer, 1.0, an escape, a duplicate key, spacing. */
const TRICKY = (model: string, stream: boolean, extra = ''): string =>
  `{\n  "model" : "${model}",\n  "stream": ${stream},${extra}\n  "x_client_extra": {"user_id": 12345678901234567890, "ratio": 1.0, "name": "caf\\u00e9", "k": 1, "k": 2},\n  "seed_note": "\\"model\\": \\"not-this-one\\"",\n  "temperature": 1.0\n}`;

const bodies: Record<string, (stream: boolean) => string> = {
  anthropic: (stream) =>
    TRICKY(
      'claude-client',
      stream,
      '\n  "max_tokens": 64,\n  "messages": [{"role": "user", "content": "h\\u00e9"}],',
    ),
  chat: (stream) =>
    TRICKY('gpt-client', stream, '\n  "messages": [{"role": "user", "content": "h\\u00e9"}],'),
  responses: (stream) => TRICKY('gpt-client', stream, '\n  "input": "h\\u00e9",'),
};

const ANSWERS: Record<string, { json: unknown; frames: string[] }> = {
  anthropic: {
    json: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 },
    },
    frames: [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ],
  },
  chat: {
    json: {
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    },
    frames: [
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n',
      'data: [DONE]\n\n',
    ],
  },
  responses: {
    json: { id: 'resp_1', object: 'response', status: 'completed', model: 'm', output: [] },
    frames: [
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1","object":"response","status":"completed","model":"m","output":[]}}\n\n',
    ],
  },
};

ANSWERS.gemini = {
  json: {
    candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 },
  },
  frames: [],
};

const PATHS: Record<string, string> = {
  anthropic: '/v1/messages',
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
};

describe('passthrough bodies arrive byte for byte but the model', () => {
  let upstream: ScriptedUpstream;
  let running: RunningEngine;

  beforeAll(async () => {
    upstream = await startScriptedUpstream((request): UpstreamReply => {
      const [, protocol] = request.url.split('/');
      const answer = ANSWERS[protocol!]!;
      return request.json.stream === true
        ? { kind: 'sse', frames: answer.frames }
        : { kind: 'json', body: answer.json };
    });
    running = await startEngine(`
providers:
  anthropic: { base_url: ${upstream.url}/anthropic, format: anthropic, api_key: k }
  chat: { base_url: ${upstream.url}/chat, format: chat, api_key: k }
  responses: { base_url: ${upstream.url}/responses, format: responses, api_key: k }
  gemini: { base_url: ${upstream.url}/gemini, format: gemini, api_key: k }
routes:
  r-anthropic: { provider: anthropic, default_model: upstream-model }
  r-chat: { provider: chat, default_model: upstream-model }
  r-responses: { provider: responses, default_model: upstream-model }
  r-same: { provider: chat }
  r-gemini: { provider: gemini, default_model: gemini-upstream }
`);
  });

  afterAll(async () => {
    await running?.close();
    await upstream?.close();
  });

  for (const protocol of ['anthropic', 'chat', 'responses'] as const) {
    for (const stream of [false, true]) {
      it(`${protocol} ${stream ? 'stream' : 'JSON'}: only the model value changes`, async () => {
        const sent = bodies[protocol]!(stream);
        const answer = await send(running.url, {
          method: 'POST',
          path: PATHS[protocol]!,
          headers: { authorization: `Bearer r-${protocol}`, 'content-type': 'application/json' },
          body: sent,
        });
        expect(answer.status).toBe(200);
        const seen = upstream.requests.at(-1)!;
        const clientModel = protocol === 'anthropic' ? 'claude-client' : 'gpt-client';
        expect(seen.body).toBe(sent.replace(`"model" : "${clientModel}"`, '"model" : "upstream-model"'));
        expect(seen.body).toContain('12345678901234567890');
        expect(seen.body).toContain('"k": 1, "k": 2');
      });
    }
  }

  it('an unchanged model leaves the body exactly as sent', async () => {
    const sent = bodies.chat!(false);
    const answer = await send(running.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer r-same', 'content-type': 'application/json' },
      body: sent,
    });
    expect(answer.status).toBe(200);
    expect(upstream.requests.at(-1)!.body).toBe(sent);
  });

  it('Gemini (model in the URL): the body goes exactly as sent', async () => {
    const sent =
      '{"contents": [{"role": "user", "parts": [{"text": "caf\\u00e9"}]}], "generationConfig": {"temperature": 1.0, "seed": 12345678901234567890}}';
    const answer = await send(running.url, {
      method: 'POST',
      path: '/v1beta/models/gemini-client:generateContent',
      headers: { 'x-goog-api-key': 'r-gemini', 'content-type': 'application/json' },
      body: sent,
    });
    expect(answer.status).toBe(200);
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toContain('gemini-upstream');
    expect(seen.body).toBe(sent);
  });
});

describe('rewriteTopLevelFields', () => {
  it('replaces every top-level occurrence, never a nested one or one inside a string', () => {
    const text = '{"a":{"model":"x"},"model":"m1","s":"\\"model\\":1","model" :\t"m2"}';
    expect(rewriteTopLevelFields(text, { model: 'new' })).toBe(
      '{"a":{"model":"x"},"model":"new","s":"\\"model\\":1","model" :\t"new"}',
    );
  });

  it('adds a missing field first and leaves an unchanged body alone', () => {
    expect(rewriteTopLevelFields(' { "b" : [1, {"c": "]"}] } ', { max_tokens: 8 })).toBe(
      ' {"max_tokens":8, "b" : [1, {"c": "]"}] } ',
    );
    expect(rewriteTopLevelFields('{}', { model: 'm' })).toBe('{"model":"m"}');
    const text = '{"model": "m", "n": 1.0}';
    expect(rewriteTopLevelFields(text, {})).toBe(text);
  });

  it('reads keys written with escapes', () => {
    expect(rewriteTopLevelFields('{"mod\\u0065l": "a", "x": 10.50}', { model: 'b' })).toBe(
      '{"mod\\u0065l": "b", "x": 10.50}',
    );
  });
});
