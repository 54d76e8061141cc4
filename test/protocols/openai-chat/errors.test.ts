import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiChatCodec } from '../../../main/core/protocols/openai-chat';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';

describe('Chat errors', () => {
  it('keeps the upstream message and kind of a recorded OpenAI error', () => {
    const file =
      listUpstreamFixtures('openai/chat', /reasoning-model-legacy-parameter-error\.json$/)[0] ?? '';
    expect(openaiChatCodec.decodeError({ status: 400, body: readJson(file) })).toEqual({
      kind: 'invalid_request',
      status: 400,
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    });
  });

  it('tolerates non-JSON and odd error bodies', () => {
    expect(openaiChatCodec.decodeError({ status: 502, body: '<html>Bad Gateway</html>' })).toEqual({
      kind: 'api_error',
      status: 502,
      message: '<html>Bad Gateway</html>',
    });
    expect(
      openaiChatCodec.decodeError({
        status: 429,
        body: '{"error":{"message":"slow down","type":"requests"}}',
        retryAfter: 12,
      }),
    ).toEqual({
      kind: 'rate_limit',
      status: 429,
      message: 'slow down',
      retryAfter: 12,
    });
    expect(openaiChatCodec.decodeError({ status: 401, body: { error: 'invalid key' } })).toMatchObject({
      kind: 'authentication',
      message: 'invalid key',
    });
    expect(openaiChatCodec.decodeError({ status: 503, body: undefined })).toEqual({
      kind: 'overloaded',
      status: 503,
      message: 'Upstream returned HTTP 503',
    });
    expect(
      openaiChatCodec.decodeError({ status: 200, body: { error: { message: 'boom', code: 500 } } }),
    ).toEqual({ kind: 'api_error', status: 500, message: 'boom' });
  });

  it('encodes errors the openai SDK reads back with type and message', async () => {
    const cases = [
      {
        kind: 'invalid_request',
        status: 400,
        type: 'invalid_request_error',
        errorClass: OpenAI.BadRequestError,
      },
      {
        kind: 'authentication',
        status: 401,
        type: 'authentication_error',
        errorClass: OpenAI.AuthenticationError,
      },
      { kind: 'rate_limit', status: 429, type: 'rate_limit_error', errorClass: OpenAI.RateLimitError },
      { kind: 'api_error', status: 500, type: 'server_error', errorClass: OpenAI.InternalServerError },
    ] as const;
    for (const { kind, status, type, errorClass } of cases) {
      const body = openaiChatCodec.encodeError({ kind, status, message: `${kind} happened` });
      const client = new OpenAI({
        apiKey: 'k',
        baseURL: 'http://upstream.invalid/v1',
        maxRetries: 0,
        fetch: async () =>
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      });
      const error = await client.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(errorClass);
      expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe(type);
      expect((error as Error).message).toContain(`${kind} happened`);
    }
  });
});
