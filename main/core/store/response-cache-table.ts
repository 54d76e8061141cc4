import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { StoreLogger } from './types';
import { createWriteBehind, type WriteBehindBatch } from './write-behind';

/** The disk layer of the response cache: bodies by key, bounded by total size and by age. */
export interface ResponseCacheTable {
  get(key: string, now: number): string | undefined;
  /**
   * Stores `body`, then drops expired entries and the least recently used until under `maxBytes`.
   * Written behind (with other stores of the same turn, in one transaction); `get` sees it at once.
   */
  put(input: CachePut): void;
  /** Writes the stores still queued. */
  flush(): void;
  stats(): { entries: number; bytes: number };
  clear(): void;
}

interface CachePut {
  key: string;
  body: string;
  now: number;
  expiresAt: number;
  maxBytes: number;
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

export function createResponseCacheTable(
  db: Database.Database,
  options: { batch: WriteBehindBatch; logger?: StoreLogger },
): ResponseCacheTable {
  const select = db.prepare<[string, number]>(
    `SELECT body FROM response_cache WHERE key = ? AND expires_at > ?`,
  );
  const touch = db.prepare<[number, string]>(`UPDATE response_cache SET used_at = ? WHERE key = ?`);
  const upsert = db.prepare<[string, number, number, number, number, Buffer | string]>(`
    INSERT INTO response_cache (key, created_at, expires_at, used_at, bytes, body) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
      used_at = excluded.used_at, bytes = excluded.bytes, body = excluded.body`);
  const expire = db.prepare<[number]>(`DELETE FROM response_cache WHERE expires_at <= ?`);
  const total = db.prepare(
    `SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM response_cache`,
  );
  const oldest = db.prepare<[number]>(`SELECT key, bytes FROM response_cache ORDER BY used_at LIMIT ?`);
  const remove = db.prepare<[string]>(`DELETE FROM response_cache WHERE key = ?`);
  const clear = db.prepare(`DELETE FROM response_cache`);
  const bytesOf = db.prepare<[string]>(`SELECT bytes FROM response_cache WHERE key = ?`);
  // The table's size, kept as entries come and go (this process owns the store); recounted at each sweep.
  let totalBytes: number | undefined;
  let sweptAt = -Infinity;
  /** Stores not written yet, by key: what `get` answers from until they are. */
  const pending = new Map<string, CachePut>();

  const write = (input: CachePut): void => {
    const { key, body, now, expiresAt, maxBytes } = input;
    if (pending.get(key) === input) pending.delete(key);
    const bodyBytes = Buffer.byteLength(body);
    // A deflated body is a BLOB, a small one TEXT: `get` tells them apart by the value's type.
    const packed = bodyBytes < MIN_DEFLATE_BYTES ? body : deflateBody(body, bodyBytes);
    const packedBytes = typeof packed === 'string' ? bodyBytes : packed.length;
    if (totalBytes === undefined || now - sweptAt >= SWEEP_EVERY_MS || now < sweptAt) {
      expire.run(now);
      totalBytes = (total.get() as { entries: number; bytes: number }).bytes;
      sweptAt = now;
    }
    const replaced = (bytesOf.get(key) as { bytes: number } | undefined)?.bytes ?? 0;
    upsert.run(key, now, expiresAt, now, packedBytes, packed);
    let bytes = totalBytes + packedBytes - replaced;
    while (bytes > maxBytes) {
      const victims = oldest.all(16) as { key: string; bytes: number }[];
      if (victims.length === 0) break;
      for (const victim of victims) {
        if (bytes <= maxBytes) break;
        remove.run(victim.key);
        bytes -= victim.bytes;
      }
    }
    totalBytes = bytes;
  };
  const puts = createWriteBehind<CachePut>({
    db,
    what: 'response cache entry',
    ...options.batch,
    ...(options.logger ? { logger: options.logger } : {}),
    write(input) {
      try {
        write(input);
      } catch (error) {
        // Rolled back: count the table afresh next time.
        totalBytes = undefined;
        throw error;
      }
    },
  });

  return {
    get(key, now) {
      const queued = pending.get(key);
      if (queued) return queued.expiresAt > now ? queued.body : undefined;
      const row = select.get(key, now) as { body: Buffer | string } | undefined;
      if (!row) return undefined;
      touch.run(now, key);
      return typeof row.body === 'string' ? row.body : inflateRawSync(row.body).toString('utf8');
    },
    put(input) {
      pending.set(input.key, input);
      puts.push(input);
    },
    flush: () => puts.flush(),
    stats: () => {
      puts.flush();
      return total.get() as { entries: number; bytes: number };
    },
    clear() {
      puts.flush();
      clear.run();
      totalBytes = 0;
    },
  };
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
