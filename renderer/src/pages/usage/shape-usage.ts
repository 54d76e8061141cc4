import type { CallOutput } from '../../client/calls';

export type UsageRow = CallOutput<'usageStats'>['rows'][number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** Stacks beyond this many series fold the smallest into "other". */
const MAX_SERIES = 6;
export const OTHER_SERIES = '…';

export interface UsageTotals {
  requests: number;
  successes: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  unpricedRequests: number;
  cacheHits: number;
  savedInputTokens: number;
  savedOutputTokens: number;
  savedCostUsd: number;
}

export function sumUsage(rows: readonly UsageRow[]): UsageTotals {
  const totals: UsageTotals = {
    requests: 0,
    successes: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    cacheHits: 0,
    savedInputTokens: 0,
    savedOutputTokens: 0,
    savedCostUsd: 0,
  };
  for (const row of rows)
    for (const field of Object.keys(totals) as (keyof UsageTotals)[]) totals[field] += row[field];
  return totals;
}

/** Tokens billed: the prompt (which already holds cache reads and writes) and the output (which holds reasoning). */
export const totalTokens = (row: Pick<UsageTotals, 'inputTokens' | 'outputTokens'>): number =>
  row.inputTokens + row.outputTokens;

/** Share of the prompt served from cache; the engine's input count includes cache reads and writes. */
export function cacheHitRate(row: Pick<UsageTotals, 'inputTokens' | 'cacheReadTokens'>): number | undefined {
  return row.inputTokens === 0 ? undefined : row.cacheReadTokens / row.inputTokens;
}

/** Input that was neither read from nor written to cache, for the token split chart. */
export const uncachedInput = (
  row: Pick<UsageTotals, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>,
): number => Math.max(0, row.inputTokens - row.cacheReadTokens - row.cacheWriteTokens);

export function errorRate(row: Pick<UsageTotals, 'requests' | 'errors'>): number | undefined {
  return row.requests === 0 ? undefined : row.errors / row.requests;
}

/** The day keys (`YYYY-MM-DD`, local) from `from` to `to`, so days without traffic show as zero. */
export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  const cursor = new Date(from);
  cursor.setHours(0, 0, 0, 0);
  while (cursor.getTime() <= to) {
    const month = String(cursor.getMonth() + 1).padStart(2, '0');
    const day = String(cursor.getDate()).padStart(2, '0');
    days.push(`${cursor.getFullYear()}-${month}-${day}`);
    cursor.setTime(cursor.getTime() + DAY_MS);
    cursor.setHours(0, 0, 0, 0);
  }
  return days;
}

/** The hour keys (`YYYY-MM-DDTHH:00`, local) of one day. */
export function hoursOf(dayStart: number): string[] {
  const [day] = daysBetween(dayStart, dayStart);
  return Array.from({ length: 24 }, (_, hour) => `${day}T${String(hour).padStart(2, '0')}:00`);
}

/** Rows for every key in `keys` (zeros where the engine had none), in that order. */
export function fillKeys(rows: readonly UsageRow[], keys: readonly string[]): UsageRow[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => byKey.get(key) ?? { key, ...sumUsage([]) });
}

/**
 * Split rows (key × split) as one object per key with a field per series,
 * for a stacked chart; the biggest series kept, the rest summed as "other".
 */
export function pivotSplit(
  rows: readonly UsageRow[],
  keys: readonly string[],
  value: (row: UsageRow) => number,
): { data: Record<string, string | number>[]; series: string[] } {
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(row.split ?? '', (sizes.get(row.split ?? '') ?? 0) + value(row));
  const ranked = [...sizes].sort((left, right) => right[1] - left[1]).map(([name]) => name);
  const kept = ranked.length > MAX_SERIES ? ranked.slice(0, MAX_SERIES - 1) : ranked;
  const series = ranked.length > kept.length ? [...kept, OTHER_SERIES] : kept;
  const data = keys.map((key) => {
    const entry: Record<string, string | number> = { key };
    for (const name of series) entry[name] = 0;
    return entry;
  });
  const index = new Map(keys.map((key, position) => [key, position]));
  for (const row of rows) {
    const entry = data[index.get(row.key) ?? -1];
    if (!entry) continue;
    const name = kept.includes(row.split ?? '') ? (row.split ?? '') : OTHER_SERIES;
    entry[name] = (entry[name] as number) + value(row);
  }
  return { data, series };
}

/** Each row with the running total of its cost. */
export function withCumulativeCost(rows: readonly UsageRow[]): (UsageRow & { cumulativeCostUsd: number })[] {
  let running = 0;
  return rows.map((row) => {
    running += row.costUsd;
    return { ...row, cumulativeCostUsd: running };
  });
}
