import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore } from './make-trace';

// A config reload reaches the running store: capture mode, body cap,
// retention and prices apply from the next request on, without a restart.
describe('store.configure', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('applies a new capture mode, body cap and price to the next records', () => {
    const temp = tempStore();
    cleanups.push(() => temp.cleanup());
    const store = temp.open({ captureMode: 'off' });
    const before = makeTrace({ bodies: { clientRequest: 'x'.repeat(4_000) }, upstreamModel: 'house-model' });
    store.recorder.record(before);
    store.flush();
    expect(store.queries.getTrace(before.id)?.bodies.clientRequest).toBeUndefined();
    expect(store.queries.getTrace(before.id)?.costUsd).toBeUndefined();

    store.configure({
      captureMode: 'all',
      bodyCapBytes: 1_000,
      prices: { 'house-model': { input: 1, output: 2 } },
    });
    const after = makeTrace({ bodies: { clientRequest: 'x'.repeat(4_000) }, upstreamModel: 'house-model' });
    store.recorder.record(after);
    store.flush();
    const stored = store.queries.getTrace(after.id)!;
    expect(stored.bodies.clientRequest).toMatchObject({ truncated: true, originalBytes: 4_000 });
    expect(String(stored.bodies.clientRequest!.content)).toHaveLength(1_000);
    expect(stored.costUsd).toBeGreaterThan(0);
  });

  it('prunes with the new retention', () => {
    const temp = tempStore();
    cleanups.push(() => temp.cleanup());
    const store = temp.open({ retentionDays: 365 });
    const now = Date.UTC(2026, 10, 21);
    const old = makeTrace({ startedAt: now - 40 * 86_400_000 });
    store.recorder.record(old);
    store.flush();
    expect(store.prune(now).deletedTraces).toBe(0);
    store.configure({ retentionDays: 30 });
    expect(store.prune(now).deletedTraces).toBe(1);
  });
});
