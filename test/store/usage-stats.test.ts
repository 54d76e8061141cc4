import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 10, 30, 15, 30); // 15:30 UTC = 23:30 in UTC+8

let temp: TempStore | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

const claude = 'claude-cli/2.1.197 (external, cli)';
const codex = 'codex_cli_rs/0.46.0 (Debian 12; x86_64) xterm';

function storeWithTraffic() {
  temp = tempStore();
  const store = temp.open();
  const traces = [
    makeTrace({ startedAt: BASE, providerId: 'deepseek', userAgent: claude }),
    makeTrace({ startedAt: BASE + 10 * 60_000, providerId: 'deepseek', userAgent: codex }),
    makeTrace({ startedAt: BASE + HOUR, providerId: 'zhipu', userAgent: claude }),
    makeTrace({ startedAt: BASE + 2 * HOUR, providerId: 'deepseek', userAgent: claude, status: 500 }),
  ];
  for (const trace of traces) store.recorder.record(trace);
  store.flush();
  return { store, traces };
}

describe('usage stats from the hourly rollup', () => {
  it('groups by hour and by client, splits a group by a second dimension, and filters', () => {
    const { store } = storeWithTraffic();
    const range = { from: BASE - HOUR, to: BASE + 3 * HOUR };
    const byHour = store.queries.usageStats({ ...range, groupBy: 'hour' });
    expect(byHour.map((row) => [row.key, row.requests])).toEqual([
      ['2026-11-30T15:00', 2],
      ['2026-11-30T16:00', 1],
      ['2026-11-30T17:00', 1],
    ]);
    const byClient = store.queries.usageStats({ ...range, groupBy: 'client' });
    expect(byClient.map((row) => [row.key, row.requests])).toEqual([
      ['Claude Code', 3],
      ['Codex', 1],
    ]);
    const stacked = store.queries.usageStats({ ...range, groupBy: 'day', splitBy: 'provider' });
    expect(stacked.map((row) => [row.key, row.split, row.requests, row.errors])).toEqual([
      ['2026-11-30', 'deepseek', 3, 1],
      ['2026-11-30', 'zhipu', 1, 0],
    ]);
    const onlyZhipu = store.queries.usageStats({ ...range, groupBy: 'model', providerId: 'zhipu' });
    expect(onlyZhipu.map((row) => row.requests)).toEqual([1]);
    const codexOnDeepseek = store.queries.usageStats({
      ...range,
      groupBy: 'provider',
      providerId: 'deepseek',
      client: 'Codex',
    });
    expect(codexOnDeepseek.map((row) => [row.key, row.requests])).toEqual([['deepseek', 1]]);
  });

  it("puts days and hours in the viewer's time zone", () => {
    const { store } = storeWithTraffic();
    const range = { from: BASE - HOUR, to: BASE + 3 * HOUR };
    // In UTC+8 the first two requests are on Nov 30 (23:30), the others already on Dec 1.
    const days = store.queries.usageStats({ ...range, groupBy: 'day', tzOffsetMinutes: 480 });
    expect(days.map((row) => [row.key, row.requests])).toEqual([
      ['2026-11-30', 2],
      ['2026-12-01', 2],
    ]);
    const hours = store.queries.usageStats({ ...range, groupBy: 'hour', tzOffsetMinutes: 480 });
    expect(hours[0]?.key).toBe('2026-11-30T23:00');
  });

  it('totals equal a SQL sum over the trace rows of the same range, to the token', () => {
    const { store } = storeWithTraffic();
    const [total] = store.queries.usageStats({ from: BASE - HOUR, to: BASE + 3 * HOUR, groupBy: 'day' });
    store.close();
    const db = new Database(temp!.dbPath, { readonly: true });
    const sums = db
      .prepare(
        `SELECT COUNT(*) AS requests, SUM(input_tokens) AS input, SUM(output_tokens) AS output,
           SUM(cache_read_tokens) AS cacheRead, SUM(cache_write_tokens) AS cacheWrite FROM traces`,
      )
      .get() as Record<string, number>;
    db.close();
    expect(total).toMatchObject({
      requests: sums.requests,
      inputTokens: sums.input,
      outputTokens: sums.output,
      cacheReadTokens: sums.cacheRead,
      cacheWriteTokens: sums.cacheWrite,
    });
  });

  it('latency percentiles per provider, nearest rank, successes only', () => {
    temp = tempStore();
    const store = temp.open();
    for (let index = 1; index <= 20; index += 1) {
      const startedAt = BASE + index;
      store.recorder.record(
        makeTrace({
          startedAt,
          providerId: 'fast',
          timings: {
            receivedAt: startedAt,
            firstTokenAt: startedAt + index * 10,
            clientDoneAt: startedAt + index * 100,
          },
        }),
      );
    }
    store.recorder.record(
      makeTrace({
        startedAt: BASE,
        providerId: 'fast',
        status: 502,
        timings: { receivedAt: BASE, clientDoneAt: BASE + 99_999 },
      }),
    );
    store.flush();
    const [fast] = store.queries.latencyStats({ from: BASE - HOUR, to: BASE + HOUR, groupBy: 'provider' });
    expect(fast).toEqual({
      key: 'fast',
      requests: 20,
      firstTokenP50Ms: 100,
      firstTokenP95Ms: 190,
      durationP50Ms: 1000,
      durationP95Ms: 1900,
    });
  });
});
