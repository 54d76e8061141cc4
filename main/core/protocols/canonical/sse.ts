/** One SSE frame. `data` is written as sent; JSON payloads never contain raw newlines. */
export function formatSseFrame(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

/** JSON.parse that returns undefined instead of throwing (streams from weak providers contain junk). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Warning code of upstream stream data a decoder could not read. The answer
 * lost something, so the relay never lets it end as a success.
 */
export const UNREADABLE_STREAM_DATA = 'unreadable-stream-data';
