import type Database from 'better-sqlite3';
import { hourOf } from './build-trace-row';
import type { UsageRollupRow } from './prepare-write-statements';
import type { UsageDimension, UsageGroupBy, UsageRow, UsageStatsQuery } from './types';

/** The rollup's counters, summed over the group named by `key` (and `split`). */
type RollupSelectRow = Omit<UsageRollupRow, 'hour' | 'provider_id' | 'model' | 'route' | 'client'> & {
  key: string;
  split: string | null;
};

const DIMENSION_COLUMN: Record<UsageDimension, string> = {
  provider: 'provider_id',
  model: 'model',
  route: 'route',
  client: 'client',
};

/** SQL for a group's key; `@offset` shifts hours into the viewer's time zone. */
function keyExpression(groupBy: UsageGroupBy): string {
  switch (groupBy) {
    case 'day':
      return "strftime('%Y-%m-%d', (hour + @offset) / 1000, 'unixepoch')";
    case 'hour':
      return "strftime('%Y-%m-%dT%H:00', (hour + @offset) / 1000, 'unixepoch')";
    default:
      return DIMENSION_COLUMN[groupBy];
  }
}

const FILTERS = [
  ['providerId', 'provider_id'],
  ['model', 'model'],
  ['route', 'route'],
  ['client', 'client'],
] as const;

/**
 * Totals per day, hour, provider, model, route or client, optionally split by
 * a second dimension and filtered, read from the hourly rollup (never from the
 * traces, so totals outlive trace retention). Statements are prepared once per
 * query shape.
 */
export function createUsageStats(db: Database.Database): (query: UsageStatsQuery) => UsageRow[] {
  const statements = new Map<string, Database.Statement<Record<string, unknown>, RollupSelectRow>>();
  const statementFor = (query: UsageStatsQuery) => {
    const filters = FILTERS.filter(([field]) => query[field] !== undefined);
    const shape = JSON.stringify([query.groupBy, query.splitBy, filters.map(([field]) => field)]);
    let statement = statements.get(shape);
    if (!statement) {
      const key = keyExpression(query.groupBy);
      const split = query.splitBy ? DIMENSION_COLUMN[query.splitBy] : 'NULL';
      // Days and hours read chronologically; the other groupings biggest first.
      const chronological = query.groupBy === 'day' || query.groupBy === 'hour';
      const order = chronological ? 'key ASC, requests DESC' : 'requests DESC, key ASC';
      const where = [
        'hour BETWEEN @from AND @to',
        ...filters.map(([field, column]) => `${column} = @${field}`),
      ];
      statement = db.prepare<Record<string, unknown>, RollupSelectRow>(
        `SELECT ${key} AS key, ${split} AS split, SUM(requests) AS requests, SUM(successes) AS successes,
           SUM(errors) AS errors, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
           SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
           SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_usd) AS cost_usd,
           SUM(unpriced_requests) AS unpriced_requests, SUM(cache_hits) AS cache_hits,
           SUM(saved_input_tokens) AS saved_input_tokens, SUM(saved_output_tokens) AS saved_output_tokens,
           SUM(saved_cost_usd) AS saved_cost_usd
         FROM usage_hourly WHERE ${where.join(' AND ')}
         GROUP BY key${query.splitBy ? ', split' : ''} ORDER BY ${order}`,
      );
      statements.set(shape, statement);
    }
    return statement;
  };

  return (query) => {
    const parameters: Record<string, unknown> = {
      from: hourOf(query.from),
      to: hourOf(query.to),
      offset: (query.tzOffsetMinutes ?? 0) * 60_000,
    };
    for (const [field] of FILTERS) if (query[field] !== undefined) parameters[field] = query[field];
    return statementFor(query)
      .all(parameters)
      .map((row) => ({
        key: row.key,
        ...(row.split !== null ? { split: row.split } : {}),
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
        cacheHits: row.cache_hits,
        savedInputTokens: row.saved_input_tokens,
        savedOutputTokens: row.saved_output_tokens,
        savedCostUsd: row.saved_cost_usd,
      }));
  };
}
