import type { TraceSummary } from './trace-filters';
import { toCsv } from '../../lib/to-csv';

/** The export's columns: the list's, one value per cell, times as ISO 8601 (UTC) so any tool reads them. */
const CSV_COLUMNS: { header: string; value(trace: TraceSummary): unknown }[] = [
  { header: 'id', value: (trace) => trace.id },
  { header: 'started_at', value: (trace) => new Date(trace.startedAt).toISOString() },
  { header: 'state', value: (trace) => trace.state },
  { header: 'client', value: (trace) => trace.client },
  { header: 'route', value: (trace) => trace.routeKeyLabel },
  { header: 'protocol', value: (trace) => trace.inboundProtocol },
  { header: 'path', value: (trace) => trace.path },
  { header: 'session_id', value: (trace) => trace.sessionId },
  { header: 'requested_model', value: (trace) => trace.requestedModel },
  { header: 'provider', value: (trace) => trace.providerId },
  { header: 'upstream_model', value: (trace) => trace.upstreamModel },
  { header: 'scene', value: (trace) => trace.scene },
  { header: 'status', value: (trace) => trace.status },
  { header: 'error', value: (trace) => trace.error },
  { header: 'stream', value: (trace) => trace.stream },
  { header: 'duration_ms', value: (trace) => trace.durationMs },
  { header: 'first_token_ms', value: (trace) => trace.firstTokenMs },
  { header: 'input_tokens', value: (trace) => trace.usage.inputTokens },
  { header: 'output_tokens', value: (trace) => trace.usage.outputTokens },
  { header: 'cache_read_tokens', value: (trace) => trace.usage.cacheReadTokens },
  { header: 'cache_write_tokens', value: (trace) => trace.usage.cacheWriteTokens },
  { header: 'reasoning_tokens', value: (trace) => trace.usage.reasoningTokens },
  { header: 'cost_usd', value: (trace) => trace.costUsd },
  { header: 'attempts', value: (trace) => trace.attemptCount },
  { header: 'warnings', value: (trace) => trace.warningCount },
];

export function tracesToCsv(traces: readonly TraceSummary[]): string {
  return toCsv(CSV_COLUMNS, traces);
}

/** JSON lines: one summary per line, as the contract returns it. */
export function tracesToJsonLines(traces: readonly TraceSummary[]): string {
  return traces.map((trace) => JSON.stringify(trace)).join('\n') + (traces.length > 0 ? '\n' : '');
}

/**
 * Every trace matching the list's filters, fetched page by page (the store's
 * cursor), without the rows still running (they have no outcome yet).
 */
export async function collectTraces(
  fetchPage: (cursor: string | undefined) => Promise<{ items: TraceSummary[]; nextCursor?: string }>,
  onProgress?: (count: number) => void,
): Promise<TraceSummary[]> {
  const traces: TraceSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    for (const trace of page.items) if (trace.state !== 'running') traces.push(trace);
    onProgress?.(traces.length);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return traces;
}
