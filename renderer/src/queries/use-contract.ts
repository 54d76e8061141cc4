import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput } from '../client/calls';
import type { CallError } from '../client/call-error';
import { useContractClient } from './contract-context';

/** Every query is keyed by its call's name and its input, so a call's cache entries can be found by name. */
export function callKey<Name extends CallName>(name: Name, input?: CallInput<Name>): readonly unknown[] {
  return input === undefined ? [name] : [name, input];
}

/**
 * Calls whose answers derive from the config file: a `configChanged` or a config write refreshes them.
 * (Every write and config change is an audit row, and the guardrails' state follows their config.)
 */
export const CONFIG_DERIVED_CALLS: readonly CallName[] = [
  'configRead',
  'status',
  'providerModels',
  'routeExplain',
  'guardrailsStatus',
  'auditList',
];

type QueryOptions<Name extends CallName> = Omit<
  UseQueryOptions<CallOutput<Name>, CallError, CallOutput<Name>, readonly unknown[]>,
  'queryKey' | 'queryFn'
>;

/** A read of the contract: `useCall('tracesList', { limit: 50 })`. */
export function useCall<Name extends CallName>(
  name: Name,
  input: CallInput<Name>,
  options?: QueryOptions<Name>,
) {
  const client = useContractClient();
  return useQuery<CallOutput<Name>, CallError, CallOutput<Name>, readonly unknown[]>({
    queryKey: callKey(name, input),
    queryFn: () => client.invoke(name, input),
    ...options,
  });
}

type MutateOptions<Name extends CallName> = Omit<
  UseMutationOptions<CallOutput<Name>, CallError, CallInput<Name>>,
  'mutationFn'
>;

/** A write of the contract: `useMutate('routeUpdate').mutate({ id, route })`; config reads refresh after it. */
export function useMutate<Name extends CallName>(name: Name, options?: MutateOptions<Name>) {
  const client = useContractClient();
  const queryClient = useQueryClient();
  return useMutation<CallOutput<Name>, CallError, CallInput<Name>>({
    ...options,
    mutationFn: (input) => client.invoke(name, input),
    onSettled: async (...args) => {
      await Promise.all(
        CONFIG_DERIVED_CALLS.map((derived) => queryClient.invalidateQueries({ queryKey: [derived] })),
      );
      await options?.onSettled?.(...args);
    },
  });
}
