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

    expect(store.prune(now)).toEqual({ deletedTraces: 12_000, deletedAuditEntries: 0 });
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
    expect(store.prune()).toEqual({ deletedTraces: 0, deletedAuditEntries: 0 });
  });

  it('deletes audit rows older than auditRetentionDays, keeps newer ones and traces alike; 0 keeps all', () => {
    temp = tempStore();
    const store = temp.open({ retentionDays: 3650, auditRetentionDays: 90 });
    const now = Date.UTC(2026, 11, 7);
    const entry = (at: number, action: string) => ({
      at,
      actor: 'config file',
      action,
      summary: `${action} done`,
      ok: true,
      detail: {},
    });
    for (let index = 0; index < 6_000; index += 1) store.audit.append(entry(now - 200 * DAY + index, 'old'));
    store.audit.append(entry(now - 91 * DAY, 'just too old'));
    store.audit.append(entry(now - 89 * DAY, 'kept'));
    store.audit.append(entry(now, 'today'));
    store.recorder.record(makeTrace({ startedAt: now - 200 * DAY }));
    store.flush();

    expect(store.prune(now)).toEqual({ deletedTraces: 0, deletedAuditEntries: 6_001 });
    expect(store.audit.list({ limit: 10 }).items.map((item) => item.action)).toEqual(['today', 'kept']);

    // A reload that turns retention off (0) or shortens it applies at the next prune.
    store.configure({ auditRetentionDays: 0 });
    expect(store.prune(now + 365 * DAY).deletedAuditEntries).toBe(0);
    store.configure({ auditRetentionDays: 1 });
    expect(store.prune(now + 2 * DAY).deletedAuditEntries).toBe(2);
  });
});
