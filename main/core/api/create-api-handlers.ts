import type { CallOutput, ContractHandlers } from '../contract';
import type { ListTracesQuery } from '../store/types';
import type { StoredBody, TraceDetail, TraceSummary } from '../trace/types';
import { PROVIDER_PRESETS } from '../presets/provider-presets';
import { explain } from './explain-request';
import type { ApiDeps } from './api-deps';
import { ApiError } from './api-error';
import { createConfigHandlers } from './handle-config-calls';
import { createGuardrailHandlers } from './handle-guardrail-calls';
import { fetchProviderModels, testProvider } from './test-provider';

/** Every call of the contract, over the engine's `ApiDeps`; transport-free so IPC can reuse it. */
export function createApiHandlers(deps: ApiDeps): ContractHandlers {
  const providerUnderTest = (id: string) => {
    const provider = deps.config().providers[id];
    if (!provider) throw new ApiError(404, `there is no provider "${id}"`);
    return { id, provider, upstream: deps.upstream() };
  };

  return {
    ...createConfigHandlers(deps),
    ...createGuardrailHandlers(deps),
    status: () => deps.status(),
    providerTest: ({ id, model }) => testProvider(providerUnderTest(id), model),
    providerModels: async ({ id }) => {
      try {
        return { models: await fetchProviderModels(providerUnderTest(id)) };
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError(502, `provider "${id}" did not list its models: ${(error as Error).message}`);
      }
    },
    tracesList: ({ inflight, ...query }) => {
      try {
        const page = deps.queries().listTraces(query);
        // In-flight rows lead the first page only; later pages continue the stored list.
        if (!inflight || query.cursor !== undefined) return page;
        return { ...page, items: [...deps.inflightTraces().filter(matchesQuery(query)), ...page.items] };
      } catch (error) {
        if (error instanceof RangeError)
          throw new ApiError(400, error.message, [{ path: 'cursor', message: 'invalid cursor' }]);
        throw error;
      }
    },
    traceDetail: ({ id }) => {
      const trace = deps.queries().getTrace(id);
      if (!trace)
        throw new ApiError(404, `there is no trace "${id}" (it may not be written yet, or was pruned)`);
      return toWireDetail(trace);
    },
    usageStats: (query) => {
      if (query.to < query.from)
        throw new ApiError(400, '`to` is before `from`', [
          { path: 'to', message: 'must not be before from' },
        ]);
      return { rows: deps.queries().usageStats(query) };
    },
    latencyStats: (query) => {
      if (query.to < query.from)
        throw new ApiError(400, '`to` is before `from`', [
          { path: 'to', message: 'must not be before from' },
        ]);
      return { rows: deps.queries().latencyStats(query) };
    },
    reload: () => deps.reload('admin API'),
    proxyStart: () => ({ state: deps.setProxyState('running') }),
    proxyStop: () => ({ state: deps.setProxyState('paused') }),
    routeExplain: (input) => explain(deps, input),
    providerPresets: () => ({ presets: [...PROVIDER_PRESETS] }),
    loginLink: () => {
      const url = deps.loginLink();
      if (!url) throw new ApiError(503, 'AI Switch is not listening yet: start it first');
      return { url };
    },
  };
}

/** Payloads travel as JSON: text as is, bytes as base64 flagged `binary`. */
function toWireBody(body: StoredBody): CallOutput<'traceDetail'>['bodies']['clientRequest'] {
  const binary = typeof body.content !== 'string';
  return {
    content: typeof body.content === 'string' ? body.content : body.content.toString('base64'),
    originalBytes: body.originalBytes,
    truncated: body.truncated,
    binary,
  };
}

function toWireDetail(trace: TraceDetail): CallOutput<'traceDetail'> {
  const bodies: CallOutput<'traceDetail'>['bodies'] = {};
  for (const [kind, body] of Object.entries(trace.bodies) as [
    keyof TraceDetail['bodies'],
    StoredBody | undefined,
  ][]) {
    if (body) bodies[kind] = toWireBody(body);
  }
  return { ...trace, timings: { ...trace.timings }, bodies };
}

/** The filters a request in flight can be judged by already (status and text wait for it to end). */
function matchesQuery(query: ListTracesQuery): (trace: TraceSummary) => boolean {
  return (trace) =>
    (query.from === undefined || trace.startedAt >= query.from) &&
    (query.to === undefined || trace.startedAt <= query.to) &&
    (query.providerId === undefined || trace.providerId === query.providerId) &&
    (query.model === undefined || (trace.upstreamModel || trace.requestedModel) === query.model) &&
    (query.route === undefined || trace.routeKeyLabel === query.route) &&
    (query.sessionId === undefined || trace.sessionId === query.sessionId) &&
    (query.client === undefined || trace.client === query.client) &&
    query.status === undefined &&
    query.text === undefined;
}
