import type { EngineEvents } from '../api/create-engine-events';
import type { TraceDraft, TracePhase } from './trace-draft';
import type { TraceSummary } from './types';

/** At most this many `traceUpdated` events a second per request. */
const UPDATES_PER_SECOND = 10;

export interface LiveTraces {
  /** A request was routed: it appears in live views and the in-flight list. */
  begin(trace: TraceDraft): void;
  /** It finished: `summary` is the row the store is about to write. */
  end(id: string, summary: TraceSummary): void;
  /** The requests in flight, newest first, as list rows (state `running`). */
  list(): TraceSummary[];
  readonly size: number;
}

interface Entry {
  trace: TraceDraft;
  lastUpdateAt: number;
  phase: TracePhase;
  timer?: NodeJS.Timeout;
}

/**
 * Requests in flight, published as `traceStarted` → `traceUpdated`… →
 * `traceFinished`. Updates are throttled per request (a stream reports every
 * chunk; live views need ~10 frames a second) and cost nothing while no one
 * listens. Nothing here touches the database: the store writes one row per
 * request, when it ends.
 */
export function createLiveTraces(events: EngineEvents, intervalMs = 1000 / UPDATES_PER_SECOND): LiveTraces {
  const inflight = new Map<string, Entry>();

  const publish = (entry: Entry): void => {
    entry.timer = undefined;
    entry.lastUpdateAt = Date.now();
    events.emit('traceUpdated', entry.trace.liveUpdate(entry.phase));
  };

  const touch = (entry: Entry, phase: TracePhase): void => {
    entry.phase = phase;
    if (entry.timer || !events.has('traceUpdated')) return;
    const wait = entry.lastUpdateAt + intervalMs - Date.now();
    if (wait <= 0) publish(entry);
    else entry.timer = setTimeout(() => publish(entry), wait);
  };

  return {
    begin(trace) {
      const entry: Entry = { trace, lastUpdateAt: 0, phase: 'routed' };
      inflight.set(trace.id, entry);
      trace.watch((phase) => touch(entry, phase));
      if (events.has('traceStarted')) events.emit('traceStarted', trace.liveSummary());
    },
    end(id, summary) {
      const entry = inflight.get(id);
      if (entry) {
        clearTimeout(entry.timer);
        inflight.delete(id);
      }
      events.emit('traceFinished', summary);
    },
    list() {
      return [...inflight.values()].map((entry) => entry.trace.liveSummary()).reverse();
    },
    get size() {
      return inflight.size;
    },
  };
}
