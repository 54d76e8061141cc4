import { describe, expect, it } from 'vitest';
import {
  cacheHitRate,
  daysBetween,
  fillKeys,
  OTHER_SERIES,
  pivotSplit,
  sumUsage,
  totalTokens,
  withCumulativeCost,
  type UsageRow,
} from '../../renderer/src/pages/usage/shape-usage';
import { rangeOf } from '../../renderer/src/pages/usage/usage-range';

function row(key: string, fields: Partial<UsageRow> = {}): UsageRow {
  return { key, ...sumUsage([]), ...fields };
}

describe('shaping usage rows for the charts', () => {
  it('sums, counts tokens once (cache reads are inside input) and rates the cache', () => {
    const rows = [
      row('a', { requests: 2, inputTokens: 100, cacheReadTokens: 40, outputTokens: 10, costUsd: 0.5 }),
      row('b', { requests: 1, inputTokens: 50, outputTokens: 5, costUsd: 0.25 }),
    ];
    const totals = sumUsage(rows);
    expect(totals).toMatchObject({ requests: 3, inputTokens: 150, cacheReadTokens: 40, costUsd: 0.75 });
    expect(totalTokens(totals)).toBe(165);
    expect(cacheHitRate(rows[0] as UsageRow)).toBe(0.4);
    expect(cacheHitRate(row('empty'))).toBeUndefined();
    expect(withCumulativeCost(rows).map((entry) => entry.cumulativeCostUsd)).toEqual([0.5, 0.75]);
  });

  it('fills days without traffic and stacks the biggest series, folding the rest', () => {
    const from = new Date(2026, 0, 30, 10).getTime();
    const to = new Date(2026, 1, 2, 9).getTime();
    expect(daysBetween(from, to)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(
      fillKeys([row('2026-01-31', { requests: 3 })], ['2026-01-30', '2026-01-31']).map(
        (entry) => entry.requests,
      ),
    ).toEqual([0, 3]);
    const split = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((name, index) =>
      row('d1', { split: name, inputTokens: 100 - index }),
    );
    const { data, series } = pivotSplit(split, ['d1', 'd2'], totalTokens);
    expect(series).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', OTHER_SERIES]);
    expect(data[0]?.[OTHER_SERIES]).toBe(95 + 94);
    expect(data[1]).toMatchObject({ key: 'd2', p1: 0 });
  });

  it('turns presets into whole local days ending today', () => {
    const now = new Date(2026, 5, 15, 13, 30).getTime();
    const week = rangeOf('week', { from: 0, to: 0 }, now);
    expect(new Date(week.from)).toEqual(new Date(2026, 5, 9));
    expect(new Date(week.to)).toEqual(new Date(2026, 5, 15, 23, 59, 59, 999));
    expect(new Date(rangeOf('today', { from: 0, to: 0 }, now).from)).toEqual(new Date(2026, 5, 15));
    const custom = rangeOf(
      'custom',
      { from: new Date(2026, 1, 3, 12).getTime(), to: new Date(2026, 1, 1).getTime() },
      now,
    );
    expect(new Date(custom.from)).toEqual(new Date(2026, 1, 1));
  });
});
