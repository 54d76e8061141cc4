import { errorKindForStatus } from '../canonical/errors';
import type { CanonicalError, ErrorKind } from '../canonical/types';
import { isRecord, optionalString } from './read-json-values';

const TYPE_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'timeout_error',
  api_error: 'server_error',
};

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  overloaded: 503,
  timeout: 504,
  api_error: 500,
};

/** Error codes OpenAI puts on failed responses and `error` stream events. */
const KIND_BY_CODE: Record<string, ErrorKind> = {
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  context_length_exceeded: 'invalid_request',
  invalid_prompt: 'invalid_request',
  invalid_request_error: 'invalid_request',
  server_error: 'api_error',
  server_is_overloaded: 'overloaded',
  slow_down: 'overloaded',
  vector_store_timeout: 'timeout',
};

export function errorTypeForKind(kind: ErrorKind): string {
  return TYPE_BY_KIND[kind];
}

/** Canonical error → OpenAI error body `{ error: { message, type, param, code } }`. */
export function encodeResponsesError(error: CanonicalError): unknown {
  return { error: { message: error.message, type: TYPE_BY_KIND[error.kind], param: null, code: null } };
}

/** An upstream error response → canonical, keeping the upstream's message. */
export function decodeResponsesError(input: {
  status: number;
  body: unknown;
  retryAfter?: number;
}): CanonicalError {
  const { status, body, retryAfter } = input;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const message =
    optionalString(error?.message) ??
    (typeof body === 'string' && body !== '' ? body : `Upstream returned HTTP ${status}`);
  return {
    kind: errorKindForStatus(status),
    status,
    message,
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/** A stream-level error (`error` event or a failed response) by its code. */
export function canonicalErrorFromCode(input: {
  code?: string;
  type?: string;
  message?: string;
}): CanonicalError {
  const kind = KIND_BY_CODE[input.code ?? ''] ?? KIND_BY_CODE[input.type ?? ''] ?? 'api_error';
  return { kind, status: STATUS_BY_KIND[kind], message: input.message ?? 'The upstream response failed' };
}
