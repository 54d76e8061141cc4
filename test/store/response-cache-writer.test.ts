import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker as NodeWorker } from 'node:worker_threads';
import BetterSqlite from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import cacheWriterWorkerPath from '../../main/core/store/cache-writer-worker?modulePath';
import { openCacheDatabase } from '../../main/core/store/open-cache-database';
import {
  createResponseCacheTable,
  type ResponseCacheTable,
  type ResponseCacheTableOptions,
} from '../../main/core/store/response-cache-table';

// The writer thread takes the cache's writes off the main thread; what a caller sees must not change:
// a store is answered at once, a flush is synchronous and durable, nothing stored is ever filtered out,
// and a thread that cannot run leaves the writes to the main thread.

/** Every worker thread started in this file, to see it stop. */
const workers = vi.hoisted(() => [] as NodeWorker[]);
vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof WorkerThreads>();
  class RecordedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      workers.push(this);
    }
  }
  return { ...actual, Worker: RecordedWorker };
});

const homes: string[] = [];
const opened: { table: ResponseCacheTable; db: Database.Database }[] = [];
afterEach(() => {
  for (const { table, db } of opened.splice(0)) {
    table.close();
    db.close();
  }
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

const keyOf = (index: number): string => createHash('sha256').update(`request ${index}`).digest('hex');
/** Random hex does not compress: each body stores at about its own size. */
const body = (bytes: number): string => randomBytes(bytes / 2).toString('hex');

interface Opened {
  table: ResponseCacheTable;
  db: Database.Database;
  cachePath: string;
  warnings: string[];
  /** SQLite lookups `get` made (the filter skipped the others). */
  lookups: { count: number };
}

/** `started: false` leaves the writer thread unstarted (it starts at the first lookup or store). */
function openTable(options: Partial<ResponseCacheTableOptions> & { started?: boolean } = {}): Opened {
  const { started = true, ...tableOptions } = options;
  const home = mkdtempSync(path.join(tmpdir(), 'ais-cache-writer-'));
  homes.push(home);
  const cachePath = path.join(home, 'cache.db');
  const db = openCacheDatabase(cachePath);
  const lookups = { count: 0 };
  const prepare = db.prepare.bind(db);
  vi.spyOn(db, 'prepare').mockImplementation(((source: string) => {
    const statement = prepare(source);
    if (source.startsWith('SELECT body FROM response_cache')) {
      const get = statement.get.bind(statement);
      Object.defineProperty(statement, 'get', {
        value: (...parameters: unknown[]) => {
          lookups.count++;
          return get(...parameters);
        },
      });
    }
    return statement;
  }) as typeof db.prepare);
  const warnings: string[] = [];
  const table = createResponseCacheTable(db, {
    batch: { maxDelayMs: 10, maxItems: 1_000 },
    logger: { warn: (_details, message) => warnings.push(message), error: () => undefined },
    ...tableOptions,
  });
  opened.push({ table, db });
  if (started) {
    table.get(keyOf(-2), 0);
    lookups.count = 0;
  }
  return { table, db, cachePath, warnings, lookups };
}

/** A second connection, as another process (or the next start) would read the file. */
function keysOnDisk(cachePath: string): Set<string> {
  const reader = new BetterSqlite(cachePath, { readonly: true });
  try {
    return new Set(reader.prepare('SELECT key FROM response_cache').pluck().all() as string[]);
  } finally {
    reader.close();
  }
}

const put = (table: ResponseCacheTable, index: number, maxBytes = 1e9, now = 1_000 + index): void =>
  table.put({ key: keyOf(index), body: `answer ${index}`, now, expiresAt: 1e15, maxBytes });

/** A writer thread script of the given lines, in a fresh folder. */
function workerScript(lines: string[]): string {
  const home = mkdtempSync(path.join(tmpdir(), 'ais-cache-worker-'));
  homes.push(home);
  const script = path.join(home, 'worker.mjs');
  writeFileSync(script, lines.join('\n'));
  return script;
}

/** A writer thread that starts and never commits anything. */
const stuckWorkerScript = (): string =>
  workerScript(["import { parentPort } from 'node:worker_threads';", "parentPort.on('message', () => {});"]);

/** Lets the writer's reports (committed, filter) reach the main thread. */
const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the writer has sent its first key filter: a missing key is then answered without a lookup. */
async function filterReady(opened: Opened): Promise<void> {
  await vi.waitFor(
    () => {
      const before = opened.lookups.count;
      opened.table.get(keyOf(-1), 1);
      expect(opened.lookups.count).toBe(before);
    },
    { timeout: 10_000, interval: 10 },
  );
}

describe('the response cache writer thread', () => {
  it('answers a store at once, writes it on flush (seen by another connection), and still after the commit report', async () => {
    const { table, cachePath, warnings } = openTable();
    put(table, 1);
    expect(table.get(keyOf(1), 2_000)).toBe('answer 1');
    // The gauge's figure does not wait for the writer: nothing is committed yet.
    expect(table.bytesOnDisk()).toBe(0);
    table.flush();
    expect(table.bytesOnDisk()).toBe('answer 1'.length);
    // Synchronous: no await between the flush and the other connection's read.
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(1)]));
    await settle();
    expect(table.get(keyOf(1), 2_000)).toBe('answer 1');
    expect(table.stats()).toEqual({ entries: 1, bytes: 'answer 1'.length });
    expect(warnings).toEqual([]);
  });

  it('answers a miss from the key filter without a lookup, once the writer built it', async () => {
    const opened = openTable();
    await filterReady(opened);
    const before = opened.lookups.count;
    for (let index = 0; index < 1_000; index++)
      expect(opened.table.get(keyOf(10_000 + index), 5)).toBe(undefined);
    // 64 Ki bits for no key: nothing should be "maybe".
    expect(opened.lookups.count - before).toBe(0);
    put(opened.table, 7);
    opened.table.flush();
    await settle();
    expect(opened.table.get(keyOf(7), 2_000)).toBe('answer 7');
    expect(opened.lookups.count - before).toBe(1);
  });

  it('never filters out a stored key, through thousands of stores, evictions and filter rebuilds', async () => {
    // A tiny first filter (1 Ki bits) and a size bound that keeps ~100 of 6,000 keys: the writer rebuilds
    // the filter every round or so, and its filters arrive while stores are queued (not sent: the timer
    // is 30 ms), in flight, or already flushed (dropped from what is pending before their report).
    const opened = openTable({ minFilterBits: 1024, batch: { maxDelayMs: 30, maxItems: 64 } });
    const { table, cachePath } = opened;
    const worker = workers.at(-1)!;
    let filters = 0;
    worker.on('message', (report: { type: string }) => {
      if (report.type === 'filter') filters++;
    });
    await filterReady(opened);
    const maxBytes = 100 * 'answer 1234'.length;
    let next = 0;
    // Stores are made at 1,000 + their index; a lookup (which marks a hit as used) happens after the last.
    const expectFound = (round: number): void => {
      for (const key of keysOnDisk(cachePath))
        expect(table.get(key, 1_000 + next), `round ${round}`).toBeDefined();
    };
    for (let round = 0; round < 30; round++) {
      const first = next;
      for (; next < first + 200; next++) put(table, next, maxBytes);
      if (round % 2 === 0) {
        // Three batches sent, eight stores queued: reports (and a filter) arrive meanwhile, and the eight
        // (the newest, so never evicted) must still be found once written.
        await settle(5);
        for (let index = next - 8; index < next; index++)
          expect(table.get(keyOf(index), 1_000 + next), `round ${round}, key ${index}`).toBe(
            `answer ${index}`,
          );
      }
      // Odd rounds: flushed before any report arrives, so the stores leave `pending` first.
      table.flush();
      await settle(5);
      // All committed and reported (the writer is idle): every key eviction kept must reach the lookup.
      expectFound(round);
    }
    expect(table.stats().bytes).toBeLessThanOrEqual(maxBytes);
    // The newest survived eviction (so the checks above saw each round's own keys).
    expect(keysOnDisk(cachePath)).toContain(keyOf(next - 1));
    expect(filters).toBeGreaterThanOrEqual(20);
    // Had the filter not been rebuilt, 6,000 keys in 1 Ki bits would make every miss a lookup.
    const before = opened.lookups.count;
    for (let index = 0; index < 1_000; index++) table.get(keyOf(100_000 + index), 1_000 + next);
    expect(opened.lookups.count - before).toBeLessThan(200);
  });

  it('keeps to maxBytes by least recent use, counts replaced keys once, and sweeps expired entries', () => {
    const { table } = openTable();
    for (let index = 0; index < 30; index++)
      table.put({
        key: `k${index}`,
        body: body(1_000),
        now: 1_000 + index,
        expiresAt: 1e12,
        maxBytes: 10_000,
      });
    const { entries, bytes } = table.stats();
    expect(bytes).toBeLessThanOrEqual(10_000);
    expect(entries).toBeGreaterThanOrEqual(8);
    expect(table.get('k29', 2_000)).toBeDefined();
    expect(table.get('k0', 2_000)).toBeUndefined();

    table.clear();
    expect(table.stats()).toEqual({ entries: 0, bytes: 0 });
    for (let round = 0; round < 20; round++)
      table.put({ key: 'same', body: body(2_000), now: 1_000 + round, expiresAt: 1e12, maxBytes: 5_000 });
    table.put({ key: 'other', body: body(2_000), now: 2_000, expiresAt: 1e12, maxBytes: 5_000 });
    expect(table.stats().entries).toBe(2);

    table.put({ key: 'old', body: body(1_000), now: 2_001, expiresAt: 2_010, maxBytes: 1e9 });
    expect(table.get('old', 2_020)).toBeUndefined();
    expect(table.stats().entries).toBe(3);
    table.put({ key: 'later', body: body(1_000), now: 70_000, expiresAt: 1e12, maxBytes: 1e9 });
    expect(table.stats().entries).toBe(3);
  });

  it('marks a disk hit as used on the writer thread, so eviction spares it', async () => {
    const { table, cachePath } = openTable();
    for (let index = 0; index < 3; index++) put(table, index, 1e9, 1_000 + index);
    table.flush();
    await settle();
    expect(table.get(keyOf(0), 5_000)).toBe('answer 0');
    table.flush();
    const reader = new BetterSqlite(cachePath, { readonly: true });
    expect(reader.prepare('SELECT used_at FROM response_cache WHERE key = ?').pluck().get(keyOf(0))).toBe(
      5_000,
    );
    reader.close();
    // Room for two: the least recently used is now key 1, not key 0.
    put(table, 3, 2 * 'answer 0'.length, 6_000);
    table.flush();
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(0), keyOf(3)]));
  });

  it('writes to a damaged file once it was replaced by an empty one', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-cache-damaged-'));
    homes.push(home);
    const cachePath = path.join(home, 'cache.db');
    writeFileSync(cachePath, 'not a database, e.g. what a power loss left');
    const warnings: string[] = [];
    const logger = {
      warn: (_details: unknown, message: string) => warnings.push(message),
      error: () => undefined,
    };
    const db = openCacheDatabase(cachePath, logger);
    const table = createResponseCacheTable(db, { batch: { maxDelayMs: 10, maxItems: 1_000 }, logger });
    opened.push({ table, db });
    put(table, 1);
    table.flush();
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(1)]));
    expect(warnings).toEqual([
      'response cache: its file could not be opened; it is deleted and started empty',
    ]);
  });

  it('starts no thread until the cache is used: at its first lookup, or when its first stores are written', () => {
    const before = workers.length;
    const unused = openTable({ started: false });
    unused.table.flush();
    expect(unused.table.bytesOnDisk()).toBe(0);
    expect(workers.length).toBe(before);
    unused.table.get(keyOf(1), 1_000);
    expect(workers.length).toBe(before + 1);
    const stored = openTable({ started: false });
    expect(workers.length).toBe(before + 1);
    put(stored.table, 1);
    stored.table.flush();
    expect(workers.length).toBe(before + 2);
    expect(keysOnDisk(stored.cachePath)).toEqual(new Set([keyOf(1)]));
  });

  it('counts what is on disk from the start, before the thread has counted it', () => {
    const first = openTable();
    for (let index = 0; index < 10; index++) put(first.table, index);
    first.table.flush();
    const bytes = first.table.stats().bytes;
    expect(bytes).toBeGreaterThan(0);
    opened.splice(opened.indexOf(first), 1);
    first.table.close();
    first.db.close();
    const db = openCacheDatabase(first.cachePath);
    const table = createResponseCacheTable(db, { batch: { maxDelayMs: 10, maxItems: 1_000 } });
    opened.push({ table, db });
    expect(table.bytesOnDisk()).toBe(bytes);
    // The first lookup starts the thread; its count is not in yet.
    table.get(keyOf(-1), 1);
    expect(table.bytesOnDisk()).toBe(bytes);
    expect(table.stats()).toEqual({ entries: 10, bytes });
  });

  it('stops its thread at close, leaving what was stored written', async () => {
    const started = workers.length;
    const { table, db, cachePath } = openTable();
    expect(workers.length).toBe(started + 1);
    const worker = workers.at(-1)!;
    put(table, 1);
    await settle();
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    put(table, 2);
    opened.splice(0);
    table.close();
    db.close();
    await expect(exited).resolves.toBeTypeOf('number');
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(1), keyOf(2)]));
  });
});

