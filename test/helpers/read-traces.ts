import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** One upstream try as `ais` recorded it. */
export interface RecordedAttempt {
  providerId: string;
  keyIndex: number;
  status: number | null;
  error: string | null;
}

/** The columns of a recorded trace that end-to-end tests assert on. */
export interface RecordedTrace {
  seq: number;
  id: string;
  status: number;
  error: string | null;
  route: string;
  scene: string | null;
  providerId: string | null;
  upstreamModel: string | null;
  requestedModel: string;
  sessionId: string | null;
  stream: boolean;
  warnings: { code: string; message: string }[];
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  attempts: RecordedAttempt[];
}

export interface TraceReader {
  /** Waits (bounded) for `count` traces recorded after the last ones returned, oldest first. */
  next(count?: number, budgetMs?: number): Promise<RecordedTrace[]>;
  close(): void;
}

interface TraceRow {
  seq: number;
  id: string;
  status: number;
  error: string | null;
  route: string;
  scene: string | null;
  provider_id: string | null;
  upstream_model: string | null;
  requested_model: string;
  session_id: string | null;
  stream: number;
  warnings: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
}

interface AttemptRow {
  provider_id: string;
  key_index: number;
  status: number | null;
  error: string | null;
}

/**
 * Reads `<home>/ais.db` read-only, the way the dashboard would, while `ais`
 * keeps writing it (WAL). The recorder flushes within 100 ms, so `next` polls.
 */
export function createTraceReader(home: string): TraceReader {
  const dbPath = path.join(home, 'ais.db');
  let db: Database.Database | undefined;
  let lastSeq = 0;

  const open = (): Database.Database | undefined => {
    if (db === undefined && existsSync(dbPath))
      db = new Database(dbPath, { readonly: true, fileMustExist: true });
    return db;
  };

  const read = (database: Database.Database, count: number): RecordedTrace[] => {
    const rows = database
      .prepare("SELECT * FROM traces WHERE seq > ? AND state = 'done' ORDER BY seq LIMIT ?")
      .all(lastSeq, count) as TraceRow[];
    const attempts = database.prepare(
      'SELECT provider_id, key_index, status, error FROM trace_attempts WHERE trace_seq = ? ORDER BY position',
    );
    return rows.map((row) => ({
      seq: row.seq,
      id: row.id,
      status: row.status,
      error: row.error,
      route: row.route,
      scene: row.scene,
      providerId: row.provider_id,
      upstreamModel: row.upstream_model,
      requestedModel: row.requested_model,
      sessionId: row.session_id,
      stream: row.stream === 1,
      warnings: JSON.parse(row.warnings) as RecordedTrace['warnings'],
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      attempts: (attempts.all(row.seq) as AttemptRow[]).map((attempt) => ({
        providerId: attempt.provider_id,
        keyIndex: attempt.key_index,
        status: attempt.status,
        error: attempt.error,
      })),
    }));
  };

  return {
    async next(count = 1, budgetMs = 3_000) {
      const deadline = Date.now() + budgetMs;
      for (;;) {
        const database = open();
        const found: RecordedTrace[] = database ? read(database, count) : [];
        if (found.length === count) {
          lastSeq = found.at(-1)!.seq;
          return found;
        }
        if (Date.now() > deadline)
          throw new Error(`expected ${count} new trace(s) in ${dbPath}, found ${found.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
