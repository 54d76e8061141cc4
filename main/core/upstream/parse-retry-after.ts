import type { IncomingHeaders } from './build-upstream-headers';

/** Longest cooldown we honour from a provider; a daily quota reset is still within it. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/**
 * Seconds to wait, from `retry-after-ms` (OpenAI), `retry-after` (delta
 * seconds or an HTTP date, RFC 9110 §10.2.3), or nothing when neither parses.
 * Fractions round up so a client never retries early.
 */
export function parseRetryAfter(headers: IncomingHeaders, now: number = Date.now()): number | undefined {
  const milliseconds = Number(firstValue(headers['retry-after-ms']));
  if (
    firstValue(headers['retry-after-ms']) !== undefined &&
    Number.isFinite(milliseconds) &&
    milliseconds >= 0
  ) {
    return clamp(milliseconds / 1000);
  }
  const raw = firstValue(headers['retry-after'])?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return clamp(Number(raw));
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return clamp(Math.max(0, (date - now) / 1000));
}

/**
 * Gemini rarely sends Retry-After; its 429 body carries
 * `error.details[{ "@type": "…google.rpc.RetryInfo", retryDelay: "17s" }]`.
 */
export function parseRetryDelayFromBody(body: unknown): number | undefined {
  if (!isRecord(body) || !isRecord(body.error) || !Array.isArray(body.error.details)) return undefined;
  for (const detail of body.error.details) {
    if (!isRecord(detail) || typeof detail.retryDelay !== 'string') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay.trim());
    if (match?.[1] !== undefined) return clamp(Number(match[1]));
  }
  return undefined;
}

function clamp(seconds: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil(seconds));
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
