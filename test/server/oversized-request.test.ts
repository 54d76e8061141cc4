import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../main/core/proxy/read-body';
import { startAis, type AisProcess } from '../helpers/ais-process';

// A request body over the limit is refused with a 413 in the client's
// protocol — also when the client streams it without a Content-Length, where
// the proxy only finds out part-way through the upload.

const OVER_LIMIT_MB = Math.ceil(DEFAULT_BODY_LIMIT_BYTES / 2 ** 20) + 2;

/** POSTs an Anthropic request whose body is OVER_LIMIT_MB long, chunked, 1 MB per write. */
function sendChunked(url: string): Promise<{ status: number; body: string }> {
  const target = new URL('/v1/messages', url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: 'POST',
        headers: {
          'x-api-key': 'ais-test',
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => (body += text));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    const filler = Buffer.alloc(2 ** 20, 'a');
    let sent = 0;
    request.write('{"model":"claude-sonnet-4-6","max_tokens":8,"messages":[{"role":"user","content":"');
    const pump = (): void => {
      while (sent < OVER_LIMIT_MB) {
        sent += 1;
        if (!request.write(filler)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end('"}]}');
    };
    pump();
  });
}

describe('an oversized request body', () => {
  let ais: AisProcess;

  beforeAll(async () => {
    ais = await startAis(`
providers:
  nowhere: { base_url: "http://127.0.0.1:9", api_key: sk-nowhere-test-key-0123456789, format: chat }
routes:
  ais-test: { provider: nowhere, default_model: deepseek-chat }
`);
  });

  afterAll(async () => {
    await ais?.stop();
  });

  it('streamed without a Content-Length: a 413 Anthropic error, not a connection reset', async () => {
    const { status, body } = await sendChunked(ais.url);
    expect(status).toBe(413);
    const error = JSON.parse(body) as { type: string; error: { type: string; message: string } };
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('request_too_large');
    expect(error.error.message).toMatch(/request body is larger than 64 MB/);
  });

  it('the proxy still answers on the next request', async () => {
    const response = await fetch(`${ais.url}/health`);
    expect(response.status).toBe(200);
  });
});
