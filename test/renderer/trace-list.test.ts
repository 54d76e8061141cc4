import { describe, expect, it } from 'vitest';
import { tracesToCsv, tracesToJsonLines, collectTraces } from '../../renderer/src/pages/traces/export-traces';
import { patchTracePages, type TracePages } from '../../renderer/src/pages/traces/patch-trace-pages';
import {
  formatTraceFilters,
  matchesTraceFilters,
  parseTraceFilters,
  toListInput,
  type TraceSummary,
} from '../../renderer/src/pages/traces/trace-filters';

function trace(id: string, fields: Partial<TraceSummary> = {}): TraceSummary {
  return {
    id,
    startedAt: 1_000,
    state: 'done',
    routeKeyLabel: 'Claude Code',
    inboundProtocol: 'anthropic',
    path: '/v1/messages',
    client: 'Claude Code 2.1.0',
    requestedModel: 'claude-sonnet-4-5',
    providerId: 'deepseek',
    upstreamModel: 'deepseek-v4-pro',
    status: 200,
    stream: true,
    usage: { inputTokens: 10, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    attemptCount: 1,
    warningCount: 0,
    ...fields,
  };
}

const pages = (...lists: TraceSummary[][]): TracePages => ({
  pages: lists.map((items) => ({ items })),
  pageParams: lists.map(() => undefined),
});

describe('the trace list filters', () => {
  it('round-trip through the URL and become the contract input', () => {
    const search = formatTraceFilters({ status: '429', providerId: 'deepseek', from: 5, text: 'a b' });
    expect(search).toBe('from=5&provider=deepseek&status=429&q=a+b');
    const filters = parseTraceFilters(search);
    expect(filters).toEqual({ from: 5, providerId: 'deepseek', status: '429', text: 'a b' });
    expect(toListInput(filters)).toEqual({ from: 5, providerId: 'deepseek', status: 429, text: 'a b' });
    expect(toListInput({ status: 'error' })).toEqual({ status: 'error' });
    expect(parseTraceFilters('from=yesterday&provider=')).toEqual({});
  });

  it('let a running row in only when status and text are not asked for', () => {
    const running = trace('a', { state: 'running', status: 0 });
    expect(matchesTraceFilters({ providerId: 'deepseek' }, running)).toBe(true);
    expect(matchesTraceFilters({ providerId: 'openai' }, running)).toBe(false);
    expect(matchesTraceFilters({ status: 'ok' }, running)).toBe(false);
    expect(matchesTraceFilters({ status: 'ok' }, trace('b'))).toBe(true);
    expect(matchesTraceFilters({ status: 'error' }, trace('c', { status: 429 }))).toBe(true);
    expect(matchesTraceFilters({ text: 'V4-PRO' }, trace('d'))).toBe(true);
  });
});

describe('patching the loaded pages from live events', () => {
  it('puts a started request on top, updates in place, and replaces it when it finishes', () => {
    const data = pages([trace('old', { startedAt: 500 })], [trace('older', { startedAt: 100 })]);
    const started = patchTracePages(
      data,
      [{ kind: 'started', trace: trace('new', { startedAt: 2_000, state: 'running', status: 0 }) }],
      () => true,
    );
    expect(started.pages[0]?.items.map((item) => item.id)).toEqual(['new', 'old']);
    expect(started.pages[1]).toBe(data.pages[1]);

    const updated = patchTracePages(
      started,
      [
        {
          kind: 'updated',
          update: {
            id: 'new',
            phase: 'streaming',
            firstTokenMs: 120,
            providerId: undefined,
            attempts: [
              { providerId: 'a', keyIndex: 0, url: 'u', startedAt: 1, status: 429 },
              { providerId: 'b', keyIndex: 0, url: 'u', startedAt: 2 },
            ],
            timings: {},
          },
        },
      ],
      () => true,
    );
    const row = updated.pages[0]?.items[0];
    expect(row).toMatchObject({ id: 'new', firstTokenMs: 120, attemptCount: 2, providerId: 'deepseek' });

    const finished = patchTracePages(
      updated,
      [{ kind: 'finished', trace: trace('new', { startedAt: 2_000, durationMs: 900 }) }],
      () => true,
    );
    expect(finished.pages[0]?.items.map((item) => [item.id, item.state, item.durationMs])).toEqual([
      ['new', 'done', 900],
      ['old', 'done', undefined],
    ]);
  });

  it('keeps rows the filters refuse out, and returns the same data when nothing applies', () => {
    const data = pages([trace('old')]);
    expect(patchTracePages(data, [{ kind: 'started', trace: trace('x') }], () => false)).toBe(data);
  });
});

describe('exporting the list', () => {
  it('writes CSV with quoting and defused formulas, and JSON lines', () => {
    const rows = [
      trace('a', { error: 'bad, "very"', startedAt: 0 }),
      trace('b', { routeKeyLabel: '=cmd()' }),
    ];
    const csv = tracesToCsv(rows).split('\r\n');
    expect(csv[0]).toMatch(/^id,started_at,state,client,route,/);
    expect(csv[1]).toContain('"bad, ""very"""');
    expect(csv[1]).toContain('1970-01-01T00:00:00.000Z');
    expect(csv[2]).toContain(",'=cmd(),");
    expect(
      tracesToJsonLines(rows)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['a', 'b']);
  });

  it('follows the cursor to the end and leaves running rows out', async () => {
    const answers: Record<string, { items: TraceSummary[]; nextCursor?: string }> = {
      first: { items: [trace('run', { state: 'running' }), trace('a')], nextCursor: 'c1' },
      c1: { items: [trace('b')] },
    };
    const seen: (string | undefined)[] = [];
    const traces = await collectTraces(async (cursor) => {
      seen.push(cursor);
      return answers[cursor ?? 'first'] as { items: TraceSummary[] };
    });
    expect(seen).toEqual([undefined, 'c1']);
    expect(traces.map((item) => item.id)).toEqual(['a', 'b']);
  });
});

describe('a burst of events in one batch', () => {
  it('applies them in order, so an update before the end does not bring back "running"', () => {
    const started = trace('burst', { state: 'running', status: 0, startedAt: 5_000 });
    const result = patchTracePages(
      pages([trace('old')]),
      [
        { kind: 'started', trace: started },
        { kind: 'updated', update: { ...started, phase: 'streaming', attempts: [], timings: {} } },
        { kind: 'finished', trace: trace('burst', { startedAt: 5_000 }) },
      ],
      () => true,
    );
    expect(result.pages[0]?.items.map((item) => [item.id, item.state])).toEqual([
      ['burst', 'done'],
      ['old', 'done'],
    ]);
  });
});
