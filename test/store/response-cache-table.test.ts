import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import BetterSqlite from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../main/core/store';
import { openCacheDatabase } from '../../main/core/store/open-cache-database';
import { describe, expect, it } from 'vitest';
import { createResponseCacheTable } from '../../main/core/store/response-cache-table';

// The disk layer keeps its size by a running count (a full count per store made a large cache quadratic):
// the bound, the least-recently-used order, replacing a key and the minute's sweep of expired entries must
// still come out as a full count would.

/** Random hex does not compress: each body stores at about its own size. */
const body = (bytes: number): string => randomBytes(bytes / 2).toString('hex');

/** Batches as large as a test's stores: each flushes when `stats` or `get` looks, or at the 10 ms timer. */
const tableOn = (db: Database.Database) =>
  createResponseCacheTable(db, { batch: { maxDelayMs: 10, maxItems: 1_000 } });

describe('the response cache table', () => {
  it('answers a store before it is written, and keeps it once written', async () => {
    const db = openCacheDatabase(':memory:');
    const table = tableOn(db);
    const small = JSON.stringify({ text: 'short answer' });
    const large = JSON.stringify({ text: 'a longer answer that compresses well. '.repeat(200) });
    table.put({ key: 'small', body: small, now: 1, expiresAt: 1e12, maxBytes: 1e9 });
    table.put({ key: 'large', body: large, now: 1, expiresAt: 1e12, maxBytes: 1e9 });
    const rows = () =>
      db.prepare('SELECT key, typeof(body) AS type, bytes FROM response_cache ORDER BY key').all();
    expect(rows()).toEqual([]);
    expect(table.get('small', 2)).toBe(small);
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Written by the timer in one batch: a small body as text, a large one deflated.
    const written = rows() as { key: string; type: string; bytes: number }[];
    expect(written.map(({ key, type }) => [key, type])).toEqual([
      ['large', 'blob'],
      ['small', 'text'],
    ]);
    expect(written[0]!.bytes).toBeLessThan(large.length / 5);
    const reopened = tableOn(db);
    expect(reopened.get('small', 3)).toBe(small);
    expect(reopened.get('large', 3)).toBe(large);
  });

  it('stays under maxBytes, dropping the least recently used first', () => {
    const table = tableOn(openCacheDatabase(':memory:'));
    const maxBytes = 10_000;
    for (let index = 0; index < 30; index++)
      table.put({ key: `k${index}`, body: body(1_000), now: 1_000 + index, expiresAt: 1e12, maxBytes });
    const { entries, bytes } = table.stats();
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    expect(entries).toBeGreaterThanOrEqual(8);
    expect(table.get('k29', 2_000)).toBeDefined();
    expect(table.get('k0', 2_000)).toBeUndefined();
  });

  it('counts a replaced key once', () => {
    const table = tableOn(openCacheDatabase(':memory:'));
    for (let round = 0; round < 20; round++)
      table.put({ key: 'same', body: body(2_000), now: 1_000 + round, expiresAt: 1e12, maxBytes: 5_000 });
    table.put({ key: 'other', body: body(2_000), now: 2_000, expiresAt: 1e12, maxBytes: 5_000 });
    // Had the replaced copies counted, `same` would have been evicted to make room.
    expect(table.stats().entries).toBe(2);
    expect(table.get('same', 2_001)).toBeDefined();
  });

  it('sweeps expired entries at most once a minute, and never serves them', () => {
    const table = tableOn(openCacheDatabase(':memory:'));
    table.put({ key: 'old', body: body(1_000), now: 0, expiresAt: 10, maxBytes: 1e9 });
    table.put({ key: 'new', body: body(1_000), now: 20, expiresAt: 1e12, maxBytes: 1e9 });
    expect(table.get('old', 30)).toBeUndefined();
    expect(table.stats().entries).toBe(2);
    table.put({ key: 'later', body: body(1_000), now: 60_000, expiresAt: 1e12, maxBytes: 1e9 });
    expect(table.stats().entries).toBe(2);
    expect(table.get('new', 60_001)).toBeDefined();
  });

  it('starts counting afresh after a clear', () => {
    const table = tableOn(openCacheDatabase(':memory:'));
    for (let index = 0; index < 5; index++)
      table.put({ key: `k${index}`, body: body(1_000), now: index, expiresAt: 1e12, maxBytes: 3_000 });
    table.clear();
    for (let index = 0; index < 3; index++)
      table.put({ key: `n${index}`, body: body(900), now: 10 + index, expiresAt: 1e12, maxBytes: 3_000 });
    expect(table.stats().entries).toBe(3);
  });
});

describe('the response cache file', () => {
  it('lives beside ais.db, owner-only, unsynced; a damaged or foreign file is replaced by an empty one', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-cache-db-'));
    const cachePath = path.join(home, 'cache.db');
    try {
      const store = createStore({
        dbPath: path.join(home, 'ais.db'),
        captureMode: 'errors',
        retentionDays: 30,
        secrets: () => [],
      });
      store.responseCache.put({ key: 'k', body: 'cached', now: 1, expiresAt: 1e15, maxBytes: 1e9 });
      store.close();
      expect(statSync(cachePath).mode & 0o777).toBe(0o600);
      const reopened = openCacheDatabase(cachePath);
      expect(reopened.pragma('synchronous', { simple: true })).toBe(0);
      expect(reopened.prepare('SELECT body FROM response_cache').pluck().all()).toEqual(['cached']);
      reopened.close();
      // ais.db no longer holds the table.
      const main = new BetterSqlite(path.join(home, 'ais.db'), { readonly: true });
      expect(main.prepare("SELECT name FROM sqlite_master WHERE name = 'response_cache'").all()).toEqual([]);
      main.close();

      rmSync(`${cachePath}-wal`, { force: true });
      writeFileSync(cachePath, 'not a database, e.g. what a power loss left');
      const warnings: string[] = [];
      const rebuilt = openCacheDatabase(cachePath, {
        warn: (_details, message) => warnings.push(message),
        error: () => undefined,
      });
      expect(rebuilt.prepare('SELECT COUNT(*) FROM response_cache').pluck().get()).toBe(0);
      rebuilt.close();
      expect(warnings).toEqual([
        'response cache: its file could not be opened; it is deleted and started empty',
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
