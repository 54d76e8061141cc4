import type { PriceLookup } from './compute-cost';
import { parseClient } from './parse-client';
import type { TraceRecord, TraceSummary } from './types';

/**
 * The list row a finished trace will become once the store writes it, derived
 * the same way the store derives it (client name, durations, model, cost), so
 * live views and metrics agree with the database before the batch lands.
 * `mask` hides provider keys in free text (errors can quote an upstream body).
 */
export function summarizeTraceRecord(input: {
  trace: TraceRecord;
  prices: PriceLookup;
  mask: (text: string) => string;
}): TraceSummary {
  const { trace, prices, mask } = input;
  const { timings } = trace;
  const model = trace.upstreamModel || trace.requestedModel;
  const costUsd =
    typeof trace.costUsd === 'number' && Number.isFinite(trace.costUsd)
      ? trace.costUsd
      : prices.costFor(model, trace.usage);
  const durationMs = elapsed(timings.receivedAt, timings.clientDoneAt ?? timings.lastByteAt);
  const firstTokenMs = elapsed(timings.receivedAt, timings.firstTokenAt);
  return {
    id: trace.id,
    startedAt: trace.startedAt,
    state: 'done',
    routeKeyLabel: trace.routeKeyLabel,
    inboundProtocol: trace.inboundProtocol,
    path: trace.path,
    client: mask(trace.client || parseClient(trace.userAgent)),
    ...(trace.sessionId !== undefined && { sessionId: trace.sessionId }),
    requestedModel: trace.requestedModel,
    ...(trace.providerId !== undefined && { providerId: trace.providerId }),
    ...(trace.upstreamModel !== undefined && { upstreamModel: trace.upstreamModel }),
    ...(trace.scene !== undefined && { scene: trace.scene }),
    status: trace.status,
    ...(trace.error !== undefined && { error: mask(trace.error) }),
    stream: trace.stream,
    ...(durationMs !== undefined && { durationMs }),
    ...(firstTokenMs !== undefined && { firstTokenMs }),
    usage: { ...trace.usage },
    ...(costUsd !== undefined && { costUsd }),
    attemptCount: trace.attempts.length,
    warningCount: trace.warnings.length,
  };
}

function elapsed(from: number, to: number | undefined): number | undefined {
  return to === undefined ? undefined : Math.max(0, to - from);
}
