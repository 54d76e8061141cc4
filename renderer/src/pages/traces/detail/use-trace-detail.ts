import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CallOutput, EventPayload } from '../../../client/calls';
import { useContractClient } from '../../../queries/contract-context';
import { useCall } from '../../../queries/use-contract';
import type { TracePages } from '../patch-trace-pages';
import type { TraceSummary } from '../trace-filters';
import { LIVE_PROGRESS_KEY } from '../use-live-traces';

export type TraceDetail = CallOutput<'traceDetail'>;
export type TraceAttempt = TraceDetail['attempts'][number];

/** What is known of a request while it runs: its row, and the attempts and timings of its last update. */
export interface LiveTrace {
  summary: TraceSummary;
  attempts: TraceAttempt[];
  timings: Record<string, number>;
}

/** A running request's row from any loaded trace list, so a detail opened from the list starts with it. */
function findLoadedRow(queryClient: ReturnType<typeof useQueryClient>, id: string): TraceSummary | undefined {
  for (const [, data] of queryClient.getQueriesData<TracePages>({ queryKey: ['tracesList'] })) {
    for (const page of data?.pages ?? []) {
      const row = page.items?.find((item) => item.id === id);
      if (row) return row;
    }
  }
  return undefined;
}

/**
 * One trace for the detail view. A finished trace comes from the store; a
 * running one is not written yet, so it is followed through the engine's
 * events (the waterfall grows from them), and read from the store once the
 * engine says it finished (retrying while the recorder flushes it).
 */
export function useTraceDetail(id: string) {
  const client = useContractClient();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveTrace | undefined>(() => {
    const row = findLoadedRow(queryClient, id);
    if (row?.state !== 'running') return undefined;
    const progress = queryClient.getQueryData<Pick<LiveTrace, 'attempts' | 'timings'>>([
      LIVE_PROGRESS_KEY,
      id,
    ]);
    return {
      summary: row,
      attempts: progress?.attempts ?? [],
      timings: progress?.timings ?? { receivedAt: row.startedAt },
    };
  });

  useEffect(() => {
    const onUpdate = (update: EventPayload<'traceUpdated'>): void => {
      if (update.id !== id) return;
      const { phase: _phase, attempts, timings, ...fields } = update;
      setLive((current) => {
        const known = current?.summary ?? findLoadedRow(queryClient, id);
        if (!known) return current;
        const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
        return { summary: { ...known, ...defined }, attempts, timings };
      });
    };
    // Opened by a link while the request runs: the engine's in-flight rows lead its list.
    let stale = false;
    if (!findLoadedRow(queryClient, id))
      void client.invoke('tracesList', { limit: 1, inflight: true }).then(
        (page) => {
          const row = page.items.find((item) => item.id === id && item.state === 'running');
          if (row && !stale)
            setLive(
              (current) => current ?? { summary: row, attempts: [], timings: { receivedAt: row.startedAt } },
            );
        },
        () => undefined,
      );
    const unsubscribers = [
      client.subscribe('traceStarted', (trace) => {
        if (trace.id === id)
          setLive({ summary: trace, attempts: [], timings: { receivedAt: trace.startedAt } });
      }),
      client.subscribe('traceUpdated', onUpdate),
      client.subscribe('traceFinished', (trace) => {
        if (trace.id !== id) return;
        setLive((current) => (current ? { ...current, summary: trace } : current));
        void queryClient.invalidateQueries({ queryKey: ['traceDetail', { id }] });
      }),
    ];
    return () => {
      stale = true;
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, queryClient, id]);

  const running = live?.summary.state === 'running';
  const detail = useCall(
    'traceDetail',
    { id },
    {
      enabled: !running,
      // A trace just finished may still be on its way to the database.
      retry: (count, error) => error.status === 404 && count < 8,
      retryDelay: 400,
    },
  );
  // `followed` stays after the end, so the view does not blank while the stored trace is read.
  return { detail, running, followed: live };
}
