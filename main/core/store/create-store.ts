import path from 'node:path';
import { createPriceLookup } from '../trace/compute-cost';
import { createAuditLog } from './audit-log';
import { createBudgetLedger } from './budget-ledger';
import { createRecorder } from './create-recorder';
import { createResponseCacheTable } from './response-cache-table';
import { createSemanticCacheTable } from './semantic-cache-table';
import { openCacheDatabase } from './open-cache-database';
import { createGetTrace } from './get-trace';
import { createListTraces } from './list-traces';
import { openDatabase } from './open-database';
import { prepareWriteStatements } from './prepare-write-statements';
import { createPruneAuditLog, createPruneTraces } from './prune-traces';
import { createCachedSecretMasker } from '../trace/redact-secrets';
import type { Store, StoreOptions } from './types';
import { createLatencyStats } from './latency-stats';
import { createUsageStats } from './usage-stats';
import { precompressPayloads, writeTraceBatch } from './write-trace-batch';

export const DEFAULT_BODY_CAP_BYTES = 256 * 1024;
const DEFAULT_MAX_DELAY_MS = 50;
/** The recorder promises a flush within this long of a record. */
const MAX_DELAY_CEILING_MS = 100;
const DEFAULT_MAX_RECORDS = 500;
const DEFAULT_MAX_PENDING = 10_000;
const MAX_PENDING_BODY_BYTES = 64 * 1024 * 1024;

/** Open `ais.db` (migrating it) and return the recorder, the queries, retention and shutdown. */
export function createStore(options: StoreOptions): Store {
  const db = openDatabase(options.dbPath);
  const cacheDb = openCacheDatabase(
    options.dbPath === ':memory:' ? ':memory:' : path.join(path.dirname(options.dbPath), 'cache.db'),
    options.logger,
  );
  const statements = prepareWriteStatements(db);
  // What a config reload may change; read at use, so `configure` applies to the next request.
  const settings = {
    captureMode: options.captureMode,
    bodyCapBytes: capBytesOf(options.bodyCapBytes),
    retentionDays: options.retentionDays,
    auditRetentionDays: options.auditRetentionDays,
    prices: createPriceLookup(options.prices),
  };
  const maxDelayMs = Math.min(
    MAX_DELAY_CEILING_MS,
    Math.max(0, options.batch?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
  );
  const maxRecords = Math.max(1, Math.floor(options.batch?.maxRecords ?? DEFAULT_MAX_RECORDS));
  const knownTerms = new Set<string>();
  // Secrets are read per batch so rotated keys are masked from the next flush on.
  const masker = createCachedSecretMasker(options.secrets);

  const handle = createRecorder({
    captureMode: () => settings.captureMode,
    maxDelayMs,
    maxRecords,
    maxPending: Math.max(1, options.maxPending ?? DEFAULT_MAX_PENDING),
    maxPendingBodyBytes: MAX_PENDING_BODY_BYTES,
    writeBatch: (items) =>
      writeTraceBatch(items, {
        db,
        statements,
        masker: masker(),
        prices: settings.prices,
        bodyCapBytes: settings.bodyCapBytes,
        knownTerms,
      }),
    prepareBatch: (items) =>
      precompressPayloads(items, {
        masker: masker(),
        bodyCapBytes: settings.bodyCapBytes,
      }),
    ...(options.logger && { logger: options.logger }),
  });

  const pruneTraces = createPruneTraces(db, () => settings.retentionDays);
  const pruneAuditLog = createPruneAuditLog(db, () => settings.auditRetentionDays);
  // Budget charges and cache entries are written in batches on the recorder's schedule (cache entries
  // by their writer thread).
  const writeBehind = {
    batch: { maxDelayMs, maxItems: maxRecords },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const budgets = createBudgetLedger(db, writeBehind);
  const responseCache = createResponseCacheTable(cacheDb, writeBehind);
  let closed = false;
  return {
    recorder: handle.recorder,
    budgets,
    audit: createAuditLog(db),
    responseCache,
    semanticCache: createSemanticCacheTable({ cacheDb, db }),
    queries: {
      listTraces: createListTraces(db),
      getTrace: createGetTrace(db),
      usageStats: createUsageStats(db),
      latencyStats: createLatencyStats(db),
    },
    prune: (now = Date.now()) => ({ ...pruneTraces(now), ...pruneAuditLog(now) }),
    configure(next) {
      if (next.captureMode !== undefined) settings.captureMode = next.captureMode;
      if (next.bodyCapBytes !== undefined) settings.bodyCapBytes = capBytesOf(next.bodyCapBytes);
      if (next.retentionDays !== undefined) settings.retentionDays = next.retentionDays;
      if ('auditRetentionDays' in next) settings.auditRetentionDays = next.auditRetentionDays;
      if (next.prices !== undefined) settings.prices = createPriceLookup(next.prices);
    },
    stats: handle.stats,
    flush: () => {
      if (closed) return;
      handle.flushAll();
      budgets.flush();
      responseCache.flush();
    },
    close: () => {
      if (closed) return;
      handle.stop();
      handle.flushAll();
      budgets.flush();
      // Flushes, then stops the cache's writer thread (it has its own connection to cache.db).
      responseCache.close();
      closed = true;
      db.pragma('optimize');
      db.close();
      cacheDb.close();
    },
  };
}

function capBytesOf(bodyCapBytes: number | undefined): number {
  return Math.max(0, Math.floor(bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES));
}
