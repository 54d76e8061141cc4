import type { CanonicalError, ErrorKind } from '../canonical';
import { errorKindForStatus, parseJsonOrUndefined } from '../canonical';
import { isWireObject, readString } from './read-wire-value';

const KIND_BY_TYPE: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  billing_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  api_error: 'api_error',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};

export function anthropicErrorType(kind: ErrorKind): string {
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'request_too_large':
      return 'request_too_large';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'timeout':
      return 'timeout_error';
    case 'api_error':
      return 'api_error';
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** The HTTP status Anthropic answers an error kind with (529 for overload, as Anthropic does). */
export function anthropicStatusForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid_request':
      return 400;
    case 'authentication':
      return 401;
    case 'permission':
      return 403;
    case 'not_found':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit':
      return 429;
    case 'overloaded':
      return 529;
    case 'timeout':
      return 504;
    case 'api_error':
      return 500;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export function encodeAnthropicError(error: CanonicalError): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(error.kind), message: error.message } };
}

/** `{type:'error', error:{type, message}}` (or a bare/garbled body) → canonical, keeping the upstream's message. */
export function decodeAnthropicError(input: {
  status: number;
  body: unknown;
  retryAfter?: number;
}): CanonicalError {
  const body = typeof input.body === 'string' ? (parseJsonOrUndefined(input.body) ?? input.body) : input.body;
  const errorObject = isWireObject(body) && isWireObject(body.error) ? body.error : undefined;
  const type = readString(errorObject?.type);
  const kind = (type !== undefined ? KIND_BY_TYPE[type] : undefined) ?? errorKindForStatus(input.status);
  const message =
    readString(errorObject?.message) ??
    (typeof body === 'string' && body.trim() !== '' ? body : `Upstream answered HTTP ${input.status}`);
  const error: CanonicalError = { kind, status: input.status, message };
  if (input.retryAfter !== undefined) error.retryAfter = input.retryAfter;
  return error;
}

/** A stream `error` event's payload → canonical (no HTTP status on the wire: use Anthropic's for the type). */
export function decodeAnthropicStreamError(payload: unknown): CanonicalError {
  const errorObject = isWireObject(payload) && isWireObject(payload.error) ? payload.error : undefined;
  const type = readString(errorObject?.type);
  const kind = (type !== undefined ? KIND_BY_TYPE[type] : undefined) ?? 'api_error';
  return {
    kind,
    status: anthropicStatusForKind(kind),
    message: readString(errorObject?.message) ?? 'The upstream stream reported an error',
  };
}
