import { afterEach, describe, expect, it } from 'vitest';
import type { ListTracesQuery, Store, TraceRecord } from '../../main/core/store';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const BASE = Date.UTC(2025, 8, 1);

function seed(store: Store): TraceRecord[] {
  const traces: TraceRecord[] = [];
  for (let index = 0; index < 600; index += 1) {
    traces.push(
      makeTrace({
        // Every timestamp is shared by three traces, so the keyset tie-break is exercised on every page.
        startedAt: BASE + Math.floor(index / 3) * 1000,
        providerId: ['anthropic', 'deepseek', 'openai'][index % 3],
        upstreamModel: ['claude-sonnet-4-5', 'deepseek-chat', 'gpt-5', 'glm-4.6'][index % 4],
        routeKeyLabel: index % 5 === 0 ? 'team' : 'default',
        status: index % 7 === 0 ? 429 : 200,
        ...(index % 11 === 0 && { error: `upstream overloaded #${index}` }),
        ...(index % 2 === 0 && { sessionId: `session-${index % 6}` }),
        path: index % 9 === 0 ? '/v1/chat/completions' : '/v1/messages',
        userAgent: index % 4 === 0 ? 'OpenAI/JS 6.49.0' : 'claude-cli/2.1.197 (external, cli)',
      }),
    );
  }
  // Recorded out of order, as finishing order differs from start order.
  for (const trace of [...traces].reverse()) store.recorder.record(trace);
  store.flush();
  return traces;
}

function collect(store: Store, query: ListTracesQuery): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = store.queries.listTraces({ ...query, ...(cursor !== undefined && { cursor }) });
    expect(page.items.length).toBeLessThanOrEqual(query.limit ?? 50);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== undefined);
  return { ids, pages };
}

function expectedIds(traces: TraceRecord[], keep: (trace: TraceRecord) => boolean): string[] {
  // Same order as the store: newest first; ties in insertion order reversed (recorded reversed, so by index ascending).
  return traces
    .map((trace, index) => ({ trace, index }))
    .filter(({ trace }) => keep(trace))
    .sort((left, right) => right.trace.startedAt - left.trace.startedAt || left.index - right.index)
    .map(({ trace }) => trace.id);
}

describe('listTraces', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('pages through everything newest first with no duplicates or gaps', () => {
    temp = tempStore();
    const store = temp.open();
    const traces = seed(store);
    const { ids, pages } = collect(store, { limit: 37 });
    expect(pages).toBe(Math.ceil(600 / 37));
    expect(ids).toEqual(expectedIds(traces, () => true));
  });

  it.each<[string, ListTracesQuery, (trace: TraceRecord) => boolean]>([
    [
      'provider + error status',
      { providerId: 'deepseek', status: 'error' },
      (t) => t.providerId === 'deepseek' && (t.status >= 400 || Boolean(t.error)),
    ],
    ['ok status', { status: 'ok' }, (t) => t.status < 400 && !t.error],
    ['exact status', { status: 429 }, (t) => t.status === 429],
    ['model (effective)', { model: 'glm-4.6' }, (t) => t.upstreamModel === 'glm-4.6'],
    ['route', { route: 'team' }, (t) => t.routeKeyLabel === 'team'],
    ['session', { sessionId: 'session-4' }, (t) => t.sessionId === 'session-4'],
    ['client', { client: 'OpenAI SDK (JS) 6.49.0' }, (t) => t.userAgent.startsWith('OpenAI/JS')],
    [
      'time window',
      { from: BASE + 50_000, to: BASE + 120_000 },
      (t) => t.startedAt >= BASE + 50_000 && t.startedAt < BASE + 120_000,
    ],
    [
      'text in error',
      { text: 'OVERLOADED #33' },
      (t) => Boolean(t.error?.toLowerCase().includes('overloaded #33')),
    ],
    ['text in path', { text: 'chat/completions' }, (t) => t.path.includes('chat/completions')],
    ['text in model', { text: 'deepseek-ch' }, (t) => Boolean(t.upstreamModel?.includes('deepseek-ch'))],
    ['text with LIKE wildcards is literal', { text: '100%' }, () => false],
    [
      'combined',
      { providerId: 'openai', route: 'team', model: 'gpt-5', status: 'ok' },
      (t) =>
        t.providerId === 'openai' &&
        t.routeKeyLabel === 'team' &&
        t.upstreamModel === 'gpt-5' &&
        t.status < 400 &&
        !t.error,
    ],
  ])('filters by %s across pages', (_name, query, keep) => {
    temp = tempStore();
    const store = temp.open();
    const traces = seed(store);
    const expected = expectedIds(traces, keep);
    expect(collect(store, { ...query, limit: 7 }).ids).toEqual(expected);
    if (!_name.includes('literal')) expect(expected.length).toBeGreaterThan(0);
  });

  it('gives the same answer when the text matches too many values for per-value index walks', () => {
    temp = tempStore();
    const store = temp.open();
    const traces = Array.from({ length: 300 }, (_, index) =>
      makeTrace({
        startedAt: BASE + Math.floor(index / 2) * 10,
        upstreamModel: `family-${index % 12}`,
        ...(index % 25 === 0 && { status: 500, error: 'Family reunion failed' }),
      }),
    );
    for (const trace of traces) store.recorder.record(trace);
    store.flush();
    const keep = (trace: TraceRecord): boolean =>
      Boolean(trace.upstreamModel?.includes('family-1')) || Boolean(trace.error);
    const expected = traces
      .map((trace, index) => ({ trace, index }))
      .filter(({ trace }) => keep(trace))
      .sort((left, right) => right.trace.startedAt - left.trace.startedAt || right.index - left.index)
      .map(({ trace }) => trace.id);
    // 'family-1' matches 3 models (index walks); 'amily' matches all 12 (one scan) plus the error text.
    expect(collect(store, { text: 'FAMILY-1', limit: 9 }).ids).toEqual(
      expected.filter((id) => traces.find((trace) => trace.id === id)?.upstreamModel?.includes('family-1')),
    );
    expect(collect(store, { text: 'amily', limit: 9 }).ids).toEqual(
      traces
        .map((trace, index) => ({ trace, index }))
        .sort((left, right) => right.trace.startedAt - left.trace.startedAt || right.index - left.index)
        .map(({ trace }) => trace.id),
    );
    expect(collect(store, { text: 'reunion', limit: 3 }).ids).toEqual(
      expected.filter((id) => traces.find((trace) => trace.id === id)?.error),
    );
  });

  it('clamps the page size to 200 and rejects a forged cursor', () => {
    temp = tempStore();
    const store = temp.open();
    seed(store);
    expect(store.queries.listTraces({ limit: 10_000 }).items).toHaveLength(200);
    expect(() => store.queries.listTraces({ cursor: 'not-a-cursor' })).toThrow(/invalid cursor/);
  });
});
