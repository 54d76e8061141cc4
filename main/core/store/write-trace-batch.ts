import type Database from 'better-sqlite3';
import { buildFinishedTraceRows, type FinishedTraceRows } from './build-trace-row';
import type { PriceLookup } from '../trace/compute-cost';
import { encodePayload, encodePayloadAsync, type EncodedPayload } from './encode-payload';
import type { PayloadRow, UsageRollupRow, WriteStatements } from './prepare-write-statements';
import { redactHeaders, type SecretMasker } from '../trace/redact-secrets';
import { BODY_KINDS, type BodyKind, type TraceRecord } from './types';

export interface QueueItem {
  trace: TraceRecord;
  /** False when the capture mode or back-pressure ruled the payloads out. */
  capture: boolean;
  /** Payloads already redacted, capped and compressed off the event loop (see `precompressPayloads`). */
  encoded?: Partial<Record<BodyKind, EncodedPayload>>;
}

export interface BatchContext {
  db: Database.Database;
  statements: WriteStatements;
  masker: SecretMasker;
  prices: PriceLookup;
  bodyCapBytes: number;
  /** Search terms already in `trace_terms`, so most batches insert none. */
  knownTerms: Set<string>;
}

export const TERM_KINDS = ['path', 'model', 'client'] as const;
export type TermKind = (typeof TERM_KINDS)[number];
/** Bounds memory if some column turns out to be high-cardinality; forgetting only costs an extra INSERT OR IGNORE. */
const MAX_KNOWN_TERMS = 50_000;

export interface BatchResult {
  /** Finished traces written. */
  written: number;
  /** `record` calls for a trace that was already finished; ignored so usage is not counted twice. */
  duplicates: number;
}

interface PreparedItem {
  rows: FinishedTraceRows;
  payloads: Omit<PayloadRow, 'trace_seq'>[];
}

/**
 * Compress a batch's payloads on libuv's thread pool before the batch is
 * written, so the synchronous write that follows is short. Items it did not
 * reach (a shutdown flush) are compressed inline by `writeTraceBatch`.
 */
export async function precompressPayloads(
  items: readonly QueueItem[],
  context: Pick<BatchContext, 'masker' | 'bodyCapBytes'>,
): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const item of items) {
    if (!item.capture || !item.trace.bodies) continue;
    const encoded: Partial<Record<BodyKind, EncodedPayload>> = {};
    for (const kind of BODY_KINDS) {
      const value = item.trace.bodies[kind];
      if (value === undefined) continue;
      jobs.push(
        encodePayloadAsync({ value, capBytes: context.bodyCapBytes, masker: context.masker }).then(
          (payload) => {
            encoded[kind] = payload;
          },
        ),
      );
    }
    item.encoded = encoded;
  }
  await Promise.all(jobs);
}

function preparePayloads(
  trace: TraceRecord,
  encodedAhead: Partial<Record<BodyKind, EncodedPayload>> | undefined,
  context: BatchContext,
): Omit<PayloadRow, 'trace_seq'>[] {
  const payloads: Omit<PayloadRow, 'trace_seq'>[] = [];
  for (const kind of BODY_KINDS) {
    const body = trace.bodies?.[kind];
    const headers = trace.headers?.[kind];
    if (body === undefined && headers === undefined) continue;
    const headerJson = headers === undefined ? null : JSON.stringify(redactHeaders(headers, context.masker));
    if (body === undefined) {
      payloads.push({
        kind,
        headers: headerJson,
        is_text: 1,
        encoding: 'identity',
        original_bytes: 0,
        truncated: 0,
        data: null,
      });
      continue;
    }
    const encoded =
      encodedAhead?.[kind] ??
      encodePayload({ value: body, capBytes: context.bodyCapBytes, masker: context.masker });
    payloads.push({
      kind,
      headers: headerJson,
      is_text: encoded.isText ? 1 : 0,
      encoding: encoded.encoding,
      original_bytes: encoded.originalBytes,
      truncated: encoded.truncated ? 1 : 0,
      data: encoded.data,
    });
  }
  return payloads;
}

