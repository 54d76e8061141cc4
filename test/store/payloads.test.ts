import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const bodies = {
  clientRequest: 'request',
  upstreamRequest: 'upstream request',
  upstreamResponse: 'upstream response',
  clientResponse: 'response',
};

describe('payload capture', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it("captureMode 'errors' keeps payloads of failed requests only", () => {
    temp = tempStore();
    const store = temp.open({ captureMode: 'errors' });
    const ok = makeTrace({ bodies, headers: { clientRequest: { accept: '*/*' } } });
    const failed = makeTrace({ status: 429, bodies });
    const erroredWith200 = makeTrace({ status: 200, error: 'stream ended without message_stop', bodies });
    for (const trace of [ok, failed, erroredWith200]) store.recorder.record(trace);
    store.flush();
    expect(store.queries.getTrace(ok.id)?.bodies).toEqual({});
    expect(store.queries.getTrace(ok.id)?.headers).toEqual({});
    expect(store.queries.getTrace(failed.id)?.bodies.upstreamResponse?.content).toBe('upstream response');
    expect(Object.keys(store.queries.getTrace(erroredWith200.id)?.bodies ?? {})).toHaveLength(4);
    expect(store.queries.getTrace(erroredWith200.id)?.status).toBe(200);
    expect(
      store.queries
        .listTraces({ status: 'error' })
        .items.map((item) => item.id)
        .sort(),
    ).toEqual([failed.id, erroredWith200.id].sort());
  });

  it("captureMode 'off' keeps no payloads but still the trace and its usage", () => {
    temp = tempStore();
    const store = temp.open({ captureMode: 'off' });
    const failed = makeTrace({ status: 500, bodies });
    store.recorder.record(failed);
    store.flush();
    const detail = store.queries.getTrace(failed.id);
    expect(detail?.bodies).toEqual({});
    expect(detail?.usage).toEqual(failed.usage);
  });

  it('caps each payload, marks it truncated and keeps the original size', () => {
    temp = tempStore();
    const store = temp.open({ bodyCapBytes: 1024 });
    const long = 'x'.repeat(1023) + 'é'.repeat(2000); // the cap falls inside a two-byte character
    const short = 'y'.repeat(1024);
    const binary = Buffer.alloc(5000, 7);
    const trace = makeTrace({
      bodies: { clientRequest: long, clientResponse: short, upstreamResponse: binary },
    });
    store.recorder.record(trace);
    store.flush();
    const detail = store.queries.getTrace(trace.id);
    expect(detail?.bodies.clientRequest).toEqual({
      content: 'x'.repeat(1023),
      originalBytes: 1023 + 4000,
      truncated: true,
    });
    expect(detail?.bodies.clientResponse).toEqual({ content: short, originalBytes: 1024, truncated: false });
    expect(detail?.bodies.upstreamResponse).toEqual({
      content: Buffer.alloc(1024, 7),
      originalBytes: 5000,
      truncated: true,
    });
  });

  it('drops payloads (never traces or usage) when the queue is over its bound, and counts them', () => {
    temp = tempStore();
    const store = temp.open({ maxPending: 100, batch: { maxDelayMs: 100, maxRecords: 1_000_000 } });
    const traces = Array.from({ length: 150 }, () =>
      makeTrace({ bodies: { clientRequest: 'body', clientResponse: 'answer' } }),
    );
    for (const trace of traces) store.recorder.record(trace);
    expect(store.stats()).toMatchObject({ queued: 150, droppedBodies: 100, droppedTraces: 0 });
    store.flush();
    expect(store.stats()).toMatchObject({ queued: 0, written: 150, droppedBodies: 100, droppedTraces: 0 });
    expect(store.queries.getTrace(traces[99]?.id ?? '')?.bodies.clientRequest?.content).toBe('body');
    const shed = store.queries.getTrace(traces[100]?.id ?? '');
    expect(shed?.bodies).toEqual({});
    expect(shed?.usage).toEqual(traces[100]?.usage);
    const [rollup] = store.queries.usageStats({ from: 0, to: Date.UTC(2030, 0), groupBy: 'provider' });
    expect(rollup?.requests).toBe(150);
  });
});
