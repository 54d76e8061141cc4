import type { ResponseCacheTable } from './response-cache-table';
import type { SemanticCacheTable } from './semantic-cache-table';
import type { AuditLog } from './audit-log';
import type { BudgetLedger } from './budget-ledger';
import type { CaptureMode, PriceOverrides, TraceDetail, TraceRecord, TraceSummary } from '../trace/types';

// The trace shapes live in core/trace; re-exported for the store's readers.
export * from '../trace/types';

export interface ListTracesQuery {
  /** Inclusive lower bound on `startedAt`. */
  from?: number;
  /** Exclusive upper bound on `startedAt`. */
  to?: number;
  providerId?: string;
  /** Matches the upstream model, or the requested one when no upstream model was recorded. */
  model?: string;
  route?: string;
  /** `ok` (< 400, no error), `error`, or an exact HTTP status. */
  status?: 'ok' | 'error' | number;
  sessionId?: string;
  client?: string;
  /** Case-insensitive substring of path, model, client or error text. */
  text?: string;
  /** Page size, 1–200 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface TracePage {
  items: TraceSummary[];
  nextCursor?: string;
}

export type UsageDimension = 'provider' | 'model' | 'route' | 'client';
export type UsageGroupBy = 'day' | 'hour' | UsageDimension;

export interface UsageStatsQuery {
  /** Epoch ms; whole hours from the one containing `from` to the one containing `to` are included. */
  from: number;
  to: number;
  groupBy: UsageGroupBy;
  /** A second grouping inside each row's group (stacked charts: per day, split by provider). */
  splitBy?: UsageDimension;
  /** Only usage of this provider, model, route label or client. */
  providerId?: string;
  model?: string;
  route?: string;
  client?: string;
  /** The viewer's offset from UTC in minutes (UTC+8 = 480): where `day` and `hour` keys start. */
  tzOffsetMinutes?: number;
}

export interface UsageRow {
  /**
   * Per `groupBy`: the day (`YYYY-MM-DD`) or hour (`YYYY-MM-DDTHH:00`) in the viewer's time zone,
   * the provider id, model, route label or client ('' for usage recorded before clients were).
   */
  key: string;
  /** The `splitBy` value, when one was asked for. */
  split?: string;
  requests: number;
  successes: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Requests whose model has no known price; their cost is not in `costUsd`. */
  unpricedRequests: number;
  /** Requests answered from the response cache (counted in `requests`; their tokens and cost are 0). */
  cacheHits: number;
  /** What those cached answers cost when first made, so did not cost again (unpriced models add no cost). */
  savedInputTokens: number;
  savedOutputTokens: number;
  savedCostUsd: number;
}

export type LatencyGroupBy = 'provider' | 'model';

export interface LatencyStatsQuery {
  /** Epoch ms, inclusive. */
  from: number;
  to: number;
  groupBy: LatencyGroupBy;
}

/** Latency percentiles (nearest rank) of the successful requests of one provider or model. */
export interface LatencyRow {
  key: string;
  /** Successful requests with a known duration. */
  requests: number;
  firstTokenP50Ms?: number;
  firstTokenP95Ms?: number;
  durationP50Ms?: number;
  durationP95Ms?: number;
}

/** Pino's argument order (details first), so a pino logger can be passed as is. */
export interface StoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface StoreOptions {
  /** `ais.db` in the AI Switch home; `:memory:` works for tests. */
  dbPath: string;
  captureMode: CaptureMode;
  /** Per payload; default 256 KiB. */
  bodyCapBytes?: number;
  retentionDays: number;
  /** Audit log rows older than this many days are deleted on prune; absent or 0 keeps them all. */
  auditRetentionDays?: number;
  prices?: PriceOverrides;
  /**
   * Current provider keys; any of them (≥ 8 characters) is masked wherever it appears.
   * Read per batch; returning the same array while the keys are unchanged spares rebuilding the masker.
   */
  secrets: () => string[];
  batch?: { maxDelayMs?: number; maxRecords?: number };
  /** Pending records above which new payloads are dropped (trace rows never are). Default 10,000. */
  maxPending?: number;
  logger?: StoreLogger;
}

export interface StoreStats {
  queued: number;
  written: number;
  droppedBodies: number;
  droppedTraces: number;
  /** Duration of the last flush in milliseconds. */
  lastFlushMs: number;
}

export interface Recorder {
  /** Enqueue a finished trace; never touches the database on the caller's stack. */
  record(trace: TraceRecord): void;
}

export interface StoreQueries {
  listTraces(query: ListTracesQuery): TracePage;
  getTrace(id: string): TraceDetail | undefined;
  usageStats(query: UsageStatsQuery): UsageRow[];
  latencyStats(query: LatencyStatsQuery): LatencyRow[];
}

export interface PruneResult {
  deletedTraces: number;
  deletedAuditEntries: number;
}

export interface Store {
  recorder: Recorder;
  /** Guardrail budgets: settled usage and reservations (see core/governance). */
  budgets: BudgetLedger;
  /** Admin calls and config changes, redacted (see core/governance). */
  audit: AuditLog;
  /** The disk layer of the guardrails' response cache. */
  responseCache: ResponseCacheTable;
  /** The semantic cache's vectors and the evaluations that gate it. */
  semanticCache: SemanticCacheTable;
  queries: StoreQueries;
  /**
   * Delete traces (with their attempts and payloads) older than `retentionDays` and audit rows older
   * than `auditRetentionDays`; usage rollups stay.
   */
  prune(now?: number): PruneResult;
  /** Apply reloaded settings (capture mode, body cap, retention, prices) from the next request on. */
  configure(
    settings: Partial<
      Pick<StoreOptions, 'captureMode' | 'bodyCapBytes' | 'retentionDays' | 'auditRetentionDays' | 'prices'>
    >,
  ): void;
  stats(): StoreStats;
  /** Write everything pending, synchronously, then close the database. */
  close(): void;
  /** Write everything pending now (tests, shutdown hooks). */
  flush(): void;
}
