import type Database from 'better-sqlite3';

/** One audited change, as governance wrote it (already redacted). */
export interface AuditEntry {
  seq: number;
  at: number;
  /** Who: `dashboard (browser session)`, `desktop app`, `CLI (admin token)`, `config file`… (see describeCaller) */
  actor: string;
  /** The contract call, or `config change`. */
  action: string;
  summary: string;
  ok: boolean;
  /** The redacted input, diff or error, as JSON-able data. */
  detail: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: Omit<AuditEntry, 'seq'>): void;
  /** Newest first; `before` is the `seq` to continue below (the previous page's cursor). */
  list(query: { limit: number; before?: number }): { items: AuditEntry[]; nextCursor?: number };
  /** Deletes rows older than `cutoff` (ms). */
  prune(cutoff: number): number;
}

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  summary: string;
  ok: number;
  detail: string;
}

export function createAuditLog(db: Database.Database): AuditLog {
  const insert = db.prepare<[number, string, string, string, number, string]>(
    `INSERT INTO audit_log (at, actor, action, summary, ok, detail) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare<[number, number]>(
    `SELECT seq, at, actor, action, summary, ok, detail FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
  );
  const prune = db.prepare<[number]>(`DELETE FROM audit_log WHERE at < ?`);
  return {
    append(entry) {
      insert.run(
        entry.at,
        entry.actor,
        entry.action,
        entry.summary,
        entry.ok ? 1 : 0,
        JSON.stringify(entry.detail),
      );
    },
    list({ limit, before }) {
      const rows = page.all(before ?? Number.MAX_SAFE_INTEGER, limit + 1) as AuditRow[];
      const items = rows.slice(0, limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        summary: row.summary,
        ok: row.ok === 1,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      }));
      return rows.length > limit ? { items, nextCursor: items.at(-1)!.seq } : { items };
    },
    prune: (cutoff) => prune.run(cutoff).changes,
  };
}