/** Build every row outside the transaction (redaction and compression are the slow part) so the write lock is short. */
function prepareItems(items: readonly QueueItem[], context: BatchContext): PreparedItem[] {
  return items.map((item): PreparedItem => ({
    rows: buildFinishedTraceRows({ trace: item.trace, masker: context.masker, prices: context.prices }),
    payloads: item.capture ? preparePayloads(item.trace, item.encoded, context) : [],
  }));
}

function addToRollup(rollups: Map<string, UsageRollupRow>, rows: FinishedTraceRows): void {
  const key = JSON.stringify([rows.hour, rows.providerId, rows.model, rows.route, rows.client]);
  let rollup = rollups.get(key);
  if (!rollup) {
    rollup = {
      hour: rows.hour,
      provider_id: rows.providerId,
      model: rows.model,
      route: rows.route,
      client: rows.client,
      requests: 0,
      successes: 0,
      errors: 0,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: 0,
      unpriced_requests: 0,
      cache_hits: 0,
      saved_input_tokens: 0,
      saved_output_tokens: 0,
      saved_cost_usd: 0,
    };
    rollups.set(key, rollup);
  }
  rollup.requests += 1;
  if (rows.isError) rollup.errors += 1;
  else rollup.successes += 1;
  rollup.input_tokens += rows.usage.inputTokens;
  rollup.output_tokens += rows.usage.outputTokens;
  rollup.cache_read_tokens += rows.usage.cacheReadTokens;
  rollup.cache_write_tokens += rows.usage.cacheWriteTokens;
  rollup.reasoning_tokens += rows.usage.reasoningTokens;
  if (rows.costUsd === undefined) rollup.unpriced_requests += 1;
  else rollup.cost_usd += rows.costUsd;
  if (rows.cacheSaved) {
    rollup.cache_hits += 1;
    rollup.saved_input_tokens += rows.cacheSaved.usage.inputTokens;
    rollup.saved_output_tokens += rows.cacheSaved.usage.outputTokens;
    rollup.saved_cost_usd += rows.cacheSaved.costUsd ?? 0;
  }
}

/** Write one batch in ONE transaction: trace rows, attempts, payloads and the usage rollup commit together or not at all. */
export function writeTraceBatch(items: readonly QueueItem[], context: BatchContext): BatchResult {
  const prepared = prepareItems(items, context);
  const { statements } = context;
  const newTerms = new Set<string>();
  const result = context.db.transaction((): BatchResult => {
    const rollups = new Map<string, UsageRollupRow>();
    let written = 0;
    let duplicates = 0;
    for (const item of prepared) {
      const row = item.rows.trace;
      for (const kind of TERM_KINDS) {
        const term = `${kind}\u0000${String(row[kind])}`;
        if (!context.knownTerms.has(term) && !newTerms.has(term)) {
          statements.insertTerm.run(kind, String(row[kind]));
          newTerms.add(term);
        }
      }
      const inserted = statements.insertTrace.get(row);
      if (!inserted) {
        duplicates += 1;
        continue;
      }
      for (const attempt of item.rows.attempts)
        statements.insertAttempt.run({ ...attempt, trace_seq: inserted.seq });
      for (const payload of item.payloads)
        statements.insertPayload.run({ ...payload, trace_seq: inserted.seq });
      addToRollup(rollups, item.rows);
      written += 1;
    }
    for (const rollup of rollups.values()) statements.upsertUsage.run(rollup);
    return { written, duplicates };
  })();
  // Only after the commit: a rolled-back batch must not mark its terms as stored.
  if (context.knownTerms.size + newTerms.size > MAX_KNOWN_TERMS) context.knownTerms.clear();
  for (const term of newTerms) context.knownTerms.add(term);
  return result;
}
