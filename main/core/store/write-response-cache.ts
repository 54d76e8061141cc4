import type Database from 'better-sqlite3';
import { deflateRawSync } from 'node:zlib';
import type { StoreLogger } from './types';

/** One store of an answer: `maxBytes` bounds the table once it is written. */
export interface CachePut {
  key: string;
  body: string;
  now: number;
  expiresAt: number;
  maxBytes: number;
}

/** What one batch changes: disk hits to mark as used (before the puts: a touched key was not queued), then stores. */
export interface CacheWriteBatch {
  touchedKeys: string[];
  touchedAt: number[];
  puts: CachePut[];
}

export interface CacheCounts {
  entries: number;
  bytes: number;
}

/** Every write to the `response_cache` table, on one connection: the writer thread's, or the fallback's on the main thread. */
export interface ResponseCacheWriter {
  /** Writes one batch in one transaction; an item that fails alone is logged and lost. */
  write(batch: CacheWriteBatch): void;
  clear(): void;
  /** The table's size as kept by the writer (recounted at each sweep). */
  counts(): CacheCounts;
  /** How many keys were added (not replaced) since the last call: when the key filter fills up. */
  takeAddedKeys(): number;
  /** Every key in the table, for the key filter. */
  keys(): IterableIterator<string>;
  /** The largest `maxBytes` a put asked for: what the key filter is sized for. */
  readonly maxBytesSeen: number;
}

/**
 * Expired entries are never served (`get` checks the age), so sweeping them out can wait this long: the
 * sweep and the size count each read the whole table, which per store made a large cache quadratic.
 */
const SWEEP_EVERY_MS = 60_000;
/**
 * Bodies smaller than this are stored as text. Node's sync deflate builds a stream and its state per call,
 * 12–20 µs on this project's 2-core CI machine whatever the size, which below a few KiB buys back a KiB or
 * two of a disk budget counted in hundreds of MiB.
 */
const MIN_DEFLATE_BYTES = 4096;

/** The table's entries and bytes, counted (a scan: at start-up and each sweep, not per store). */
export function countResponseCache(db: Database.Database): CacheCounts {
  return db
    .prepare(`SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM response_cache`)
    .get() as CacheCounts;
}

export function createResponseCacheWriter(db: Database.Database, logger?: StoreLogger): ResponseCacheWriter {
  const touch = db.prepare<[number, string]>(`UPDATE response_cache SET used_at = ? WHERE key = ?`);
  const upsert = db.prepare<[string, number, number, number, number, Buffer | string]>(`
    INSERT INTO response_cache (key, created_at, expires_at, used_at, bytes, body) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
      used_at = excluded.used_at, bytes = excluded.bytes, body = excluded.body`);
  const expire = db.prepare<[number]>(`DELETE FROM response_cache WHERE expires_at <= ?`);
  const oldest = db.prepare<[number]>(`SELECT key, bytes FROM response_cache ORDER BY used_at LIMIT ?`);
  const remove = db.prepare<[string]>(`DELETE FROM response_cache WHERE key = ?`);
  const clearAll = db.prepare(`DELETE FROM response_cache`);
  const bytesOf = db.prepare<[string]>(`SELECT bytes FROM response_cache WHERE key = ?`);
  const allKeys = db.prepare(`SELECT key FROM response_cache`).pluck();
  // The table's size, kept as entries come and go (this writer owns the table); recounted at each sweep.
  let counted: CacheCounts | undefined;
  let sweptAt = -Infinity;
  let added = 0;
  let maxBytesSeen = 0;

  const recount = (): CacheCounts => {
    counted = countResponseCache(db);
    return counted;
  };

  const writePut = (input: CachePut, packed: PackedBody): void => {
    const { key, now, expiresAt, maxBytes } = input;
    maxBytesSeen = Math.max(maxBytesSeen, maxBytes);
    const { value, bytes: packedBytes } = packed;
    let counts = counted;
    if (counts === undefined || now - sweptAt >= SWEEP_EVERY_MS || now < sweptAt) {
      expire.run(now);
      counts = recount();
      sweptAt = now;
    }
    const replaced = bytesOf.get(key) as { bytes: number } | undefined;
    upsert.run(key, now, expiresAt, now, packedBytes, value);
    let bytes = counts.bytes + packedBytes - (replaced?.bytes ?? 0);
    let entries = counts.entries + (replaced ? 0 : 1);
    if (!replaced) added++;
    while (bytes > maxBytes) {
      const victims = oldest.all(16) as { key: string; bytes: number }[];
      if (victims.length === 0) break;
      for (const victim of victims) {
        if (bytes <= maxBytes) break;
        remove.run(victim.key);
        bytes -= victim.bytes;
        entries--;
      }
    }
    counted = { entries, bytes };
  };

  const writeAll = db.transaction((batch: CacheWriteBatch, packed: PackedBody[]) => {
    for (let index = 0; index < batch.touchedKeys.length; index++)
      touch.run(batch.touchedAt[index]!, batch.touchedKeys[index]!);
    batch.puts.forEach((put, index) => writePut(put, packed[index]!));
  });
  const writeOne = db.transaction((put: CachePut, packed: PackedBody) => writePut(put, packed));

  return {
    write(batch) {
      // Compressed before the transaction: the write lock is held for the writes alone (the semantic
      // table's writes on the main thread wait for it).
      const packed = batch.puts.map(({ body }) => packBody(body));
      try {
        writeAll(batch, packed);
      } catch (batchError) {
        // Rolled back: count the table afresh, and write each store alone so only the failures are lost.
        counted = undefined;
        for (const [index, put] of batch.puts.entries()) {
          try {
            writeOne(put, packed[index]!);
          } catch (error) {
            counted = undefined;
            logger?.error(
              { error: String(error), batchError: String(batchError) },
              'store: could not write a response cache entry; it is lost',
            );
          }
        }
      }
    },
    clear() {
      clearAll.run();
      counted = { entries: 0, bytes: 0 };
    },
    counts: () => counted ?? recount(),
    takeAddedKeys() {
      const count = added;
      added = 0;
      return count;
    },
    keys: () => allKeys.iterate() as IterableIterator<string>,
    get maxBytesSeen() {
      return maxBytesSeen;
    },
  };
}

/** A body as stored: a deflated body is a BLOB, a small one TEXT (`get` tells them apart by the value's type). */
interface PackedBody {
  value: Buffer | string;
  bytes: number;
}

function packBody(body: string): PackedBody {
  const bytes = Buffer.byteLength(body);
  if (bytes < MIN_DEFLATE_BYTES) return { value: body, bytes };
  const value = deflateBody(body, bytes);
  return { value, bytes: value.length };
}

/**
 * Fast deflate sized to the body: level 1, and a window and hash table no larger than the body needs (the
 * defaults set up 256 KiB of state per call). A few percent larger than level 6, four to six times faster on
 * 2–60 KB answers. `inflateRaw`'s default window reads any smaller one.
 */
function deflateBody(body: string, bytes: number): Buffer {
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(bytes))));
  return deflateRawSync(Buffer.from(body, 'utf8'), {
    level: 1,
    windowBits,
    memLevel: Math.min(8, Math.max(1, windowBits - 6)),
  });
}
