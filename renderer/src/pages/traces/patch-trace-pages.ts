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
  const replacements = new Map<string, (current: TraceSummary) => TraceSummary>();
  const known = new Set<string>();
  for (const page of data.pages) for (const item of page.items) known.add(item.id);
  const added: TraceSummary[] = [];

  for (const change of changes) {
    if (change.kind === 'updated') {
      const { phase: _phase, attempts, timings: _timings, ...fields } = change.update;
      const previous = replacements.get(fields.id);
      replacements.set(fields.id, (current) => {
        const base = previous ? previous(current) : current;
        return {
          ...base,
          ...definedFields(fields),
          attemptCount: Math.max(base.attemptCount, attempts.length),
        };
      });
      continue;
    }
    const trace = change.trace;
    if (known.has(trace.id)) {
      replacements.set(trace.id, () => trace);
      continue;
    }
    const pending = added.findIndex((item) => item.id === trace.id);
    if (pending >= 0) added[pending] = trace;
    else if (accepts(trace)) added.push(trace);
  }
  for (const [index, trace] of added.entries()) {
    const replace = replacements.get(trace.id);
    if (replace) added[index] = replace(trace);
  }

  if (replacements.size === 0 && added.length === 0) return data;
  const pages = data.pages.map((page, pageIndex) => {
    const touched = page.items.some((item) => replacements.has(item.id));
    const items = touched ? page.items.map((item) => replacements.get(item.id)?.(item) ?? item) : page.items;
    if (pageIndex === 0 && added.length > 0)
      return { ...page, items: [...added.sort((left, right) => right.startedAt - left.startedAt), ...items] };
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
