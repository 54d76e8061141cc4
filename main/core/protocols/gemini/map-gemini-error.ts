import { errorKindForStatus } from '../canonical/errors';
import type { CanonicalError, ErrorKind } from '../canonical/types';
import { isRecord, readString } from './read-gemini-json';

/** google.rpc.Code names Gemini puts in `error.status`. */
const STATUS_BY_KIND: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  request_too_large: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  rate_limit: 'RESOURCE_EXHAUSTED',
  overloaded: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  api_error: 'INTERNAL',
};

const KIND_BY_STATUS: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'invalid_request',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
  INTERNAL: 'api_error',
  UNKNOWN: 'api_error',
};

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** Canonical error → `{error: {code, message, status}}`, with RetryInfo when a retry delay is known. */
export function encodeGeminiError(error: CanonicalError): Record<string, unknown> {
  return {
    error: {
      code: error.status,
      message: error.message,
      status: STATUS_BY_KIND[error.kind],
      ...(error.retryAfter !== undefined
        ? { details: [{ '@type': RETRY_INFO, retryDelay: `${error.retryAfter}s` }] }
        : {}),
    },
  };
}

/** Gemini error body (an object, or the one-element array streamGenerateContent answers with) → canonical error. */
export function decodeGeminiError(input: {
  status: number;
  body: unknown;
  retryAfter?: number;
}): CanonicalError {
  const body = Array.isArray(input.body) ? input.body[0] : input.body;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const statusName = readString(error?.status);
  const kind =
    (statusName !== undefined ? KIND_BY_STATUS[statusName] : undefined) ?? errorKindForStatus(input.status);
  const message =
    readString(error?.message) ??
    (typeof input.body === 'string' && input.body !== ''
      ? input.body
      : `Gemini answered HTTP ${input.status}`);
  const retryAfter = readRetryDelay(error?.details) ?? input.retryAfter;
  return { kind, status: input.status, message, ...(retryAfter !== undefined ? { retryAfter } : {}) };
}

/** RetryInfo.retryDelay is a protobuf Duration in JSON form: "34.4s". Rounded up to whole seconds for Retry-After. */
function readRetryDelay(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (!isRecord(detail) || detail['@type'] !== RETRY_INFO) continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(readString(detail.retryDelay) ?? '');
    if (match) return Math.ceil(Number(match[1]));
  }
  return undefined;
}
