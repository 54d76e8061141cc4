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

  const charges = createWriteBehind<BudgetCharge & { at: number }>({
    db,
    what: 'budget charge',
    ...options.batch,
    ...(options.logger ? { logger: options.logger } : {}),
    write({ windows, usage, idempotencyKey, keepUntil, at }) {
      for (const key of windows)
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
      if (idempotencyKey !== undefined) rememberKey.run(idempotencyKey, idempotencyKey, at, keepUntil);
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
    charge: (charge) => charges.push({ ...charge, at: Date.now() }),
    flush: charges.flush,
    expire(now) {
      charges.flush();
      return expireStatement.run(now).changes;
    },
  };
}
