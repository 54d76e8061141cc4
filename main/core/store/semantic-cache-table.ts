import type Database from 'better-sqlite3';

/** One prompt vector: the exact cache key of its answer, what it must match exactly, and when it lapses. */
export interface SemanticCacheRow {
  key: string;
  scope: string;
  vector: Float32Array;
  expiresAt: number;
}

/** One recorded evaluation: each labelled pair's similarity under one embedder. */
export interface SemanticEvaluationRow {
  at: number;
  similarities: { id: string; expected: 'hit' | 'miss'; similarity: number }[];
}

/** The disk side of the semantic cache's index (its vectors) and the evaluations that gate it. */
export interface SemanticCacheTable {
  /** The freshest unexpired rows of one embedder, newest first, at most `limit`. */
  load(embedder: string, now: number, limit: number): SemanticCacheRow[];
  put(embedder: string, row: SemanticCacheRow, now: number): void;
  touch(key: string, now: number): void;
  remove(keys: readonly string[]): void;
  /** Drops expired rows and other embedders' vectors (they can never be compared again). */
  sweep(embedder: string, now: number): number;
  count(): number;
  clear(): void;
  recordEvaluation(embedder: string, testSet: string, evaluation: SemanticEvaluationRow): void;
  latestEvaluation(embedder: string, testSet: string): SemanticEvaluationRow | undefined;
}

/**
 * Vectors live in the cache's disposable file beside the answers they point at; the evaluations that gate the
 * layer are records the user made, kept in `ais.db`.
 */
export function createSemanticCacheTable(files: {
  cacheDb: Database.Database;
  db: Database.Database;
}): SemanticCacheTable {
  const { cacheDb, db } = files;
  const select = cacheDb.prepare<[string, number, number]>(
    `SELECT key, scope, expires_at, vector FROM semantic_cache
     WHERE embedder = ? AND expires_at > ? ORDER BY used_at DESC LIMIT ?`,
  );
  const upsert = cacheDb.prepare<[string, string, string, number, number, number, Buffer]>(`
    INSERT INTO semantic_cache (key, scope, embedder, created_at, expires_at, used_at, vector)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET scope = excluded.scope, embedder = excluded.embedder,
      created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = excluded.used_at,
      vector = excluded.vector`);
  const touch = cacheDb.prepare<[number, string]>(`UPDATE semantic_cache SET used_at = ? WHERE key = ?`);
  const remove = cacheDb.prepare<[string]>(`DELETE FROM semantic_cache WHERE key = ?`);
  const sweep = cacheDb.prepare<[number, string]>(
    `DELETE FROM semantic_cache WHERE expires_at <= ? OR embedder <> ?`,
  );
  const count = cacheDb.prepare(`SELECT COUNT(*) AS entries FROM semantic_cache`);
  const clear = cacheDb.prepare(`DELETE FROM semantic_cache`);
  const insertEvaluation = db.prepare<[number, string, string, string]>(
    `INSERT INTO semantic_cache_evaluations (at, embedder, test_set, similarities) VALUES (?, ?, ?, ?)`,
  );
  const selectEvaluation = db.prepare<[string, string]>(
    `SELECT at, similarities FROM semantic_cache_evaluations
     WHERE embedder = ? AND test_set = ? ORDER BY at DESC, seq DESC LIMIT 1`,
  );
  const removeAll = cacheDb.transaction((keys: readonly string[]) => {
    for (const key of keys) remove.run(key);
  });

  return {
    load(embedder, now, limit) {
      const rows = select.all(embedder, now, limit) as {
        key: string;
        scope: string;
        expires_at: number;
        vector: Buffer;
      }[];
      return rows.map((row) => ({
        key: row.key,
        scope: row.scope,
        expiresAt: row.expires_at,
        // Copied out: the Buffer may share a pool whose offset is not 4-byte aligned.
        vector: new Float32Array(
          row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength),
        ),
      }));
    },
    put(embedder, row, now) {
      const bytes = Buffer.from(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength);
      upsert.run(row.key, row.scope, embedder, now, row.expiresAt, now, bytes);
    },
    touch(key, now) {
      touch.run(now, key);
    },
    remove(keys) {
      if (keys.length > 0) removeAll(keys);
    },
    sweep: (embedder, now) => sweep.run(now, embedder).changes,
    count: () => (count.get() as { entries: number }).entries,
    clear() {
      clear.run();
    },
    recordEvaluation(embedder, testSet, evaluation) {
      insertEvaluation.run(evaluation.at, embedder, testSet, JSON.stringify(evaluation.similarities));
    },
    latestEvaluation(embedder, testSet) {
      const row = selectEvaluation.get(embedder, testSet) as { at: number; similarities: string } | undefined;
      if (!row) return undefined;
      return {
        at: row.at,
        similarities: JSON.parse(row.similarities) as SemanticEvaluationRow['similarities'],
      };
    },
  };
}
