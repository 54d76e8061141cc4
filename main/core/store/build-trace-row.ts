import type { Usage } from '../protocols/canonical/types';
import type { PriceLookup } from '../trace/compute-cost';
import { clientFamily, parseClient } from '../trace/parse-client';
import type { AttemptRow, TraceRow } from './prepare-write-statements';
import type { SecretMasker } from '../trace/redact-secrets';
import type { TraceRecord } from './types';

/** Error texts can embed whole upstream bodies; the payload table is the place for those. */
const MAX_ERROR_CHARS = 8192;

export interface FinishedTraceRows {
  trace: TraceRow;
  attempts: Omit<AttemptRow, 'trace_seq'>[];
  usage: Usage;
  costUsd: number | undefined;
  /** A cache hit: what its cached answer cost when first made (undefined cost: the model is unpriced). */
  cacheSaved?: { usage: Usage; costUsd: number | undefined };
  isError: boolean;
  /** The usage rollup's bucket: epoch ms of the hour's start. */
  hour: number;
  providerId: string;
  model: string;
  route: string;
  /** The client's name without its version (usage groups by it). */
  client: string;
}

/** Token counts as non-negative integers: rollups must sum exactly, and a NaN would poison them. */
export function sanitizeUsage(usage: Partial<Usage> | undefined): Usage {
  const count = (value: number | undefined): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
  return {
    inputTokens: count(usage?.inputTokens),
    outputTokens: count(usage?.outputTokens),
    cacheReadTokens: count(usage?.cacheReadTokens),
    cacheWriteTokens: count(usage?.cacheWriteTokens),
    reasoningTokens: count(usage?.reasoningTokens),
  };
}

const HOUR_MS = 3_600_000;

/** The start of the (UTC) hour holding `epochMs`; every time zone's hours start on one. */
export function hourOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

function elapsed(from: number, to: number | undefined): number | null {
  return typeof to === 'number' && Number.isFinite(to) ? Math.max(0, Math.round(to - from)) : null;
}

function maskOptional(masker: SecretMasker, text: string | undefined, limit?: number): string | null {
  if (text === undefined || text === null) return null;
  const capped =
    limit !== undefined && text.length > limit + masker.longest
      ? text.slice(0, limit + masker.longest)
      : text;
  const masked = masker.maskText(capped);
  return limit !== undefined && masked.length > limit ? `${masked.slice(0, limit)}…` : masked;
}

/** A finished trace as table rows: secrets masked, derived columns (model, durations, cost) filled in. */
export function buildFinishedTraceRows({
  trace,
  masker,
  prices,
}: {
  trace: TraceRecord;
  masker: SecretMasker;
  prices: PriceLookup;
}): FinishedTraceRows {
  const usage = sanitizeUsage(trace.usage);
  const model = trace.upstreamModel || trace.requestedModel;
  const error = trace.error ? maskOptional(masker, trace.error, MAX_ERROR_CHARS) : null;
  const isError = trace.status >= 400 || error !== null;
  // A request that used no tokens (a cache hit, count_tokens, one refused before the provider
  // answered) is known to cost 0, even for a model without a price: it is no "unpriced request".
  // Input holds cache reads and writes, output holds reasoning.
  const spentNothing = trace.cacheSaved !== undefined || usage.inputTokens + usage.outputTokens === 0;
  const costUsd =
    typeof trace.costUsd === 'number' && Number.isFinite(trace.costUsd)
      ? trace.costUsd
      : spentNothing
        ? 0
        : prices.costFor(model, usage);
  const savedUsage = trace.cacheSaved ? sanitizeUsage(trace.cacheSaved) : undefined;
  const timings = trace.timings ?? { receivedAt: trace.startedAt };
  const receivedAt = timings.receivedAt ?? trace.startedAt;
  const warnings = (trace.warnings ?? []).map((warning) => ({
    code: warning.code,
    message: masker.maskText(warning.message),
  }));
  const attempts = trace.attempts ?? [];
  const row: TraceRow = {
    id: trace.id,
    started_at: trace.startedAt,
    route: masker.maskText(trace.routeKeyLabel),
    inbound_protocol: trace.inboundProtocol,
    path: masker.maskText(trace.path),
    client: masker.maskText(trace.client || parseClient(trace.userAgent)),
    user_agent: masker.maskText(trace.userAgent ?? ''),
    session_id: maskOptional(masker, trace.sessionId),
    requested_model: trace.requestedModel,
    provider_id: trace.providerId ?? null,
    upstream_model: trace.upstreamModel ?? null,
    model,
    scene: trace.scene ?? null,
    state: 'done',
    decision: trace.decision === undefined ? null : masker.maskText(JSON.stringify(trace.decision)),
    status: trace.status,
    is_error: isError ? 1 : 0,
    error,
    warnings: JSON.stringify(warnings),
    warning_count: warnings.length,
    stream: trace.stream ? 1 : 0,
    timings: JSON.stringify(timings),
    duration_ms: elapsed(receivedAt, timings.clientDoneAt ?? timings.lastByteAt),
    first_token_ms: elapsed(receivedAt, timings.firstTokenAt),
    attempt_count: attempts.length,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    reasoning_tokens: usage.reasoningTokens,
    cost_usd: costUsd ?? null,
  };
  return {
    trace: row,
    attempts: attempts.map((attempt, position) => ({
      position,
      provider_id: attempt.providerId,
      key_index: attempt.keyIndex,
      url: masker.maskText(attempt.url),
      status: attempt.status ?? null,
      error: maskOptional(masker, attempt.error, MAX_ERROR_CHARS),
      started_at: attempt.startedAt,
      headers_at: attempt.headersAt ?? null,
      ended_at: attempt.endedAt ?? null,
    })),
    usage,
    costUsd,
    ...(savedUsage && { cacheSaved: { usage: savedUsage, costUsd: prices.costFor(model, savedUsage) } }),
    isError,
    hour: hourOf(trace.startedAt),
    providerId: trace.providerId ?? '',
    model,
    route: row.route as string,
    client: clientFamily(row.client as string),
  };
}
