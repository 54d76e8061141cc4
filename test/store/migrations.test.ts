import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../main/core/store/migrations';
import { makeTrace, tempStore, type TempStore } from './make-trace';

describe('store migrations', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('creates the schema from an empty file, in WAL mode, at the latest user_version', () => {
    temp = tempStore();
    temp.open().close();
    const db = new Database(temp.dbPath, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(['trace_attempts', 'trace_payloads', 'traces', 'usage_hourly']),
    );
    db.close();
  });

  it('numbers migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('re-opens an existing database without re-running migrations and keeps its data', () => {
    temp = tempStore();
    const first = temp.open();
    first.recorder.record(makeTrace({ id: 'kept' }));
    first.close();
    const second = temp.open();
    expect(second.queries.getTrace('kept')?.id).toBe('kept');
    second.close();
  });

  it('refuses a database from a newer build instead of corrupting it', () => {
    temp = tempStore();
    temp.open().close();
    const db = new Database(temp.dbPath);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    expect(() => temp.open()).toThrow(/newer than this build/);
  });

  it('marks rows an earlier build left running (it wrote one as each request started) as interrupted', () => {
    temp = tempStore();
    const first = temp.open();
    const trace = makeTrace();
    first.recorder.record(trace);
    first.close();
    // A database as version 1 left it: the row still running, its index in place.
    const db = new Database(temp.dbPath);
    db.prepare("UPDATE traces SET state = 'running' WHERE id = ?").run(trace.id);
    db.exec("CREATE INDEX traces_running ON traces (state) WHERE state = 'running'");
    asVersionOne(db);
    db.close();
    const second = temp.open();
    expect(second.queries.getTrace(trace.id)?.state).toBe('interrupted');
    second.close();
    const reopened = new Database(temp.dbPath);
    const index = reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'traces_running'").get();
    reopened.close();
    expect(index).toBeUndefined();
  });

  it('carries the daily usage of version 1 into the hourly rollup, at the first hour of each day', () => {
    temp = tempStore();
    temp.open().close();
    const db = new Database(temp.dbPath);
    asVersionOne(db);
    db.prepare(
      `INSERT INTO usage_daily VALUES ('2026-03-04', 'deepseek', 'deepseek-chat', 'ais-claude', 7, 6, 1, 1000, 200, 300, 40, 5, 0.25, 1)`,
    ).run();
    db.close();
    const store = temp.open();
    const rows = store.queries.usageStats({
      from: Date.UTC(2026, 2, 4),
      to: Date.UTC(2026, 2, 4, 23),
      groupBy: 'day',
      splitBy: 'client',
    });
    expect(rows).toEqual([
      {
        key: '2026-03-04',
        split: '',
        requests: 7,
        successes: 6,
        errors: 1,
        inputTokens: 1000,
        outputTokens: 200,
        cacheReadTokens: 300,
        cacheWriteTokens: 40,
        reasoningTokens: 5,
        costUsd: 0.25,
        unpricedRequests: 1,
        // Migration 8: usage from before it had no cache hits.
        cacheHits: 0,
        savedInputTokens: 0,
        savedOutputTokens: 0,
        savedCostUsd: 0,
      },
    ]);
    store.close();
  });
});

/** Turns a current database back into version 1's usage layout (what migrations 2 and 3 start from). */
function asVersionOne(db: Database.Database): void {
  const dailyTable = /CREATE TABLE usage_daily \([\s\S]*?\) WITHOUT ROWID;/.exec(MIGRATIONS[0]!.sql)?.[0];
  if (!dailyTable) throw new Error('migration 1 no longer creates usage_daily');
  // Tables of later migrations go too (budget tables, the audit log and the semantic cache's evaluations: migrations 4 to 10; 7 dropped the holds, 8 only added columns, 9 moved the response cache out), as version 1 had none of them.
  db.exec(
    `DROP TABLE usage_hourly; DROP TABLE budget_reservations; DROP TABLE budget_usage; DROP TABLE audit_log; DROP TABLE semantic_cache_evaluations; ${dailyTable}`,
  );
  db.pragma('user_version = 1');
}
