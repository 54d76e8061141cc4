/** Why an upstream exchange failed without (or after) an HTTP status. */
export type UpstreamFailureKind =
  /** TCP/TLS (or proxy) connect did not finish within `connectMs`. */
  | 'connect-timeout'
  /** Connected and sent, but no response headers within `firstByteMs`. */
  | 'first-byte-timeout'
  /** The body went quiet for longer than `idleMs`. */
  | 'idle-timeout'
  /** Refused, reset, DNS, TLS, proxy failures: the exchange broke. */
  | 'connection'
  /** Our own signal fired (the client went away). */
  | 'aborted';

/** Thrown by `UpstreamClient.send` when no response arrived; the undici error is the `cause`. */
export class UpstreamRequestError extends Error {
  readonly kind: UpstreamFailureKind;
  /** undici or system error code (`UND_ERR_CONNECT_TIMEOUT`, `ECONNREFUSED`…), when there was one. */
  readonly code?: string;

  constructor(kind: UpstreamFailureKind, message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { cause: options?.cause });
    this.name = 'UpstreamRequestError';
    this.kind = kind;
    this.code = options?.code;
  }
}

/**
 * Maps an error from undici (request or body stream) to a failure kind. Pass
 * the request's signal: once it has fired, whatever undici reports is an abort.
 */
export function classifyUpstreamError(error: unknown, signal?: AbortSignal): UpstreamFailureKind {
  if (error instanceof UpstreamRequestError) return error.kind;
  if (signal?.aborted) return 'aborted';
  switch (errorCode(error)) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect-timeout';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'first-byte-timeout';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'idle-timeout';
    // UND_ERR_ABORTED without our signal is undici giving up on a proxy tunnel, not an abort.
    case 'ABORT_ERR':
      return 'aborted';
    default:
      return error instanceof Error && error.name === 'AbortError' ? 'aborted' : 'connection';
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A short description for traces: `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`. */
export function describeUpstreamError(error: unknown): string {
  const inner = error instanceof UpstreamRequestError && error.cause !== undefined ? error.cause : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  const code = errorCode(inner);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
