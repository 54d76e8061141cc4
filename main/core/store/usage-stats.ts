import type Database from 'better-sqlite3';
import { utcDay } from './build-trace-row';
import type { UsageRollupRow } from './prepare-write-statements';
import type { UsageGroupBy, UsageRow, UsageStatsQuery } from './types';

/** The rollup's counters, summed over the group named by `key`. */
type RollupSelectRow = Omit<UsageRollupRow, 'day' | 'provider_id' | 'model' | 'route'> & { key: string };

const GROUP_COLUMN: Record<UsageGroupBy, string> = {
  day: 'day',
  provider: 'provider_id',
  model: 'model',
  route: 'route',
};

/** Totals per day, provider, model or route, read from the daily rollup (never from the traces). */
export function createUsageStats(db: Database.Database): (query: UsageStatsQuery) => UsageRow[] {
  const statements = new Map<UsageGroupBy, Database.Statement<[string, string], RollupSelectRow>>();
  for (const [groupBy, column] of Object.entries(GROUP_COLUMN) as [UsageGroupBy, string][]) {
    // Days read chronologically; the other groupings biggest first.
    const order = groupBy === 'day' ? 'key ASC' : 'requests DESC, key ASC';
    statements.set(
      groupBy,
      db.prepare<[string, string], RollupSelectRow>(
        `SELECT ${column} AS key, SUM(requests) AS requests, SUM(successes) AS successes, SUM(errors) AS errors,
           SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cache_read_tokens) AS cache_read_tokens,
           SUM(cache_write_tokens) AS cache_write_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
           SUM(cost_usd) AS cost_usd, SUM(unpriced_requests) AS unpriced_requests
         FROM usage_daily WHERE day BETWEEN ? AND ? GROUP BY ${column} ORDER BY ${order}`,
      ),
    );
  }
  return ({ from, to, groupBy }) => {
    const statement = statements.get(groupBy);
    if (!statement) throw new RangeError(`usageStats: unknown groupBy ${String(groupBy)}`);
    return statement.all(utcDay(from), utcDay(to)).map((row) => ({
      key: row.key,
      requests: row.requests,
      successes: row.successes,
      errors: row.errors,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWriteTokens: row.cache_write_tokens,
      reasoningTokens: row.reasoning_tokens,
      costUsd: row.cost_usd,
      unpricedRequests: row.unpriced_requests,
    }));
  };
}
