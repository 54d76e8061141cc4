import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The disk layer of the response cache: bodies by key, bounded by total size and by age. */
export interface ResponseCacheTable {
  get(key: string, now: number): string | undefined;
  /** Stores `body`, then drops expired entries and the least recently used until under `maxBytes`. */
  put(input: { key: string; body: string; now: number; expiresAt: number; maxBytes: number }): void;
  stats(): { entries: number; bytes: number };
  clear(): void;
}

/**
 * Expired entries are never served (`get` checks the age), so sweeping them out can wait this long: the
 * sweep and the size count each read the whole table, which per store made a large cache quadratic.
 */
const SWEEP_EVERY_MS = 60_000;

export function createResponseCacheTable(db: Database.Database): ResponseCacheTable {
  const select = db.prepare<[string, number]>(
    `SELECT body FROM response_cache WHERE key = ? AND expires_at > ?`,
  );
  const touch = db.prepare<[number, string]>(`UPDATE response_cache SET used_at = ? WHERE key = ?`);
  const upsert = db.prepare<[string, number, number, number, number, Buffer]>(`
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

  return {
    get(key, now) {
      const row = select.get(key, now) as { body: Buffer } | undefined;
      if (!row) return undefined;
      touch.run(now, key);
      return inflateRawSync(row.body).toString('utf8');
    },
    put({ key, body, now, expiresAt, maxBytes }) {
      const packed = deflateRawSync(Buffer.from(body, 'utf8'));
      try {
        db.transaction(() => {
          if (totalBytes === undefined || now - sweptAt >= SWEEP_EVERY_MS || now < sweptAt) {
            expire.run(now);
            totalBytes = (total.get() as { entries: number; bytes: number }).bytes;
            sweptAt = now;
          }
          const replaced = (bytesOf.get(key) as { bytes: number } | undefined)?.bytes ?? 0;
          upsert.run(key, now, expiresAt, now, packed.length, packed);
          let bytes = totalBytes + packed.length - replaced;
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
        })();
      } catch (error) {
        // Rolled back: count the table afresh next time.
        totalBytes = undefined;
        throw error;
      }
    },
    stats: () => total.get() as { entries: number; bytes: number },
    clear() {
      clear.run();
      totalBytes = 0;
    },
  };
}