describe('without a writer thread', () => {
  it('writes on the main thread, with a warning, when the script is missing', () => {
    const { table, cachePath, warnings } = openTable({ workerPath: '/nowhere/cache-writer-worker.js' });
    put(table, 1);
    table.flush();
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(1)]));
    expect(table.get(keyOf(1), 2_000)).toBe('answer 1');
    expect(warnings).toEqual([
      'response cache: the writer thread script is missing; writing on the main thread',
    ]);
  });

  it('writes on the main thread what a failed thread had not written, and all after', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ais-cache-broken-'));
    homes.push(home);
    const broken = path.join(home, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('broken on purpose');\n");
    // The thread dies before it can say so: the first flush waits out its timeout, then the failure is seen.
    const { table, cachePath, warnings } = openTable({ workerPath: broken, flushTimeoutMs: 300 });
    put(table, 1);
    table.flush();
    await vi.waitFor(
      () =>
        expect(warnings).toContain('response cache: the writer thread failed; writing on the main thread'),
      {
        timeout: 10_000,
      },
    );
    put(table, 2);
    table.flush();
    expect(keysOnDisk(cachePath)).toEqual(new Set([keyOf(1), keyOf(2)]));
    expect(table.get(keyOf(1), 2_000)).toBe('answer 1');
  });

  it('returns from a flush the thread does not answer, after the timeout, with a warning', () => {
    const stuck = stuckWorkerScript();
    const { table, warnings } = openTable({ workerPath: stuck, flushTimeoutMs: 200 });
    put(table, 1);
    const started = Date.now();
    table.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(warnings).toContain(
      'response cache: the writer thread did not commit in time; carrying on (what it has not written stays queued)',
    );
    // Still answered from what is pending.
    expect(table.get(keyOf(1), 2_000)).toBe('answer 1');
  });

  it('writes on the main thread, with a warning, once the thread has left hundreds of batches uncommitted', () => {
    const stuck = stuckWorkerScript();
    // One store per batch: 401 batches, none committed.
    const { table, cachePath, warnings } = openTable({
      workerPath: stuck,
      batch: { maxDelayMs: 10, maxItems: 1 },
    });
    for (let index = 0; index < 401; index++) put(table, index);
    expect(warnings).toEqual([
      'response cache: the writer thread is not keeping up; writing on the main thread',
    ]);
    // What was sent to the thread is written here too, in order.
    expect(keysOnDisk(cachePath).size).toBe(401);
    expect(table.stats().entries).toBe(401);
  });

  it('stops a slow thread before writing its batches here: each batch is written once, the newest answer last', async () => {
    // The real writer, 2 ms a request: still writing while the main thread writes what it had not.
    const slow = workerScript([
      "import { parentPort } from 'node:worker_threads';",
      'const on = parentPort.on.bind(parentPort);',
      'const pause = new Int32Array(new SharedArrayBuffer(4));',
      'parentPort.on = (event, handler) =>',
      "  on(event, event !== 'message' ? handler : (message) => {",
      '    Atomics.wait(pause, 0, 0, 2);',
      '    handler(message);',
      '  });',
      `await import(${JSON.stringify(pathToFileURL(cacheWriterWorkerPath).href)});`,
    ]);
    const { table, db, cachePath, warnings } = openTable({
      workerPath: slow,
      batch: { maxDelayMs: 10, maxItems: 1 },
      started: false,
    });
    // Every row written, by either connection (triggers are in the file's schema).
    db.exec(`CREATE TABLE writes (n INTEGER NOT NULL); INSERT INTO writes VALUES (0);
      CREATE TRIGGER count_inserts AFTER INSERT ON response_cache BEGIN UPDATE writes SET n = n + 1; END;
      CREATE TRIGGER count_updates AFTER UPDATE ON response_cache BEGIN UPDATE writes SET n = n + 1; END;`);
    // The thread is up and writing (a flush waits for it).
    put(table, 10_000);
    table.flush();
    const key = keyOf(-7);
    const store = (body: string, now: number) =>
      table.put({ key, body, now, expiresAt: 1e15, maxBytes: 1e9 });
    store('old answer', 1_000);
    store('new answer', 1_001);
    for (let index = 0; index < 400; index++) put(table, index);
    expect(warnings).toContain(
      'response cache: the writer thread is not keeping up; writing on the main thread',
    );
    // Had the thread not been stopped, it would go on writing batches the main thread wrote too.
    await settle(300);
    const reader = new BetterSqlite(cachePath, { readonly: true });
    try {
      expect(reader.prepare('SELECT n FROM writes').pluck().get()).toBe(403);
      expect(reader.prepare('SELECT body FROM response_cache WHERE key = ?').pluck().get(key)).toBe(
        'new answer',
      );
    } finally {
      reader.close();
    }
  });
});
