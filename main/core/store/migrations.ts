import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append-only: a released migration is never edited, a change is a new entry.
 * `PRAGMA user_version` holds the last applied version.
 *
 * Layout notes:
 * - `traces.seq` (the rowid) is the pagination tie-breaker: every secondary
 *   index ends with the rowid implicitly, so `(x, started_at)` indices serve
 *   `ORDER BY started_at DESC, seq DESC` without a sort step.
 * - `model` is the effective model (upstream, else requested): the one billed,
 *   the one rollups and filters use.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'traces, attempts, payloads, search terms, usage rollups',
    sql: `
      CREATE TABLE traces (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        started_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        route TEXT NOT NULL,
        inbound_protocol TEXT NOT NULL,
        path TEXT NOT NULL,
        client TEXT NOT NULL,
        user_agent TEXT NOT NULL,
        session_id TEXT,
        requested_model TEXT NOT NULL,
        provider_id TEXT,
        upstream_model TEXT,
        model TEXT NOT NULL,
        scene TEXT,
        decision TEXT,
        status INTEGER NOT NULL,
        is_error INTEGER NOT NULL,
        error TEXT,
        warnings TEXT NOT NULL,
        warning_count INTEGER NOT NULL,
        stream INTEGER NOT NULL,
        timings TEXT NOT NULL,
        duration_ms INTEGER,
        first_token_ms INTEGER,
        attempt_count INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL
      );
      CREATE INDEX traces_by_time ON traces (started_at);
      CREATE INDEX traces_by_provider ON traces (provider_id, started_at);
      CREATE INDEX traces_by_model ON traces (model, started_at);
      CREATE INDEX traces_by_route ON traces (route, started_at);
      CREATE INDEX traces_by_client ON traces (client, started_at);
      CREATE INDEX traces_by_path ON traces (path, started_at);
      CREATE INDEX traces_by_status ON traces (status, started_at);
      CREATE INDEX traces_by_session ON traces (session_id, started_at) WHERE session_id IS NOT NULL;
      -- Carries the error text so a text search over failures reads only this index, not the table.
      CREATE INDEX traces_errors ON traces (is_error, started_at, error) WHERE is_error = 1;
      CREATE INDEX traces_running ON traces (state) WHERE state = 'running';

      -- Distinct path/model/client values: text search resolves against this small table, then
      -- walks the per-column indices, instead of running LIKE over every trace.
      CREATE TABLE trace_terms (
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;

      CREATE TABLE trace_attempts (
        trace_seq INTEGER NOT NULL REFERENCES traces (seq) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        provider_id TEXT NOT NULL,
        key_index INTEGER NOT NULL,
        url TEXT NOT NULL,
        status INTEGER,
        error TEXT,
        started_at INTEGER NOT NULL,
        headers_at INTEGER,
        ended_at INTEGER,
        PRIMARY KEY (trace_seq, position)
      ) WITHOUT ROWID;

      CREATE TABLE trace_payloads (
        trace_seq INTEGER NOT NULL REFERENCES traces (seq) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        headers TEXT,
        is_text INTEGER NOT NULL,
        encoding TEXT NOT NULL,
        original_bytes INTEGER NOT NULL,
        truncated INTEGER NOT NULL,
        data BLOB,
        PRIMARY KEY (trace_seq, kind)
      );

      CREATE TABLE usage_daily (
        day TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        model TEXT NOT NULL,
        route TEXT NOT NULL,
        requests INTEGER NOT NULL,
        successes INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        unpriced_requests INTEGER NOT NULL,
        PRIMARY KEY (day, provider_id, model, route)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'settle the running rows of earlier builds; drop their index',
    // Builds before this one wrote a `running` row as each request started. Traces in flight now
    // live in memory (live events, the trace list's in-flight rows) and are written once, finished:
    // settle the old rows once, here, instead of on every start, and drop their index.
    sql: `
      UPDATE traces SET state = 'interrupted' WHERE state = 'running';
      DROP INDEX IF EXISTS traces_running;
    `,
  },
  {
    version: 3,
    name: 'usage rolled up by hour and client',
    // Hours, not UTC days: a dashboard groups by the user's own day (any time zone) and draws the
    // last 24 hours; the client is a grouping of its own. Rows of the daily table keep their totals
    // at the day's first hour, client unknown ('').
    sql: `
      CREATE TABLE usage_hourly (
        hour INTEGER NOT NULL,
        provider_id TEXT NOT NULL,
        model TEXT NOT NULL,
        route TEXT NOT NULL,
        client TEXT NOT NULL,
        requests INTEGER NOT NULL,
        successes INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        unpriced_requests INTEGER NOT NULL,
        PRIMARY KEY (hour, provider_id, model, route, client)
      ) WITHOUT ROWID;
      INSERT INTO usage_hourly
        SELECT CAST(strftime('%s', day) AS INTEGER) * 1000, provider_id, model, route, '', requests, successes,
          errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd,
          unpriced_requests
        FROM usage_daily;
      DROP TABLE usage_daily;
    `,
  },
  {
    version: 4,
    name: 'guardrail budgets: settled usage per scope and window, reservations and their holds',
    // Usage is kept per (scope, window start) whatever the limits are, so editing a limit
    // never loses what was spent. A reservation's holds count against a window until it is
    // settled, released, or expires (a process killed mid-request leaves them behind).
    sql: `
      CREATE TABLE budget_usage (
        scope TEXT NOT NULL,
        window TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cache_read_tokens INTEGER NOT NULL DEFAULT 0,
        cache_write_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, window, window_start)
      ) WITHOUT ROWID;
      CREATE TABLE budget_reservations (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT UNIQUE,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX budget_reservations_by_expiry ON budget_reservations (expires_at);
      CREATE TABLE budget_holds (
        reservation_id TEXT NOT NULL REFERENCES budget_reservations (id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        window TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        PRIMARY KEY (reservation_id, scope, window)
      ) WITHOUT ROWID;
      CREATE INDEX budget_holds_by_window ON budget_holds (scope, window, window_start);
    `,
  },
  {
    version: 5,
    name: 'audit log of admin calls and config changes',
    // Written already redacted by core/governance: no row holds a key, a token or a route key.
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        summary TEXT NOT NULL,
        ok INTEGER NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `,
  },
  {
    version: 6,
    name: 'exact response cache (the disk layer behind the memory LRU)',
    sql: `
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        body BLOB NOT NULL
      );
      CREATE INDEX response_cache_by_use ON response_cache (used_at);
    `,
  },
  {
    version: 7,
    name: 'budget holds live in memory; only charged idempotency keys stay on disk',
    // The holds of requests in flight belong to the process that admitted them (one engine owns a
    // home), so they are kept in memory: what a killed process held is gone with it. Held rows an
    // earlier version left are such leftovers.
    sql: `
      DROP TABLE budget_holds;
      DELETE FROM budget_reservations WHERE state = 'held';
    `,
  },
  {
    version: 8,
    name: 'usage: requests answered from the response cache and what they saved',
    // A hit spends nothing (its tokens and cost stay 0, so the totals still match the bill); what
    // the cached answer cost when it was first made is counted here instead, as "saved".
    sql: `
      ALTER TABLE usage_hourly ADD COLUMN cache_hits INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_hourly ADD COLUMN saved_input_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_hourly ADD COLUMN saved_output_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE usage_hourly ADD COLUMN saved_cost_usd REAL NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 9,
    name: 'the response cache moved to its own file (cache.db)',
    // Written unsynced there, so storing answers no longer drives ais.db's checkpoints; the entries
    // cached here are dropped (a cache starts empty).
    sql: `
      DROP TABLE response_cache;
    `,
  },
  {
    version: 10,
    name: 'semantic response cache: the evaluations that let it switch on',
    // The prompt vectors themselves live in cache.db beside the answers they point at.
    // `embedder` (provider, base URL, model) keeps evaluations of different models apart.
    sql: `
      CREATE TABLE semantic_cache_evaluations (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        embedder TEXT NOT NULL,
        test_set TEXT NOT NULL,
        similarities TEXT NOT NULL
      );
      CREATE INDEX semantic_cache_evaluations_by_embedder ON semantic_cache_evaluations (embedder, test_set, at);
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce(
  (latest, migration) => Math.max(latest, migration.version),
  0,
);

/** Bring the schema up to date; each migration and its version bump commit together. */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > LATEST_VERSION) {
    throw new Error(
      `ais.db has schema version ${from}, newer than this build knows (${LATEST_VERSION}); refusing to open it`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is a number from this file.
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: LATEST_VERSION };
}
