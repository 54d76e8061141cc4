import type { ProxyExchange } from '../../main/core/proxy/proxy-exchange';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ProxyEndpoint } from '../../main/core/proxy/match-endpoint';
import { TraceDraft } from '../../main/core/trace/trace-draft';

// A trace keeps at most twice the capture limit of each body until it is
// written — and must not keep the rest alive through it: V8's `slice` of a
// long string is a view holding the whole parent, so a capped 64 MB request
// body would stay in memory for as long as its stream runs.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 2 ** 20;

/** Heap in use after full collections. */
function heapInUse(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

/** Decoded from bytes, as request bodies are: a flat two-byte string of 32 M characters. */
function bodyOf64Mb(): string {
  return Buffer.from('—'.repeat(32 * MB)).toString('utf8');
}

/** How much of a 64 MB body string is freed once only what `keep` made of it is left. */
function freedAfterDropping(keep: (body: string) => unknown): number {
  let before = 0;
  const kept = ((): unknown => {
    const body = bodyOf64Mb();
    before = heapInUse();
    return keep(body);
  })();
  const freed = before - heapInUse();
  expect(kept).toBeDefined();
  return freed;
}

describe('the bodies a trace keeps', () => {
  const fakeContext = { path: '/v1/messages', get: () => '', status: 200 } as unknown as ProxyExchange;
  const endpoint: ProxyEndpoint = { protocol: 'anthropic', kind: 'generate' };

  it('do not hold the whole of a body longer than the cap', () => {
    // The control: a plain slice keeps all 64 MB.
    expect(freedAfterDropping((body) => body.slice(0, 1_000))).toBeLessThan(MB);
    const freed = freedAfterDropping((body) => {
      const draft = new TraceDraft(fakeContext, endpoint, 1_000);
      draft.captureClientRequest(body);
      draft.captureUpstreamRequest(body);
      return draft;
    });
    expect(freed).toBeGreaterThan(60 * MB);
  });

  it('keep the first characters, up to twice the cap', () => {
    const draft = new TraceDraft(fakeContext, endpoint, 4);
    draft.captureClientRequest('abcdefghijklmnopqrstuvwxyz');
    draft.captureUpstreamRequest('short');
    const record = draft.finish();
    expect(record.bodies).toMatchObject({ clientRequest: 'abcdefgh', upstreamRequest: 'short' });
  });
});
