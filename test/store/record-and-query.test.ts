import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceRecord } from '../../main/core/store';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('recorder → flush → queries', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('stores a finished trace and reads every field back', () => {
    temp = tempStore();
    const store = temp.open();
    const trace = makeTrace({
      sessionId: 'session-1',
      scene: 'think',
      decision: { rule: 'scene', candidates: ['a', 'b'] },
      warnings: [{ code: 'image-dropped', message: 'the target cannot hold images' }],
      attempts: [
        {
          providerId: 'p1',
          keyIndex: 0,
          url: 'https://one.example/v1/messages',
          status: 529,
          startedAt: 1,
          headersAt: 2,
          endedAt: 3,
        },
        {
          providerId: 'anthropic',
          keyIndex: 1,
          url: 'https://api.anthropic.com/v1/messages',
          status: 200,
          startedAt: 4,
        },
      ],
      bodies: {
        clientRequest: '{"model":"claude-sonnet-4-5"}',
        upstreamResponse: Buffer.from([0, 1, 2, 255]),
      },
      headers: { clientRequest: { 'content-type': 'application/json', 'x-api-key': 'route-key-123456' } },
    });
    store.recorder.record(trace);
    store.flush();
    const detail = store.queries.getTrace(trace.id);
    expect(detail).toMatchObject({
      id: trace.id,
      state: 'done',
      startedAt: trace.startedAt,
      client: 'Claude Code 2.1.197',
      sessionId: 'session-1',
      scene: 'think',
      status: 200,
      stream: true,
      durationMs: 1200,
      firstTokenMs: 300,
      usage: trace.usage,
      decision: trace.decision,
      warnings: trace.warnings,
      attemptCount: 2,
      warningCount: 1,
      timings: trace.timings,
    });
    expect(detail?.attempts).toEqual(trace.attempts);
    expect(detail?.bodies.clientRequest).toEqual({
      content: '{"model":"claude-sonnet-4-5"}',
      originalBytes: 29,
      truncated: false,
    });
    expect(detail?.bodies.upstreamResponse?.content).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(detail?.headers.clientRequest).toEqual({
      'content-type': 'application/json',
      'x-api-key': '<redacted>',
    });
    // Sonnet 4.5 list price: 300 uncached × $3 + 600 read × $0.30 + 100 write × $3.75 + 200 out × $15, per million.
    expect(detail?.costUsd).toBeCloseTo((300 * 3 + 600 * 0.3 + 100 * 3.75 + 200 * 15) / 1e6, 12);
    expect(store.stats()).toMatchObject({ queued: 0, written: 1, droppedBodies: 0, droppedTraces: 0 });
  });

  it('never writes on the caller stack, and flushes on its own within maxDelayMs', async () => {
    temp = tempStore();
    const store = temp.open({ batch: { maxDelayMs: 20 } });
    const trace = makeTrace();
    store.recorder.record(trace);
    expect(store.queries.getTrace(trace.id)).toBeUndefined();
    expect(store.stats().queued).toBe(1);
    await wait(120);
    expect(store.queries.getTrace(trace.id)?.id).toBe(trace.id);
    expect(store.stats().queued).toBe(0);
  });

  it('flushes as soon as maxRecords are pending, without waiting for the timer', async () => {
    temp = tempStore();
    // The batch timer never fires here (faked): only the record count can trigger these writes,
    // however slow the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = temp.open({ batch: { maxDelayMs: 100, maxRecords: 10 } });
      for (let index = 0; index < 25; index += 1) store.recorder.record(makeTrace());
      const deadline = Date.now() + 5_000;
      while (store.stats().written < 20 && Date.now() < deadline) await new Promise(setImmediate);
      expect(store.stats().written).toBe(20);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes 10,000 records as 10,000 rows whose rollup sums equal the inputs exactly', () => {
    temp = tempStore();
    const store = temp.open();
    const expected = {
      requests: 0,
      errors: 0,
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
    };
    const day = Date.UTC(2025, 6, 10);
    for (let index = 0; index < 10_000; index += 1) {
      const usage = {
        inputTokens: 1000 + (index % 977),
        outputTokens: 10 + (index % 313),
        cacheReadTokens: index % 500,
        cacheWriteTokens: index % 7,
        reasoningTokens: index % 11,
      };
      const status = index % 17 === 0 ? 502 : 200;
      store.recorder.record(
        makeTrace({
          startedAt: day + (index % 3) * 86_400_000 + index,
          providerId: ['anthropic', 'openai', 'google'][index % 3],
          upstreamModel: ['claude-sonnet-4-5', 'gpt-5', 'gemini-2.5-pro', 'mystery-model'][index % 4],
          status,
          usage,
        }),
      );
      expected.requests += 1;
      expected.errors += status >= 400 ? 1 : 0;
      expected.input += usage.inputTokens;
      expected.output += usage.outputTokens;
      expected.cacheRead += usage.cacheReadTokens;
      expected.cacheWrite += usage.cacheWriteTokens;
      expected.reasoning += usage.reasoningTokens;
    }
    store.flush();
    expect(store.stats().written).toBe(10_000);
    let rows = 0;
    let cursor: string | undefined;
    do {
      const page = store.queries.listTraces({ limit: 200, ...(cursor !== undefined && { cursor }) });
      rows += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(rows).toBe(10_000);
    for (const groupBy of ['day', 'provider', 'model', 'route'] as const) {
      const stats = store.queries.usageStats({ from: day, to: day + 3 * 86_400_000, groupBy });
      const sum = (pick: (row: (typeof stats)[number]) => number): number =>
        stats.reduce((total, row) => total + pick(row), 0);
      expect(sum((row) => row.requests)).toBe(expected.requests);
      expect(sum((row) => row.errors)).toBe(expected.errors);
      expect(sum((row) => row.successes)).toBe(expected.requests - expected.errors);
      expect(sum((row) => row.inputTokens)).toBe(expected.input);
      expect(sum((row) => row.outputTokens)).toBe(expected.output);
      expect(sum((row) => row.cacheReadTokens)).toBe(expected.cacheRead);
      expect(sum((row) => row.cacheWriteTokens)).toBe(expected.cacheWrite);
      expect(sum((row) => row.reasoningTokens)).toBe(expected.reasoning);
      expect(sum((row) => row.unpricedRequests)).toBe(2500);
    }
    const byDay = store.queries.usageStats({ from: day, to: day + 3 * 86_400_000, groupBy: 'day' });
    expect(byDay.map((row) => row.key)).toEqual(['2025-07-10', '2025-07-11', '2025-07-12']);
  });

  it('counts a repeated record of the same trace once', () => {
    temp = tempStore();
    const store = temp.open();
    const trace = makeTrace();
    store.recorder.record(trace);
    store.recorder.record({ ...trace, usage: { ...trace.usage, outputTokens: 999_999 } });
    store.flush();
    const [row] = store.queries.usageStats({ from: trace.startedAt, to: trace.startedAt, groupBy: 'model' });
    expect(row?.requests).toBe(1);
    expect(row?.outputTokens).toBe(trace.usage.outputTokens);
  });

  it('a record that cannot be written is dropped alone, counted and logged; its batch still lands', () => {
    temp = tempStore();
    const errors: string[] = [];
    const logger = {
      warn: () => undefined,
      error: (_details: Record<string, unknown>, message: string) => void errors.push(message),
    };
    const store = temp.open({ logger });
    const good = [makeTrace(), makeTrace()];
    store.recorder.record(good[0] as TraceRecord);
    store.recorder.record(makeTrace({ startedAt: Number.NaN }));
    store.recorder.record(good[1] as TraceRecord);
    store.flush();
    expect(store.stats()).toMatchObject({ written: 2, droppedTraces: 1 });
    expect(good.map((trace) => store.queries.getTrace(trace.id)?.id)).toEqual(good.map((trace) => trace.id));
    expect(errors).toEqual([
      'store: batch write failed; retrying records one by one',
      'store: dropping a trace that cannot be written',
    ]);
  });

  it('close() writes everything still pending, and later records are counted as dropped', () => {
    temp = tempStore();
    const store = temp.open({ batch: { maxDelayMs: 100 } });
    const traces: TraceRecord[] = [];
    for (let index = 0; index < 1234; index += 1) traces.push(makeTrace());
    for (const trace of traces) store.recorder.record(trace);
    expect(store.stats().queued).toBe(1234);
    store.close();
    store.recorder.record(makeTrace());
    expect(store.stats()).toMatchObject({ queued: 0, written: 1234, droppedTraces: 1 });
    const reopened = temp.open();
    expect(reopened.queries.getTrace(traces[1233]?.id ?? '')?.id).toBe(traces[1233]?.id);
    expect(
      reopened.queries.usageStats({ from: 0, to: Date.UTC(2030, 0), groupBy: 'route' })[0]?.requests,
    ).toBe(1234);
  });
});
