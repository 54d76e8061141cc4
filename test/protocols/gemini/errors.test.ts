import { describe, expect, it } from 'vitest';
import { geminiCodec } from '../../../main/core/protocols/gemini';
import { listUpstreamFixtures, readJson } from '../../helpers/fixtures';

describe('Gemini errors', () => {
  it('reads RetryInfo into retryAfter and RESOURCE_EXHAUSTED into rate_limit', () => {
    const [file] = listUpstreamFixtures('google', /^google-429-retry-info\.json$/);
    const error = geminiCodec.decodeError({ status: 429, body: readJson(file as string) });
    expect(error).toEqual({
      kind: 'rate_limit',
      status: 429,
      message: 'You exceeded your current quota, please check your plan.',
      retryAfter: 35,
    });
  });

  it('reads the array form and plain-text bodies', () => {
    expect(
      geminiCodec.decodeError({
        status: 400,
        body: [{ error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } }],
      }),
    ).toEqual({ kind: 'invalid_request', status: 400, message: 'bad' });
    expect(geminiCodec.decodeError({ status: 503, body: 'upstream connect error', retryAfter: 3 })).toEqual({
      kind: 'overloaded',
      status: 503,
      message: 'upstream connect error',
      retryAfter: 3,
    });
    expect(
      geminiCodec.decodeError({
        status: 403,
        body: { error: { code: 403, message: 'no', status: 'PERMISSION_DENIED' } },
      }).kind,
    ).toBe('permission');
  });

  it('writes google.rpc statuses and RetryInfo', () => {
    expect(geminiCodec.encodeError({ kind: 'authentication', status: 401, message: 'bad key' })).toEqual({
      error: { code: 401, message: 'bad key', status: 'UNAUTHENTICATED' },
    });
    expect(geminiCodec.encodeError({ kind: 'timeout', status: 504, message: 'slow' })).toEqual({
      error: { code: 504, message: 'slow', status: 'DEADLINE_EXCEEDED' },
    });
    const limited = geminiCodec.encodeError({
      kind: 'rate_limit',
      status: 429,
      message: 'slow down',
      retryAfter: 20,
    });
    expect(limited).toEqual({
      error: {
        code: 429,
        message: 'slow down',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' }],
      },
    });
    expect(geminiCodec.decodeError({ status: 429, body: limited }).retryAfter).toBe(20);
  });
});
