import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConnectionState } from '../client/transport';
import { CONFIG_DERIVED_CALLS } from './use-contract';
import { useContractClient } from './contract-context';

/** Bursts of finished traces refresh the lists at most this often. */
const TRACE_REFRESH_MS = 1000;

/**
 * The engine's events drive the cache: `configChanged` refreshes config reads,
 * `serverStatus` the status, finished traces the trace list and usage. After a
 * lost stream comes back everything is refetched, since events were missed.
 * Returns the stream's state for the banner.
 */
export function useEventBridge(): ConnectionState {
  const client = useContractClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>(client.connectionState());

  useEffect(() => {
    let traceTimer: ReturnType<typeof setTimeout> | undefined;
    let everLost = false;
    const refreshTraces = (): void => {
      traceTimer ??= setTimeout(() => {
        traceTimer = undefined;
        // The live trace list patches itself from the events (its key ends with 'live'); other trace reads refetch.
        void queryClient.invalidateQueries({
          predicate: (query) => query.queryKey[0] === 'tracesList' && query.queryKey[2] !== 'live',
        });
        void queryClient.invalidateQueries({ queryKey: ['latencyStats'] });
        void queryClient.invalidateQueries({ queryKey: ['usageStats'] });
        // Budgets fill and rate-limit lines move with each request.
        void queryClient.invalidateQueries({ queryKey: ['guardrailsStatus'] });
      }, TRACE_REFRESH_MS);
    };
    const unsubscribers = [
      client.subscribe('configChanged', () => {
        for (const name of CONFIG_DERIVED_CALLS) void queryClient.invalidateQueries({ queryKey: [name] });
      }),
      client.subscribe('serverStatus', () => void queryClient.invalidateQueries({ queryKey: ['status'] })),
      client.subscribe('traceFinished', refreshTraces),
      client.subscribe('traceStarted', refreshTraces),
      client.onConnectionChange((next) => {
        setState(next);
        if (next === 'lost') everLost = true;
        if (next === 'open' && everLost) void queryClient.invalidateQueries();
      }),
    ];
    return () => {
      if (traceTimer) clearTimeout(traceTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  }, [client, queryClient]);

  return state;
}
