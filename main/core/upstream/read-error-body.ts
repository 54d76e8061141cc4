import type { Readable } from 'node:stream';

/** Error bodies are small; past this we stop reading and drop the connection. */
export const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a (decoded) error response body as text, at most `limit` bytes. A body
 * that breaks or times out part way yields what arrived: the status is what
 * matters, the text only explains it.
 */
export async function readErrorBody(body: Readable, limit: number = ERROR_BODY_LIMIT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      length += buffer.length;
      // Leaving the loop destroys the body, which releases (closes) its socket.
      if (length >= limit) break;
    }
  } catch {
    // Keep what arrived.
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
