import type { ClientCapture } from './fixtures';

/** Recomputed by fetch for the new body and connection; sending the recorded ones would be wrong. */
const RECOMPUTED = new Set(['host', 'content-length', 'connection', 'accept-encoding']);

/**
 * Sends a recorded client request to `baseUrl` the way the client sent it:
 * same path, query and headers, the API key swapped for `routeKey` in the
 * header (or `?key=`) the client used. `body` replaces the recorded body.
 */
export function replayCapture(
  baseUrl: string,
  capture: ClientCapture,
  options: { routeKey: string; body?: Record<string, unknown>; signal?: AbortSignal },
): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(capture.headers)) {
    const lower = name.toLowerCase();
    if (RECOMPUTED.has(lower)) continue;
    if (lower === 'x-api-key' || lower === 'x-goog-api-key') headers[lower] = options.routeKey;
    else if (lower === 'authorization') headers[lower] = `Bearer ${options.routeKey}`;
    else headers[lower] = value;
  }
  const url = new URL(capture.path, baseUrl);
  for (const [name, value] of Object.entries(capture.query ?? {})) {
    url.searchParams.set(name, name === 'key' ? options.routeKey : value);
  }
  return fetch(url, {
    method: capture.method,
    headers,
    body: JSON.stringify(options.body ?? capture.body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
