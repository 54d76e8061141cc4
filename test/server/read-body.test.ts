import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../main/core/protocols/canonical';
import { readBody } from '../../main/core/proxy/read-body';

/** A request body stream with the headers readBody looks at. */
function upload(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('readBody', () => {
  it('gives the whole body', async () => {
    const request = upload();
    request.end('{"model":"m"}');
    expect((await readBody(request)).toString()).toBe('{"model":"m"}');
  });

  it('turns an upload the client broke off into a 499 for the trace, not an internal error', async () => {
    const request = upload();
    request.write('{"model":');
    const reading = readBody(request).catch((error: unknown) => error);
    request.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const error = (await reading) as ProtocolError;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.error.status).toBe(499);
    expect(error.message).toBe('The client closed the request before its body arrived (aborted)');
  });

  it('keeps the 413 of a body over the limit', async () => {
    const request = upload();
    const reading = readBody(request, 8).catch((error: unknown) => error);
    request.end('0123456789');
    expect(((await reading) as ProtocolError).error).toMatchObject({
      kind: 'request_too_large',
      status: 413,
    });
  });
});
