import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore } from './make-trace';

// The timer-driven flush compresses payloads on the thread pool, then writes
// the batch; close() must still land a batch caught mid-compression.
describe('background flush', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('writes traces and their compressed bodies without an explicit flush', async () => {
    const temp = tempStore();
    cleanups.push(() => temp.cleanup());
    const store = temp.open({ secrets: () => ['sk-secret-abcdefgh123'] });
    const body = JSON.stringify({
      messages: Array.from({ length: 200 }, (_, index) => ({
        role: 'user',
        content: `line ${index} sk-secret-abcdefgh123`,
      })),
    });
    const trace = makeTrace({ bodies: { clientRequest: body } });
    store.recorder.record(trace);
    await expect
      .poll(() => store.queries.getTrace(trace.id)?.bodies.clientRequest?.content, { timeout: 5_000 })
      .toBeDefined();
    const stored = store.queries.getTrace(trace.id)!.bodies.clientRequest!;
    expect(String(stored.content)).toContain('line 199');
    expect(String(stored.content)).not.toContain('sk-secret-abcdefgh123');
    expect(stored.originalBytes).toBe(Buffer.byteLength(body));
  });

  it('close() writes a batch whose compression is still running', async () => {
    const temp = tempStore();
    cleanups.push(() => temp.cleanup());
    const store = temp.open({ batch: { maxDelayMs: 0 } });
    const traces = Array.from({ length: 50 }, () =>
      makeTrace({ bodies: { clientRequest: 'x'.repeat(50_000) } }),
    );
    for (const trace of traces) store.recorder.record(trace);
    // Let the zero-delay timer fire and hand the batch to the thread pool, then close at once.
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(store.stats().queued).toBeLessThan(traces.length);
    store.close();
    const reopened = temp.open();
    for (const trace of traces)
      expect(reopened.queries.getTrace(trace.id)?.bodies.clientRequest?.originalBytes).toBe(50_000);
  });
});
