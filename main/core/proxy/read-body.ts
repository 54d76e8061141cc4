import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtocolError } from '../protocols/canonical';
import { CLIENT_CLOSED_STATUS } from '../upstream';
import type { BodyReservation, LargeBodyGate } from './large-body-gate';

/** Requests above this are refused with 413 (a coding agent's request with images is a few MB). */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** Seconds without a byte after which an upload is given up (server.upload_idle_timeout_s). */
export const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 30_000;

export interface ReadBodyOptions {
  limit?: number;
  /** No byte for this long: the upload is refused with a 408. */
  idleTimeoutMs?: number;
  /** Counts the bytes as they arrive; reading pauses while it waits for room. */
  reservation?: BodyReservation;
  /** Where the answer goes: its close ends a wait for room (the client left). */
  response?: ServerResponse;
}

/**
 * The request body. Refused with a 413 past `limit` (the rest is read and
 * discarded so the client sees the answer), a 408 when no byte came for
 * `idleTimeoutMs`, a 499 when the client went away.
 */
export function readBody(
  request: IncomingMessage,
  limitOrOptions: number | ReadBodyOptions = {},
): Promise<Buffer> {
  return receiveBody(
    request,
    typeof limitOrOptions === 'number' ? { limit: limitOrOptions } : limitOrOptions,
  ).then((received) => received.body);
}

async function receiveBody(
  request: IncomingMessage,
  options: ReadBodyOptions,
): Promise<{ body: Buffer; waitedMs: number }> {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const gone = new AbortController();
  let waitedMs = 0;
  const chunks: Buffer[] = await new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdleTimer = (): void => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => settle(stalled(idleTimeoutMs)), idleTimeoutMs);
    };
    const settle = (error: Error | undefined): void => {
      clearTimeout(idleTimer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      options.response?.off('close', onResponseClose);
      if (error) {
        // A wait for room still queued leaves the queue with the request, and
        // the rest of a refused upload is read and discarded: the client gets
        // its answer instead of a reset, and its connection stays usable.
        gone.abort(error);
        request.resume();
        reject(error);
      } else resolve(received);
    };
    const onData = (chunk: Buffer): void => {
      received.push(chunk);
      size += chunk.length;
      if (size > limit) {
        settle(tooLarge(limit));
        return;
      }
      const waiting = options.reservation?.grow(chunk.length, gone.signal);
      if (waiting === undefined) {
        armIdleTimer();
        return;
      }
      // No room yet: stop reading (the upload backs up in the client) and stop the clock, it is our wait.
      clearTimeout(idleTimer);
      request.pause();
      const started = performance.now();
      waiting.then(
        () => {
          waitedMs += performance.now() - started;
          armIdleTimer();
          request.resume();
        },
        (error: unknown) => settle(error as Error),
      );
    };
    const onEnd = (): void => settle(undefined);
    const onError = (error: Error): void => settle(clientClosed(error.message));
    const onClose = (): void => settle(clientClosed('Premature close'));
    const onResponseClose = (): void =>
      gone.abort(clientClosed('the client closed the request while it waited for room'));
    if (request.readableEnded) return resolve(received);
    if (request.destroyed) return reject(clientClosed('Premature close'));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('close', onClose);
    options.response?.once('close', onResponseClose);
    armIdleTimer();
  });
  return { body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), waitedMs };
}

/**
 * The request body, counted against `gate` as its bytes arrive (not by the
 * Content-Length a client declares: one that declares 60 MB and sends
 * nothing holds nothing). Reading pauses while a large body waits for room.
 * The caller calls `release` when the request is done.
 */
export async function readAdmittedBody(
  request: IncomingMessage,
  response: ServerResponse,
  gate: LargeBodyGate,
  idleTimeoutMs = DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
): Promise<{ body: Buffer; release: () => void; waitedMs: number }> {
  const reservation = gate.reserve();
  try {
    const { body, waitedMs } = await receiveBody(request, { reservation, response, idleTimeoutMs });
    return { body, release: reservation.release, waitedMs };
  } catch (error) {
    reservation.release();
    if (error instanceof ProtocolError && error.error.status === 408) {
      // The rest of the upload may never come: the connection cannot carry another request.
      response.setHeader('connection', 'close');
    }
    throw error;
  }
}

function clientClosed(reason: string): ProtocolError {
  // The upload broke off: the client went away (a 499 on its trace, not an internal error).
  return new ProtocolError(
    'api_error',
    CLIENT_CLOSED_STATUS,
    `The client closed the request before its body arrived (${reason})`,
  );
}

function stalled(idleTimeoutMs: number): ProtocolError {
  return new ProtocolError(
    'timeout',
    408,
    `the request body stalled: no byte arrived for ${idleTimeoutMs / 1000} s (server.upload_idle_timeout_s); send the whole body without pausing`,
  );
}

function tooLarge(limit: number): ProtocolError {
  return new ProtocolError(
    'request_too_large',
    413,
    `request body is larger than ${Math.round(limit / 1024 / 1024)} MB`,
  );
}

/**
 * Deepest nesting of objects and arrays a request body may have. Real
 * requests (tool schemas included) stay under ~30; a body 5,000 deep ran the
 * codecs' recursion out of stack (a 500 "Maximum call stack size exceeded").
 */
export const MAX_JSON_DEPTH = 256;

/** The body as text; a 400 when it is not UTF-8 (replacing the bad bytes would change what the client sent). */
export function bodyText(body: Buffer): string {
  if (!isUtf8(body))
    throw new ProtocolError(
      'invalid_request',
      400,
      'request body is not valid UTF-8; send JSON encoded as UTF-8',
    );
  return body.toString('utf8');
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
  if (!withinDepth(parsed, MAX_JSON_DEPTH))
    throw new ProtocolError(
      'invalid_request',
      400,
      `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
    );
  return parsed as Record<string, unknown>;
}

/** Walks containers only, with its own stack: ~0.01 ms for a 250 KB request. */
function withinDepth(root: object, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (depth > limit) return false;
    const children = Array.isArray(value) ? value : Object.values(value as object);
    for (const child of children)
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return true;
}
