import type { CallInput, CallOutput } from '../../client/calls';

export type TraceSummary = CallOutput<'tracesList'>['items'][number];

/** The trace list's filters as the URL keeps them (`#/traces?status=error&provider=deepseek`). */
export interface TraceFilters {
  from?: number;
  to?: number;
  providerId?: string;
  model?: string;
  route?: string;
  /** `ok`, `error` or an HTTP status such as `429`. */
  status?: string;
  sessionId?: string;
  client?: string;
  text?: string;
}

/** URL parameter per filter: short, readable names in a shared link. */
const PARAMETERS: Record<keyof TraceFilters, string> = {
  from: 'from',
  to: 'to',
  providerId: 'provider',
  model: 'model',
  route: 'route',
  status: 'status',
  sessionId: 'session',
  client: 'client',
  text: 'q',
};

export function parseTraceFilters(search: string): TraceFilters {
  const parameters = new URLSearchParams(search);
  const filters: TraceFilters = {};
  for (const [field, name] of Object.entries(PARAMETERS) as [keyof TraceFilters, string][]) {
    const value = parameters.get(name)?.trim();
    if (!value) continue;
    if (field === 'from' || field === 'to') {
      const epochMs = Number(value);
      if (Number.isFinite(epochMs) && epochMs >= 0) filters[field] = epochMs;
    } else {
      filters[field] = value;
    }
  }
  return filters;
}

export function formatTraceFilters(filters: TraceFilters): string {
  const parameters = new URLSearchParams();
  for (const [field, name] of Object.entries(PARAMETERS) as [keyof TraceFilters, string][]) {
    const value = filters[field];
    if (value !== undefined && value !== '') parameters.set(name, String(value));
  }
  return parameters.toString();
}

/** The contract's list input for these filters (a status that is not ok/error is a status code). */
export function toListInput(filters: TraceFilters): CallInput<'tracesList'> {
  const { status, ...rest } = filters;
  const input: CallInput<'tracesList'> = { ...rest };
  if (status === 'ok' || status === 'error') input.status = status;
  else if (status !== undefined && /^\d{3}$/.test(status)) input.status = Number(status);
  return input;
}

/**
 * Whether a live row belongs in the filtered list. Status and text are only
 * known once a request ends, so a running row shows only without them — the
 * same rule the engine applies to its in-flight rows.
 */
export function matchesTraceFilters(filters: TraceFilters, trace: TraceSummary): boolean {
  const finished = trace.state !== 'running';
  return (
    (filters.from === undefined || trace.startedAt >= filters.from) &&
    (filters.to === undefined || trace.startedAt < filters.to) &&
    (filters.providerId === undefined || trace.providerId === filters.providerId) &&
    (filters.model === undefined || (trace.upstreamModel || trace.requestedModel) === filters.model) &&
    (filters.route === undefined || trace.routeKeyLabel === filters.route) &&
    (filters.sessionId === undefined || trace.sessionId === filters.sessionId) &&
    (filters.client === undefined || trace.client === filters.client) &&
    (filters.status === undefined || (finished && matchesStatus(filters.status, trace))) &&
    (filters.text === undefined || (finished && matchesText(filters.text, trace)))
  );
}

function matchesStatus(status: string, trace: TraceSummary): boolean {
  const failed = trace.status >= 400 || trace.error !== undefined;
  if (status === 'ok') return !failed;
  if (status === 'error') return failed;
  return String(trace.status) === status;
}

/** A looser stand-in for the store's text search: any summary field containing the text. */
function matchesText(text: string, trace: TraceSummary): boolean {
  const needle = text.toLowerCase();
  return [
    trace.id,
    trace.requestedModel,
    trace.upstreamModel,
    trace.providerId,
    trace.routeKeyLabel,
    trace.client,
    trace.error,
    trace.path,
  ].some((field) => field?.toLowerCase().includes(needle));
}
