import type { CanonicalError, ErrorKind } from '../canonical';
import { errorKindForStatus, parseJsonOrUndefined } from '../canonical';
import { isRecord, readNumber, readString } from './read-wire-fields';

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

const CODE_BY_KIND: Partial<Record<ErrorKind, string>> = {
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_exceeded',
  overloaded: 'overloaded',
  timeout: 'timeout',
};

/** The OpenAI error `type` for a kind (Chat and Responses share the shape). */
export function openaiErrorType(kind: ErrorKind): string {
  return TYPE_BY_KIND[kind];
}

/** Canonical error → OpenAI error body `{error: {message, type, param, code}}`. */
export function encodeChatError(error: CanonicalError): Record<string, unknown> {
  return {
    error: {
      message: error.message,
      type: error.code ?? TYPE_BY_KIND[error.kind],
      param: null,
      code: error.code ?? CODE_BY_KIND[error.kind] ?? null,
    },
  };
}

const KIND_BY_TYPE: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid_request',
  invalid_function_call: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  permission_denied: 'permission',
  not_found_error: 'not_found',
  rate_limit_error: 'rate_limit',
  tokens: 'rate_limit',
  requests: 'rate_limit',
  insufficient_quota: 'rate_limit',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
  server_error: 'api_error',
  api_error: 'api_error',
};

/** The status to answer for a kind when the upstream gave none (an error inside a 200 stream). */
export function defaultStatusForKind(kind: ErrorKind): number {
  return DEFAULT_STATUS[kind];
}

const DEFAULT_STATUS: Record<ErrorKind, number> = {
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

/**
 * An upstream error body (any OpenAI-compatible shape, or not JSON at all) →
 * canonical error. The upstream's own message is kept: it is what the user
 * can act on. A status below 400 (an error inside a 200 stream) is derived
 * from the error's type or numeric code.
 */
export function decodeChatError(input: {
  status: number;
  body: unknown;
  retryAfter?: number;
}): CanonicalError {
  const body = typeof input.body === 'string' ? (parseJsonOrUndefined(input.body) ?? input.body) : input.body;
  let message: string | undefined;
  let type: string | undefined;
  let code: number | undefined;

  if (typeof body === 'string') {
    message = body.trim().slice(0, 2000);
  } else if (isRecord(body)) {
    const error = body.error;
    if (isRecord(error)) {
      message = readString(error, 'message');
      type = readString(error, 'type') ?? readString(error, 'code');
      code = readNumber(error, 'code') ?? numericCode(readString(error, 'code'));
    } else if (typeof error === 'string') {
      message = error;
    }
    message ??= readString(body, 'message') ?? readString(body, 'detail');
    type ??= readString(body, 'type');
  }

  let status = input.status;
  if (status < 400 && code !== undefined && code >= 400 && code < 600) status = code;
  const kindFromType = type !== undefined ? KIND_BY_TYPE[type] : undefined;
  const kind: ErrorKind = status >= 400 ? errorKindForStatus(status) : (kindFromType ?? 'api_error');
  if (status < 400) status = DEFAULT_STATUS[kind];

  const error: CanonicalError = {
    kind,
    status,
    message: message && message !== '' ? message : `Upstream returned HTTP ${input.status}`,
  };
  if (input.retryAfter !== undefined) error.retryAfter = input.retryAfter;
  return error;
}

function numericCode(code: string | undefined): number | undefined {
  if (code === undefined || !/^\d{3}$/.test(code)) return undefined;
  return Number(code);
}
