import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtocolError } from '../protocols/canonical';
import { CLIENT_CLOSED_STATUS } from '../upstream';
import { collectStream } from './collect-stream';
import type { LargeBodyGate } from './large-body-gate';

/** Requests above this are refused with 413 (a coding agent's request with images is a few MB). */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit = DEFAULT_BODY_LIMIT_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let chunks: Buffer[];
  try {
    chunks = await collectStream(request, (size) => (size > limit ? tooLarge(limit) : undefined));
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // The upload broke off: the client went away (a 499 on its trace, not an internal error).
    throw new ProtocolError(
      'api_error',
      CLIENT_CLOSED_STATUS,
      `The client closed the request before its body arrived (${(error as Error).message})`,
    );
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

/**
 * The request body, read once `gate` has room for it: by the Content-Length
 * before reading when the client declares one (a waiting upload is not
 * received meanwhile), else by its size once read. The caller calls
 * `release` when the request is done.
 */
export async function readAdmittedBody(
  request: IncomingMessage,
  response: ServerResponse,
  gate: LargeBodyGate,
): Promise<{ body: Buffer; release: () => void; waitedMs: number }> {
  let waitedMs = 0;
  const wait = async (bytes: number): Promise<() => void> => {
    const started = performance.now();
    try {
      return await waitForRoom(gate, bytes, response);
    } finally {
      waitedMs = performance.now() - started;
    }
  };
  const declared = Number(request.headers['content-length']);
  const known = Number.isFinite(declared) && declared <= DEFAULT_BODY_LIMIT_BYTES;
  let release = known ? (gate.tryAdmit(declared) ?? (await wait(declared))) : undefined;
  try {
    const body = await readBody(request);
    release ??= gate.tryAdmit(body.length) ?? (await wait(body.length));
    return { body, release, waitedMs };
  } catch (error) {
    release?.();
    throw error;
  }
}

async function waitForRoom(
  gate: LargeBodyGate,
  bytes: number,
  response: ServerResponse,
): Promise<() => void> {
  /*
   * A client that gives up while waiting leaves the queue when its socket
   * closes. While its upload is not read the socket is paused, and a paused
   * socket may not notice the peer leaving: then the request is dropped
   * after its turn comes, when the closed socket shows (a 499 on its trace).
   */
  const gone = new AbortController();
  const onClose = (): void =>
    gone.abort(
      new ProtocolError(
        'api_error',
        CLIENT_CLOSED_STATUS,
        'The client closed the request while it waited for room',
      ),
    );
  response.once('close', onClose);
  try {
    return await gate.waitFor(bytes, gone.signal);
  } finally {
    response.off('close', onClose);
  }
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
