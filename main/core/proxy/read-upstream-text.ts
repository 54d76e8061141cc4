import { ProtocolError } from '../protocols/canonical';
import type { UpstreamResponse } from '../upstream';
import { collectStream } from './collect-stream';

/**
 * A whole (non-streamed) upstream body as text. A body that breaks part-way
 * is the provider's failure: a 502 naming it, in the client's protocol, not
 * an AI Switch internal error.
 */
export async function readUpstreamText(body: UpstreamResponse['body'], providerId: string): Promise<string> {
  let chunks: Buffer[];
  try {
    chunks = await collectStream(body);
  } catch (error) {
    throw new ProtocolError(
      'api_error',
      502,
      `provider ${providerId}: the response body failed midway: ${(error as Error).message}`,
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}
