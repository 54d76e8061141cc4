import type Database from 'better-sqlite3';
import type { BodyKind } from './types';

const TRACE_COLUMNS = [
  'id',
  'started_at',
  'state',
  'route',
  'inbound_protocol',
  'path',
  'client',
  'user_agent',
  'session_id',
  'requested_model',
  'provider_id',
  'upstream_model',
  'model',
  'scene',
  'decision',
  'status',
  'is_error',
  'error',
  'warnings',
  'warning_count',
  'stream',
  'timings',
  'duration_ms',
  'first_token_ms',
  'attempt_count',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
] as const;

export type TraceColumn = (typeof TRACE_COLUMNS)[number];
export type TraceRow = Record<TraceColumn, string | number | null>;

export interface AttemptRow {
  trace_seq: number;
  position: number;
  provider_id: string;
  key_index: number;
  url: string;
  status: number | null;
  error: string | null;
  started_at: number;
  headers_at: number | null;
  ended_at: number | null;
}

export interface PayloadRow {
  trace_seq: number;
  kind: BodyKind;
  headers: string | null;
  is_text: number;
  encoding: string;
  original_bytes: number;
  truncated: number;
  data: Buffer | null;
}

export interface UsageRollupRow {
  /** Epoch ms of the hour's start (UTC). */
  hour: number;
  provider_id: string;
  model: string;
  route: string;
  client: string;
  requests: number;
  successes: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  unpriced_requests: number;
  /** Requests answered from the response cache (also in `requests` and `successes`). */
  cache_hits: number;
  /** What the cached answers cost when first made: spent once, not again. */
  saved_input_tokens: number;
  saved_output_tokens: number;
  saved_cost_usd: number;
}

export interface WriteStatements {
  /** Returns `{ seq }` unless the trace is already there (a duplicate `record`). */
  insertTrace: Database.Statement<[TraceRow], { seq: number }>;
  insertAttempt: Database.Statement<[AttemptRow]>;
  insertPayload: Database.Statement<[PayloadRow]>;
  upsertUsage: Database.Statement<[UsageRollupRow]>;
  insertTerm: Database.Statement<[string, string]>;
}

const placeholders = TRACE_COLUMNS.map((column) => `@${column}`).join(', ');

export function prepareWriteStatements(db: Database.Database): WriteStatements {
  return {
    insertTrace: db.prepare<[TraceRow], { seq: number }>(
      `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (id) DO NOTHING RETURNING seq`,
    ),
    insertAttempt: db.prepare<[AttemptRow]>(
      `INSERT INTO trace_attempts (trace_seq, position, provider_id, key_index, url, status, error, started_at, headers_at, ended_at)
       VALUES (@trace_seq, @position, @provider_id, @key_index, @url, @status, @error, @started_at, @headers_at, @ended_at)`,
    ),
    // A trace's payloads are inserted once, with its row: a duplicate `record` stops at `insertTrace`.
    insertPayload: db.prepare<[PayloadRow]>(
      `INSERT INTO trace_payloads (trace_seq, kind, headers, is_text, encoding, original_bytes, truncated, data)
       VALUES (@trace_seq, @kind, @headers, @is_text, @encoding, @original_bytes, @truncated, @data)`,
    ),
    insertTerm: db.prepare<[string, string]>('INSERT OR IGNORE INTO trace_terms (kind, value) VALUES (?, ?)'),
    upsertUsage: db.prepare<[UsageRollupRow]>(
      `INSERT INTO usage_hourly (hour, provider_id, model, route, client, requests, successes, errors, input_tokens,
         output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_requests,
         cache_hits, saved_input_tokens, saved_output_tokens, saved_cost_usd)
       VALUES (@hour, @provider_id, @model, @route, @client, @requests, @successes, @errors, @input_tokens,
         @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens, @cost_usd, @unpriced_requests,
         @cache_hits, @saved_input_tokens, @saved_output_tokens, @saved_cost_usd)
       ON CONFLICT (hour, provider_id, model, route, client) DO UPDATE SET
         requests = requests + excluded.requests,
         successes = successes + excluded.successes,
         errors = errors + excluded.errors,
         input_tokens = input_tokens + excluded.input_tokens,
         output_tokens = output_tokens + excluded.output_tokens,
         cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
         cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
         reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
         cost_usd = cost_usd + excluded.cost_usd,
         unpriced_requests = unpriced_requests + excluded.unpriced_requests,
         cache_hits = cache_hits + excluded.cache_hits,
         saved_input_tokens = saved_input_tokens + excluded.saved_input_tokens,
         saved_output_tokens = saved_output_tokens + excluded.saved_output_tokens,
         saved_cost_usd = saved_cost_usd + excluded.saved_cost_usd`,
    ),
  };
}
