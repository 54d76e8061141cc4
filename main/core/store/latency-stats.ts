import type Database from 'better-sqlite3';
import type { LatencyGroupBy, LatencyRow, LatencyStatsQuery } from './types';

const GROUP_COLUMN: Record<LatencyGroupBy, string> = { provider: 'provider_id', model: 'model' };

interface PercentileRow {
  key: string | null;
  measure: 'first_token' | 'duration';
  n: number;
  p50: number;
  p95: number;
}

/**
 * First-token and whole-request latency percentiles (p50, p95, nearest rank)
 * per provider or model over the traces of a range (successful requests only:
 * a failure's timing says little about the provider's speed). The traces are
 * the only place with per-request timings, so this reads them; the range is
 * served by the `started_at` indices.
 */
export function createLatencyStats(db: Database.Database): (query: LatencyStatsQuery) => LatencyRow[] {
  const statements = new Map<
    LatencyGroupBy,
    Database.Statement<{ from: number; to: number }, PercentileRow>
  >();
  for (const [groupBy, column] of Object.entries(GROUP_COLUMN) as [LatencyGroupBy, string][]) {
    const ranked = (measure: string, value: string) => `
      SELECT ${column} AS key, '${measure}' AS measure, ${value} AS value,
        ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY ${value}) AS rank,
        COUNT(*) OVER (PARTITION BY ${column}) AS n
      FROM traces WHERE started_at BETWEEN @from AND @to AND is_error = 0 AND ${value} IS NOT NULL`;
    statements.set(
      groupBy,
      db.prepare<{ from: number; to: number }, PercentileRow>(
        `WITH ranked AS (${ranked('first_token', 'first_token_ms')} UNION ALL ${ranked('duration', 'duration_ms')})
         SELECT key, measure, n,
           MAX(CASE WHEN rank = MAX(1, CAST(CEIL(n * 0.50) AS INTEGER)) THEN value END) AS p50,
           MAX(CASE WHEN rank = MAX(1, CAST(CEIL(n * 0.95) AS INTEGER)) THEN value END) AS p95
         FROM ranked GROUP BY key, measure ORDER BY n DESC, key ASC`,
      ),
    );
  }
  return ({ from, to, groupBy }) => {
    const statement = statements.get(groupBy);
    if (!statement) throw new RangeError(`latencyStats: unknown groupBy ${String(groupBy)}`);
    const rows = new Map<string, LatencyRow>();
    for (const row of statement.all({ from, to })) {
      const key = row.key ?? '';
      const entry = rows.get(key) ?? { key, requests: 0 };
      if (row.measure === 'first_token') {
        entry.firstTokenP50Ms = row.p50;
        entry.firstTokenP95Ms = row.p95;
      } else {
        entry.requests = row.n;
        entry.durationP50Ms = row.p50;
        entry.durationP95Ms = row.p95;
      }
      rows.set(key, entry);
    }
    return [...rows.values()].sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
  };
}
