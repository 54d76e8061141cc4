import type Database from 'better-sqlite3';

/** Amounts counted against a budget window. */
export interface BudgetAmounts {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface BudgetWindowKey {
  scope: string;
  window: string;
  windowStart: number;
}

export interface BudgetReservationRow {
  id: string;
  idempotencyKey?: string;
  state: 'held' | 'charged';
  expiresAt: number;
}

/**
 * The SQL of guardrail budgets (the rules live in core/governance): settled
 * usage, reservations and their holds. Every method is one statement or one
 * transaction; `transaction` lets the caller check and reserve atomically.
 */
export interface BudgetLedger {
  transaction<T>(work: () => T): T;
  /** Settled usage plus the holds of live reservations, in one window. */
  used(key: BudgetWindowKey, now: number): BudgetAmounts;
  findByIdempotencyKey(key: string): BudgetReservationRow | undefined;
  reserve(input: {
    id: string;
    idempotencyKey?: string;
    createdAt: number;
    expiresAt: number;
    holds: (BudgetWindowKey & BudgetAmounts)[];
  }): void;
  /** Drops the holds and adds the real usage to each window; the row stays (as `charged`) for its idempotency key. */
  charge(id: string, windows: BudgetWindowKey[], usage: BudgetAmounts, keepUntil: number): void;
  /** Forgets the reservation (failed before the first byte): nothing is charged and its key is free again. */
  release(id: string): void;
  /** Deletes held reservations past their expiry and charged ones past their keep time. */
  expire(now: number): number;
  /** Deletes every held reservation (the process that made them is gone). */
  releaseAllHeld(): number;
}

export function createBudgetLedger(db: Database.Database): BudgetLedger {
  const usedStatement = db.prepare<[string, string, number, string, string, number, number]>(`
    SELECT
      COALESCE(SUM(requests), 0) AS requests,
      COALESCE(SUM(input_tokens), 0) AS inputTokens,
      COALESCE(SUM(output_tokens), 0) AS outputTokens,
      COALESCE(SUM(cache_read_tokens), 0) AS cacheReadTokens,
      COALESCE(SUM(cache_write_tokens), 0) AS cacheWriteTokens,
      COALESCE(SUM(cost_usd), 0) AS costUsd
    FROM (
      SELECT requests, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd
        FROM budget_usage WHERE scope = ? AND window = ? AND window_start = ?
      UNION ALL
      SELECT h.requests, h.input_tokens, h.output_tokens, 0, 0, h.cost_usd
        FROM budget_holds h JOIN budget_reservations r ON r.id = h.reservation_id
        WHERE h.scope = ? AND h.window = ? AND h.window_start = ? AND r.state = 'held' AND r.expires_at > ?
    )`);
  const findStatement = db.prepare<[string]>(
    `SELECT id, idempotency_key AS idempotencyKey, state, expires_at AS expiresAt
       FROM budget_reservations WHERE idempotency_key = ?`,
  );
  const insertReservation = db.prepare<[string, string | null, number, number]>(
    `INSERT INTO budget_reservations (id, idempotency_key, state, created_at, expires_at) VALUES (?, ?, 'held', ?, ?)`,
  );
  const insertHold = db.prepare<[string, string, string, number, number, number, number, number]>(
    `INSERT INTO budget_holds (reservation_id, scope, window, window_start, requests, input_tokens, output_tokens, cost_usd)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
  const markCharged = db.prepare<[number, string]>(
    `UPDATE budget_reservations SET state = 'charged', expires_at = ? WHERE id = ?`,
  );
  const deleteHolds = db.prepare<[string]>(`DELETE FROM budget_holds WHERE reservation_id = ?`);
  const deleteReservation = db.prepare<[string]>(`DELETE FROM budget_reservations WHERE id = ?`);
  const expireStatement = db.prepare<[number]>(`DELETE FROM budget_reservations WHERE expires_at <= ?`);
  const releaseHeld = db.prepare(`DELETE FROM budget_reservations WHERE state = 'held'`);

  return {
    transaction: (work) => db.transaction(work)(),
    used(key, now) {
      return usedStatement.get(
        key.scope,
        key.window,
        key.windowStart,
        key.scope,
        key.window,
        key.windowStart,
        now,
      ) as BudgetAmounts;
    },
    findByIdempotencyKey(key) {
      const row = findStatement.get(key) as
        (Omit<BudgetReservationRow, 'idempotencyKey'> & { idempotencyKey: string | null }) | undefined;
      if (!row) return undefined;
      return {
        id: row.id,
        idempotencyKey: row.idempotencyKey ?? undefined,
        state: row.state,
        expiresAt: row.expiresAt,
      };
    },
    reserve(input) {
      insertReservation.run(input.id, input.idempotencyKey ?? null, input.createdAt, input.expiresAt);
      for (const hold of input.holds)
        insertHold.run(
          input.id,
          hold.scope,
          hold.window,
          hold.windowStart,
          hold.requests,
          hold.inputTokens,
          hold.outputTokens,
          hold.costUsd,
        );
    },
    charge(id, windows, usage, keepUntil) {
      db.transaction(() => {
        deleteHolds.run(id);
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
        markCharged.run(keepUntil, id);
      })();
    },
    release(id) {
      deleteReservation.run(id);
    },
    expire: (now) => expireStatement.run(now).changes,
    releaseAllHeld: () => releaseHeld.run().changes,
  };
}
