import type { QueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../client/calls';
import { callKey } from '../../queries/use-contract';

type TestOutcome = CallOutput<'providerTest'>;

/** The engine keeps no test history, so the browser does: a reload still shows each provider's last test. */
const STORAGE_KEY = 'ais.providerTests';

function readStored(): Record<string, TestOutcome> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, TestOutcome>) : {};
  } catch {
    return {};
  }
}

export function rememberTestResult(queryClient: QueryClient, providerId: string, result: TestOutcome): void {
  queryClient.setQueryData(callKey('providerTest', { id: providerId }), result);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readStored(), [providerId]: result }));
  } catch {
    // Storage full or disabled: the result still lives in this tab.
  }
}

export function lastTestResult(queryClient: QueryClient, providerId: string): TestOutcome | undefined {
  return (
    queryClient.getQueryData<TestOutcome>(callKey('providerTest', { id: providerId })) ??
    readStored()[providerId]
  );
}
