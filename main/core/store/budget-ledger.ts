import type Database from 'better-sqlite3';
import type { StoreLogger } from './types';
import { createWriteBehind, type WriteBehindBatch } from './write-behind';

/** Amounts counted against a budget window. */
export interface BudgetAmounts {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

/** Nothing counted yet: a window's usage before its first charge. */
export function noBudgetAmounts(): BudgetAmounts {
  return {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
  };
}

export function addAmounts(into: BudgetAmounts, amounts: BudgetAmounts): void {
  into.requests += amounts.requests;
  into.inputTokens += amounts.inputTokens;
  into.outputTokens += amounts.outputTokens;
  into.cacheReadTokens += amounts.cacheReadTokens;
  into.cacheWriteTokens += amounts.cacheWriteTokens;
  into.costUsd += amounts.costUsd;
}

export interface BudgetWindowKey {
  scope: string;
  window: string;
  windowStart: number;
}

export interface BudgetCharge {
  windows: BudgetWindowKey[];
  usage: BudgetAmounts;
  /** Remembered until `keepUntil`: a retry carrying it is not charged again, across restarts too. */
  idempotencyKey?: string;
  keepUntil: number;
}

/**
 * The SQL of guardrail budgets (the rules, and the holds of requests in
 * flight, live in core/governance): settled usage per window and the
 * idempotency keys of charged requests. Charges are written behind, in
 * batches like the recorder's; every read here sees them.
 */
export interface BudgetLedger {
  /** Settled usage in one window. */
  settled(key: BudgetWindowKey): BudgetAmounts;
  /** Until when a charged request's idempotency key is remembered; undefined if it is not. */
  chargedUntil(idempotencyKey: string, now: number): number | undefined;
  charge(charge: BudgetCharge): void;
  /** Writes the charges still queued. */
  flush(): void;
  /** Forgets idempotency keys past their keep time. */
  expire(now: number): number;
}

/** A window's queued sum, or a charged request's idempotency key. */
interface QueuedUsage {
  windowId: string;
  key: BudgetWindowKey;
  usage: BudgetAmounts;
  idempotencyKey?: undefined;
}
type QueuedCharge = QueuedUsage | { idempotencyKey: string; keepUntil: number; at: number };

export function createBudgetLedger(
  db: Database.Database,
  options: { batch: WriteBehindBatch; logger?: StoreLogger },
): BudgetLedger {
  const settledStatement = db.prepare<[string, string, number]>(`
    SELECT requests, input_tokens AS inputTokens, output_tokens AS outputTokens,
           cache_read_tokens AS cacheReadTokens, cache_write_tokens AS cacheWriteTokens, cost_usd AS costUsd
      FROM budget_usage WHERE scope = ? AND window = ? AND window_start = ?`);
  const chargedStatement = db.prepare<[string, number]>(
    `SELECT expires_at AS keepUntil FROM budget_reservations
      WHERE idempotency_key = ? AND state = 'charged' AND expires_at > ?`,
  );
  const addUsage = db.prepare<[string, string, number, number, number, number, number, number, number]>(`
    INSERT INTO budget_usage (scope, window, window_start, requests, input_tokens, output_tokens,
                              cache_read_tokens, cache_write_tokens, cost_usd)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (scope, window, window_start) DO UPDATE SET
      requests = requests + excluded.requests,
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
      cost_usd = cost_usd + excluded.cost_usd`);
  // The row's id is its key: only charged requests that carried one are kept.
  const rememberKey = db.prepare<[string, string, number, number]>(
    `INSERT INTO budget_reservations (id, idempotency_key, state, created_at, expires_at)
     VALUES (?, ?, 'charged', ?, ?)
     ON CONFLICT (idempotency_key) DO UPDATE SET state = 'charged', expires_at = excluded.expires_at`,
  );
  const expireStatement = db.prepare<[number]>(`DELETE FROM budget_reservations WHERE expires_at <= ?`);

  /**
   * What is queued for each window, summed: a batch writes a window's row once however many requests
   * it charged (an upsert per request and window was most of a charge's cost under load).
   */
  const queuedUsage = new Map<string, QueuedUsage>();
  const charges = createWriteBehind<QueuedCharge>({
    db,
    what: 'budget charge',
    ...options.batch,
    ...(options.logger ? { logger: options.logger } : {}),
    write(item) {
      if (item.idempotencyKey !== undefined) {
        rememberKey.run(item.idempotencyKey, item.idempotencyKey, item.at, item.keepUntil);
        return;
      }
      // Charges from here on start a new sum (a failed batch writes this item again, alone).
      if (queuedUsage.get(item.windowId) === item) queuedUsage.delete(item.windowId);
      const { key, usage } = item;
      addUsage.run(
        key.scope,
        key.window,
        key.windowStart,
        usage.requests,
        usage.inputTokens,
        usage.outputTokens,
        usage.cacheReadTokens,
        usage.cacheWriteTokens,
        usage.costUsd,
      );
    },
  });

  return {
    settled(key) {
      charges.flush();
      return (
        (settledStatement.get(key.scope, key.window, key.windowStart) as BudgetAmounts | undefined) ??
        noBudgetAmounts()
      );
    },
    chargedUntil(idempotencyKey, now) {
      charges.flush();
      return (chargedStatement.get(idempotencyKey, now) as { keepUntil: number } | undefined)?.keepUntil;
    },
    charge({ windows, usage, idempotencyKey, keepUntil }) {
      for (const key of windows) {
        const windowId = `${key.scope}|${key.window}|${key.windowStart}`;
        const queued = queuedUsage.get(windowId);
        if (queued) addAmounts(queued.usage, usage);
        else {
          const item = { windowId, key, usage: { ...usage } };
          queuedUsage.set(windowId, item);
          charges.push(item);
        }
      }
      if (idempotencyKey !== undefined) charges.push({ idempotencyKey, keepUntil, at: Date.now() });
    },
    flush: charges.flush,
    expire(now) {
      charges.flush();
      return expireStatement.run(now).changes;
    },
  };
}
