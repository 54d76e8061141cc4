import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const DAY = 86_400_000;

describe('prune', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('deletes traces older than retentionDays with their attempts and payloads, and keeps the rollups', () => {
    temp = tempStore();
    const store = temp.open({ retentionDays: 7 });
    const now = Date.UTC(2025, 9, 20);
    const old = Array.from({ length: 12_000 }, (_, index) =>
      makeTrace({
        startedAt: now - 30 * DAY + index,
        bodies: index % 1000 === 0 ? { clientRequest: 'old body' } : {},
      }),
    );
    const fresh = Array.from({ length: 10 }, (_, index) =>
      makeTrace({ startedAt: now - DAY + index, bodies: { clientRequest: 'new' } }),
    );
    // Two flushes: 12,010 pending at once would be over the back-pressure bound and shed the payloads.
    for (const trace of old) store.recorder.record(trace);
    store.flush();
    for (const trace of fresh) store.recorder.record(trace);
    store.flush();
    const before = store.queries.usageStats({ from: now - 40 * DAY, to: now, groupBy: 'day' });

    expect(store.prune(now)).toEqual({ deletedTraces: 12_000 });
    expect(store.queries.getTrace(old[0]?.id ?? '')).toBeUndefined();
    expect(store.queries.getTrace(fresh[0]?.id ?? '')?.bodies.clientRequest?.content).toBe('new');
    expect(store.queries.listTraces({ limit: 200 }).items).toHaveLength(10);
    expect(store.queries.usageStats({ from: now - 40 * DAY, to: now, groupBy: 'day' })).toEqual(before);
    expect(before.reduce((total, row) => total + row.requests, 0)).toBe(12_010);
    store.close();

    const db = new Database(temp.dbPath, { readonly: true });
    const count = (table: string): number =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('trace_attempts')).toBe(10);
    expect(count('trace_payloads')).toBe(10);
    db.close();
  });

  it('treats a non-positive retention as keep-everything', () => {
    temp = tempStore();
    const store = temp.open({ retentionDays: 0 });
    store.recorder.record(makeTrace({ startedAt: 0 }));
    store.flush();
    expect(store.prune()).toEqual({ deletedTraces: 0 });
  });
});
