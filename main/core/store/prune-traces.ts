import type Database from 'better-sqlite3';
import type { PruneResult } from './types';

const DAY_MS = 86_400_000;
/** Small deletes keep each write transaction short, so the recorder is never blocked for long. */
const CHUNK = 5_000;

/** Retention: traces older than `retentionDays` go (attempts and payloads cascade); usage rollups stay. */
export function createPruneTraces(
  db: Database.Database,
  /** Read on every prune, so a reloaded config applies at once. */
  retentionDays: () => number,
): (now?: number) => Pick<PruneResult, 'deletedTraces'> {
  const deleteChunk = db.prepare<[number, number]>(
    'DELETE FROM traces WHERE seq IN (SELECT seq FROM traces WHERE started_at < ? ORDER BY started_at LIMIT ?)',
  );
  return (now = Date.now()) => {
    const days = retentionDays();
    // Zero, negative or missing retention means "keep everything", never "delete everything".
    if (!Number.isFinite(days) || days <= 0) return { deletedTraces: 0 };
    const cutoff = now - days * DAY_MS;
    let deletedTraces = 0;
    for (;;) {
      const { changes } = deleteChunk.run(cutoff, CHUNK);
      deletedTraces += changes;
      if (changes < CHUNK) break;
    }
    return { deletedTraces };
  };
}

/** Audit retention: rows older than `retentionDays` go, in chunks like traces; 0 or none keeps them all. */
export function createPruneAuditLog(
  db: Database.Database,
  /** Read on every prune, so a reloaded config applies at once. */
  retentionDays: () => number | undefined,
): (now?: number) => Pick<PruneResult, 'deletedAuditEntries'> {
  const deleteChunk = db.prepare<[number, number]>(
    'DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log WHERE at < ? ORDER BY at LIMIT ?)',
  );
  return (now = Date.now()) => {
    const days = retentionDays();
    if (days === undefined || !Number.isFinite(days) || days <= 0) return { deletedAuditEntries: 0 };
    const cutoff = now - days * DAY_MS;
    let deletedAuditEntries = 0;
    for (;;) {
      const { changes } = deleteChunk.run(cutoff, CHUNK);
      deletedAuditEntries += changes;
      if (changes < CHUNK) break;
    }
    return { deletedAuditEntries };
  };
}
