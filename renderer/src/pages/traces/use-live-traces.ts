import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CallError } from '../../client/call-error';
import type { CallOutput } from '../../client/calls';
import { useContractClient } from '../../queries/contract-context';
import { matchesTraceFilters, toListInput, type TraceFilters, type TraceSummary } from './trace-filters';
import { patchTracePages, type TraceChange, type TracePages } from './patch-trace-pages';

const PAGE_SIZE = 200;
/** Events are applied in batches: a busy proxy sends dozens a second, the list redraws at most this often. */
const FLUSH_MS = 250;
/** Marks the live list's cache entries, which events patch instead of the bridge refetching them. */
export const LIVE_LIST_MARK = 'live';
/** Cache key of a running request's last attempts and timings (not a contract call: events fill it). */
export const LIVE_PROGRESS_KEY = 'traceProgress';

/**
 * The trace list for `filters`: pages from the store by cursor (running
 * requests first), then kept current by the engine's trace events — new rows
 * on top, updates in place, no refetch per event. While paused, new rows are
 * only counted; resuming reloads the first page.
 */
export function useLiveTraces(filters: TraceFilters) {
  const client = useContractClient();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(true);
  const [missed, setMissed] = useState(0);
  const input = useMemo(() => toListInput(filters), [filters]);
  const queryKey = useMemo(() => ['tracesList', input, LIVE_LIST_MARK] as const, [input]);

  const query = useInfiniteQuery<
    CallOutput<'tracesList'>,
    CallError,
    TracePages,
    readonly unknown[],
    string | undefined
  >({
    queryKey,
    queryFn: ({ pageParam }) =>
      client.invoke('tracesList', {
        ...input,
        limit: PAGE_SIZE,
        ...(pageParam === undefined ? { inflight: true } : { cursor: pageParam }),
      }),
    initialPageParam: undefined,
    getNextPageParam: (page) => page.nextCursor,
    staleTime: Infinity,
    // Pages are replaced, never deep-compared: comparing thousands of rows per page fetch costs frames.
    structuralSharing: false,
  });

  const liveRef = useRef(live);
  liveRef.current = live;
  useEffect(() => {
    let buffer: TraceChange[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const accepts = (trace: TraceSummary): boolean => liveRef.current && matchesTraceFilters(filters, trace);
    const flush = (): void => {
      timer = undefined;
      const changes = buffer;
      buffer = [];
      // The latest attempts and timings of each running request, for a detail opened mid-flight.
      for (const change of changes)
        if (change.kind === 'updated')
          queryClient.setQueryData([LIVE_PROGRESS_KEY, change.update.id], {
            attempts: change.update.attempts,
            timings: change.update.timings,
          });
      queryClient.setQueryData<TracePages>(queryKey, (data) =>
        data ? patchTracePages(data, changes, accepts) : data,
      );
    };
    const push = (change: TraceChange): void => {
      if (!liveRef.current && change.kind === 'started' && matchesTraceFilters(filters, change.trace))
        setMissed((count) => count + 1);
      buffer.push(change);
      timer ??= setTimeout(flush, FLUSH_MS);
    };
    const unsubscribers = [
      client.subscribe('traceStarted', (trace) => push({ kind: 'started', trace })),
      client.subscribe('traceUpdated', (update) => push({ kind: 'updated', update })),
      client.subscribe('traceFinished', (trace) => push({ kind: 'finished', trace })),
    ];
    return () => {
      if (timer) clearTimeout(timer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, queryClient, queryKey, filters]);

  const setLiveAndCatchUp = (next: boolean): void => {
    setLive(next);
    if (next && missed > 0) {
      setMissed(0);
      void queryClient.resetQueries({ queryKey });
    }
  };

  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { query, items, live, setLive: setLiveAndCatchUp, missed };
}
