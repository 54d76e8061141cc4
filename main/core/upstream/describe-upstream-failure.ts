import { errorKindForStatus } from '../protocols/canonical/errors';
import type { CanonicalError } from '../protocols/canonical/types';
import type { UpstreamFailureKind } from './classify-upstream-error';

/** Status we answer when the client itself went away (nginx's "client closed request"); nobody reads it. */
export const CLIENT_CLOSED_STATUS = 499;

/** The last upstream answer that was an HTTP error. */
export interface UpstreamHttpFailure {
  providerId: string;
  status: number;
  bodyText: string;
  retryAfter?: number;
}

/** An upstream error response, in canonical form; the provider's own message leads. */
export function errorFromUpstreamResponse(failure: UpstreamHttpFailure): CanonicalError {
  const message = extractErrorMessage(failure.bodyText) ?? `HTTP ${failure.status}`;
  return {
    kind: errorKindForStatus(failure.status),
    status: failure.status,
    message: `${message} (provider ${failure.providerId}, HTTP ${failure.status})`,
    ...(failure.retryAfter !== undefined ? { retryAfter: failure.retryAfter } : {}),
  };
}

/** A failure with no HTTP status: connection broke, timed out, or the client left. */
export function errorFromTransportFailure(
  providerId: string,
  kind: UpstreamFailureKind,
  detail: string,
): CanonicalError {
  switch (kind) {
    case 'connect-timeout':
      return {
        kind: 'timeout',
        status: 504,
        message: `Connecting to provider ${providerId} timed out (${detail})`,
      };
    case 'first-byte-timeout':
      return {
        kind: 'timeout',
        status: 504,
        message: `Provider ${providerId} sent no response in time (${detail})`,
      };
    case 'idle-timeout':
      return {
        kind: 'timeout',
        status: 504,
        message: `Provider ${providerId} went silent before sending any data (${detail})`,
      };
    case 'connection':
      return { kind: 'api_error', status: 502, message: `Could not reach provider ${providerId}: ${detail}` };
    case 'aborted':
      return { kind: 'api_error', status: CLIENT_CLOSED_STATUS, message: 'The client closed the request' };
    default: {
      const _exhaustive: never = kind;
      throw new Error(`unknown failure kind ${String(_exhaustive)}`);
    }
  }
}

/** Every key of the provider is cooling and nothing was sent. */
export function errorFromCoolingKeys(
  providerId: string,
  lastStatus: number,
  retryAt: number,
  now: number,
): CanonicalError {
  const retryAfter = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const rateLimited = lastStatus === 429 || lastStatus === 529;
  return {
    kind: errorKindForStatus(lastStatus),
    status: lastStatus,
    message: rateLimited
      ? `Every key of provider ${providerId} is rate limited; the first frees up in ${retryAfter} s`
      : `Every key of provider ${providerId} was rejected (HTTP ${lastStatus}); check the keys in the config`,
    ...(rateLimited ? { retryAfter } : {}),
  };
}

/**
 * The human part of a provider error body: OpenAI/Anthropic/Gemini
 * `{ error: { message } }`, a bare `{ message }` / `{ error: "…" }` /
 * `{ detail }` (FastAPI-based servers), or the first 500 characters of text.
 */
export function extractErrorMessage(bodyText: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const found = findMessage(Array.isArray(parsed) ? parsed[0] : parsed);
    if (found !== undefined) return found;
  } catch {
    // Not JSON: an HTML error page from a gateway, or plain text.
  }
  return trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed;
}

function findMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  if (typeof error === 'string' && error !== '') return error;
  for (const field of ['message', 'detail']) {
    const candidate = record[field];
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}
