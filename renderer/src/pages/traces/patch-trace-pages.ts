import type { InfiniteData } from '@tanstack/react-query';
import type { CallOutput, EventPayload } from '../../client/calls';
import type { TraceSummary } from './trace-filters';

export type TracePages = InfiniteData<CallOutput<'tracesList'>, unknown>;

/** One live event, as the list applies it. */
export type TraceChange =
  | { kind: 'started'; trace: TraceSummary }
  | { kind: 'updated'; update: EventPayload<'traceUpdated'> }
  | { kind: 'finished'; trace: TraceSummary };

/**
 * Applies a batch of live events to the loaded pages: a started request goes
 * on top, an update or an end replaces its row where it is (rows never move,
 * so the reader's place in the list holds). `accepts` says which new rows the
 * current filters let in. Returns the same object when nothing changed.
 */
export function patchTracePages(
  data: TracePages,
  changes: readonly TraceChange[],
  accepts: (trace: TraceSummary) => boolean,
): TracePages {
  const loaded = new Map<string, TraceSummary>();
  for (const page of data.pages) for (const item of page.items) loaded.set(item.id, item);
  // Applied strictly in order: an update that arrives before its end must not win over it.
  const changed = new Map<string, TraceSummary>();
  const added: string[] = [];
  for (const change of changes) {
    if (change.kind === 'updated') {
      const { phase: _phase, attempts, timings: _timings, ...fields } = change.update;
      const base = changed.get(fields.id) ?? loaded.get(fields.id);
      if (!base) continue;
      changed.set(fields.id, {
        ...base,
        ...definedFields(fields),
        attemptCount: Math.max(base.attemptCount, attempts.length),
      });
      continue;
    }
    const trace = change.trace;
    if (changed.has(trace.id) || loaded.has(trace.id)) changed.set(trace.id, trace);
    else if (accepts(trace)) {
      changed.set(trace.id, trace);
      added.push(trace.id);
    }
  }

  if (changed.size === 0) return data;
  const newRows = added
    .map((id) => changed.get(id) as TraceSummary)
    .sort((left, right) => right.startedAt - left.startedAt);
  const pages = data.pages.map((page, pageIndex) => {
    const touched = page.items.some((item) => changed.has(item.id));
    const items = touched ? page.items.map((item) => changed.get(item.id) ?? item) : page.items;
    if (pageIndex === 0 && newRows.length > 0) return { ...page, items: [...newRows, ...items] };
    return touched ? { ...page, items } : page;
  });
  return { ...data, pages };
}

/** An update names only what changed; `undefined` must not erase a known value. */
function definedFields<Fields extends object>(fields: Fields): Partial<Fields> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<Fields>;
}
