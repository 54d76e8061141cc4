import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { createPrivately } from './open-database';
import type { StoreLogger } from './types';

/** The cache file's own schema (its `user_version`); a file of another version is rebuilt, not migrated. */
const CACHE_SCHEMA_VERSION = 2;

const CACHE_SCHEMA = `
  CREATE TABLE response_cache (
    key TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    body BLOB NOT NULL
  );
  CREATE INDEX response_cache_by_use ON response_cache (used_at);
  -- The semantic layer's prompt vectors; key is the exact cache's key of the answer in response_cache.
  -- embedder (provider, base URL, model) keeps vectors of different models apart.
  CREATE TABLE semantic_cache (
    key TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    embedder TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL,
    vector BLOB NOT NULL
  );
  CREATE INDEX semantic_cache_by_use ON semantic_cache (embedder, used_at);
`;

/**
 * The response cache's file, `cache.db` beside `ais.db`. It is disposable, so
 * it is written without syncing (`synchronous=OFF`): with the cache in
 * `ais.db`, storing every answer made WAL checkpoints — and their fsync, on
 * the event loop — three times as frequent, and the stores cost ~3× their CPU
 * in wall time. A process crash loses nothing; an OS crash or power loss may
 * damage the file, which is then found at the next open, deleted and started
 * afresh, like a file of another schema version.
 */
export function openCacheDatabase(cachePath: string, logger?: StoreLogger): Database.Database {
  if (cachePath === ':memory:') return prepare(new Database(':memory:'));
  try {
    return openFile(cachePath);
  } catch (error) {
    logger?.warn(
      { error: String(error), cachePath },
      'response cache: its file could not be opened; it is deleted and started empty',
    );
    for (const file of [cachePath, `${cachePath}-wal`, `${cachePath}-shm`]) rmSync(file, { force: true });
    return openFile(cachePath);
  }
}

function openFile(cachePath: string): Database.Database {
  createPrivately(cachePath);
  const db = new Database(cachePath);
  try {
    return prepare(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepare(db: Database.Database): Database.Database {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== CACHE_SCHEMA_VERSION)
    db.transaction(() => {
      db.exec('DROP TABLE IF EXISTS response_cache; DROP TABLE IF EXISTS semantic_cache');
      db.exec(CACHE_SCHEMA);
      db.pragma(`user_version = ${CACHE_SCHEMA_VERSION}`);
    })();
  // A damaged file fails here (or at the first page it reads), not at a request.
  db.prepare('SELECT COUNT(*) FROM response_cache WHERE key = ?').get('');
  return db;
}
