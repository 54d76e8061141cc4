import type { IncomingMessage } from 'node:http';
import { ProtocolError } from '../../protocols/canonical';
import { collectStream } from './collect-stream';

/** Requests above this are refused with 413 (a coding agent's request with images is a few MB). */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit = DEFAULT_BODY_LIMIT_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks = await collectStream(request, (size) => (size > limit ? tooLarge(limit) : undefined));
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

function tooLarge(limit: number): ProtocolError {
  return new ProtocolError(
    'request_too_large',
    413,
    `request body is larger than ${Math.round(limit / 1024 / 1024)} MB`,
  );
}

/** Parse a JSON request body; a syntax error becomes a 400 the client can act on. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.length === 0)
    throw new ProtocolError('invalid_request', 400, 'request body is empty; send a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ProtocolError(
      'invalid_request',
      400,
      `request body is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError('invalid_request', 400, 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
