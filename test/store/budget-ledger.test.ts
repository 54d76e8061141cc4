import { describe, expect, it } from 'vitest';
import { createBudgetLedger, type BudgetAmounts } from '../../main/core/store/budget-ledger';
import { openDatabase } from '../../main/core/store/open-database';

// Charges are queued and summed per window: a batch writes each window's row once, and every read sees
// what is queued.

const day = { scope: 'route:abc', window: 'day', windowStart: 1_000 };
const month = { scope: '*', window: 'month', windowStart: 500 };
const usage = (costUsd: number, inputTokens = 10): BudgetAmounts => ({
  requests: 1,
  inputTokens,
  outputTokens: 2,
  cacheReadTokens: 1,
  cacheWriteTokens: 0,
  costUsd,
});

describe('budget ledger', () => {
  const setUp = () => {
    const db = openDatabase(':memory:');
    const ledger = createBudgetLedger(db, { batch: { maxDelayMs: 1_000, maxItems: 1_000 } });
    let upserts = 0;
    db.function('count_upsert', () => ++upserts);
    db.exec(`CREATE TRIGGER count_usage_writes AFTER UPDATE ON budget_usage BEGIN SELECT count_upsert(); END;
             CREATE TRIGGER count_usage_inserts AFTER INSERT ON budget_usage BEGIN SELECT count_upsert(); END;`);
    return { db, ledger, writes: () => upserts };
  };

  it('sums the charges of one batch per window and writes each window once', () => {
    const { ledger, writes } = setUp();
    for (let index = 0; index < 50; index++)
      ledger.charge({ windows: [day, month], usage: usage(0.25, index), keepUntil: 0 });
    expect(writes()).toBe(0);
    ledger.flush();
    expect(writes()).toBe(2);
    const expected = {
      requests: 50,
      inputTokens: (49 * 50) / 2,
      outputTokens: 100,
      cacheReadTokens: 50,
      cacheWriteTokens: 0,
      costUsd: 12.5,
    };
    expect(ledger.settled(day)).toEqual(expected);
    expect(ledger.settled(month)).toEqual(expected);
  });

  it('a read sees what is queued, and a later batch adds to the stored row', () => {
    const { ledger } = setUp();
    ledger.charge({ windows: [day], usage: usage(1), keepUntil: 0 });
    expect(ledger.settled(day).costUsd).toBe(1);
    ledger.charge({ windows: [day], usage: usage(2), keepUntil: 0 });
    ledger.charge({ windows: [day], usage: usage(3), keepUntil: 0 });
    expect(ledger.settled(day)).toMatchObject({ requests: 3, costUsd: 6 });
    expect(ledger.settled(month).requests).toBe(0);
  });

  it('does not change the amounts it was given', () => {
    const { ledger } = setUp();
    const given = usage(1);
    ledger.charge({ windows: [day], usage: given, keepUntil: 0 });
    ledger.charge({ windows: [day], usage: usage(1), keepUntil: 0 });
    ledger.flush();
    expect(given).toEqual(usage(1));
  });

  it('remembers the idempotency key of a charged request until its keep time', () => {
    const { ledger } = setUp();
    ledger.charge({ windows: [day], usage: usage(1), idempotencyKey: 'k1', keepUntil: 5_000 });
    expect(ledger.chargedUntil('k1', 4_000)).toBe(5_000);
    expect(ledger.chargedUntil('k1', 5_000)).toBeUndefined();
    expect(ledger.expire(6_000)).toBe(1);
  });
});
