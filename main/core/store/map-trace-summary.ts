import type { ProtocolName } from '../protocols/canonical/types';
import type { TraceState, TraceSummary } from './types';

export const SUMMARY_COLUMNS = `seq, id, started_at, state, route, inbound_protocol, path, client, session_id, requested_model,
  provider_id, upstream_model, scene, status, error, stream, duration_ms, first_token_ms, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, attempt_count, warning_count`;

export interface SummaryRow {
  seq: number;
  id: string;
  started_at: number;
  state: string;
  route: string;
  inbound_protocol: string;
  path: string;
  client: string;
  session_id: string | null;
  requested_model: string;
  provider_id: string | null;
  upstream_model: string | null;
  scene: string | null;
  status: number;
  error: string | null;
  stream: number;
  duration_ms: number | null;
  first_token_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
  attempt_count: number;
  warning_count: number;
}

export function toTraceSummary(row: SummaryRow): TraceSummary {
  return {
    id: row.id,
    startedAt: row.started_at,
    state: row.state as TraceState,
    routeKeyLabel: row.route,
    inboundProtocol: row.inbound_protocol as ProtocolName,
    path: row.path,
    client: row.client,
    ...(row.session_id !== null && { sessionId: row.session_id }),
    requestedModel: row.requested_model,
    ...(row.provider_id !== null && { providerId: row.provider_id }),
    ...(row.upstream_model !== null && { upstreamModel: row.upstream_model }),
    ...(row.scene !== null && { scene: row.scene }),
    status: row.status,
    ...(row.error !== null && { error: row.error }),
    stream: row.stream === 1,
    ...(row.duration_ms !== null && { durationMs: row.duration_ms }),
    ...(row.first_token_ms !== null && { firstTokenMs: row.first_token_ms }),
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWriteTokens: row.cache_write_tokens,
      reasoningTokens: row.reasoning_tokens,
    },
    ...(row.cost_usd !== null && { costUsd: row.cost_usd }),
    attemptCount: row.attempt_count,
    warningCount: row.warning_count,
  };
}
