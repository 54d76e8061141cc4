import type { CanonicalError, ErrorKind } from './types';

/** Thrown by decoders on input the client's protocol rejects; the server answers it in that protocol. */
export class ProtocolError extends Error {
  readonly error: CanonicalError;

  constructor(kind: ErrorKind, status: number, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.error = { kind, status, message };
  }
}

export function invalidRequest(message: string): ProtocolError {
  return new ProtocolError('invalid_request', 400, message);
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'authentication',
  403: 'permission',
  404: 'not_found',
  408: 'timeout',
  413: 'request_too_large',
  422: 'invalid_request',
  429: 'rate_limit',
  503: 'overloaded',
  504: 'timeout',
  529: 'overloaded',
};

export function errorKindForStatus(status: number): ErrorKind {
  return KIND_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request');
}
