import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { migrate } from './migrations';

/**
 * Open (or create) the database with the settings the recorder relies on:
 * WAL so the dashboard reads while the recorder writes, `synchronous=NORMAL`
 * (durable across process crashes, may lose the last commits on power loss),
 * and a busy timeout so a second process (the CLI) waits instead of failing.
 */
export function openDatabase(dbPath: string): Database.Database {
  if (dbPath !== ':memory:') createPrivately(dbPath);
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // The default 2 MiB page cache thrashes once the trace indices outgrow it; pages are allocated lazily.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    // Keeps planner statistics fresh cheaply (bounded analysis), as SQLite recommends at open.
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The database holds request bodies: owner-only (0600), whatever the umask or
 * the mode of a home created beforehand. SQLite gives its -wal and -shm files
 * the database file's mode, so creating that one first is enough; files left
 * by an earlier version are tightened too.
 */
export function createPrivately(dbPath: string): void {
  closeSync(openSync(dbPath, 'a', 0o600));
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch {
      // Not ours to change (another owner, a read-only mount): SQLite still opens it.
    }
  }
}
