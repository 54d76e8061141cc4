import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreStats, TraceRecord, TraceSummary } from '../store/types';

/** Seconds; from a cached local answer to a long reasoning stream. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds; the proxy's own work is meant to stay around a millisecond. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

const TOKEN_TYPES = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cache_read', 'cacheReadTokens'],
  ['cache_write', 'cacheWriteTokens'],
  ['reasoning', 'reasoningTokens'],
] as const;

export interface MetricsSources {
  /** Proxy responses currently streaming to a client. */
  activeStreams(): number;
  /** Proxy requests in flight (streams included). */
  activeRequests(): number;
  recorder(): StoreStats;
  /** Request bodies in flight (bytes) and large ones waiting for room (`server.large_bodies`). */
  requestBodies(): { heldBytes: number; waiting: number };
}

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** Counts one finished request; `summary` is its list row (see summarizeTraceRecord). */
  observe(trace: TraceRecord, summary: TraceSummary): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
}

/**
 * Prometheus metrics for one engine, in a registry of its own (never the
 * process-global one) so several engines can live in one process, as in tests.
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'ais_requests_total',
    help: 'Proxied requests, by route label, provider, model, HTTP status and client.',
    labelNames: ['route', 'provider', 'model', 'status', 'client'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'ais_request_duration_seconds',
    help: 'From request received to the last byte sent to the client.',
    labelNames: ['route', 'provider', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const firstToken = new Histogram({
    name: 'ais_time_to_first_token_seconds',
    help: 'From request received to the first generated token (or the whole JSON answer).',
    labelNames: ['provider', 'model'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const overhead = new Histogram({
    name: 'ais_proxy_overhead_seconds',
    help: 'Time spent in AI Switch before the first upstream attempt starts (read, decode, route, encode).',
    labelNames: ['provider'] as const,
    buckets: OVERHEAD_BUCKETS,
    registers,
  });
  const tokens = new Counter({
    name: 'ais_tokens_total',
    help: 'Tokens reported by providers, by type (input includes cache reads and writes; output includes reasoning).',
    labelNames: ['type', 'provider', 'model'] as const,
    registers,
  });
  const cost = new Counter({
    name: 'ais_cost_usd_total',
    help: 'Estimated cost in USD of priced requests.',
    labelNames: ['provider', 'model'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'ais_upstream_errors_total',
    help: 'Upstream attempts that failed, by provider and status (or "network" when no status arrived).',
    labelNames: ['provider', 'status'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: 'ais_fallbacks_total',
    help: 'Extra upstream attempts (another key or provider) after a failed first attempt.',
    labelNames: ['route'] as const,
    registers,
  });
  new Gauge({
    name: 'ais_active_streams',
    help: 'Responses currently streaming to clients.',
    registers,
    collect() {
      this.set(sources.activeStreams());
    },
  });
  new Gauge({
    name: 'ais_active_requests',
    help: 'Proxy requests in flight, streams included.',
    registers,
    collect() {
      this.set(sources.activeRequests());
    },
  });
  new Gauge({
    name: 'ais_recorder_queue_depth',
    help: 'Trace records waiting to be written to the database.',
    registers,
    collect() {
      this.set(sources.recorder().queued);
    },
  });
  new Gauge({
    name: 'ais_request_body_bytes_in_flight',
    help: 'Bytes of the request bodies being served, counted against server.large_bodies.budget_mb.',
    registers,
    collect() {
      this.set(sources.requestBodies().heldBytes);
    },
  });
  new Gauge({
    name: 'ais_large_bodies_waiting',
    help: 'Requests of 1 MB and more waiting for room in server.large_bodies.',
    registers,
    collect() {
      this.set(sources.requestBodies().waiting);
    },
  });
  // The recorder keeps its own running totals; a collect-time copy cannot drift from them.
  const copyTotal = (name: string, help: string, read: (stats: StoreStats) => number): void => {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read(sources.recorder()));
      },
    });
  };
  copyTotal('ais_recorder_written_total', 'Records written to the database.', (stats) => stats.written);
  copyTotal(
    'ais_recorder_dropped_traces_total',
    'Traces the recorder could not keep.',
    (stats) => stats.droppedTraces,
  );
  copyTotal(
    'ais_recorder_dropped_bodies_total',
    'Payloads shed under back-pressure (their traces were kept).',
    (stats) => stats.droppedBodies,
  );

  return {
    registry,
    contentType: registry.contentType,
    observe(trace, summary) {
      const provider = summary.providerId ?? 'none';
      const model = summary.upstreamModel || summary.requestedModel || 'unknown';
      const route = summary.routeKeyLabel || 'none';
      requests.inc({ route, provider, model, status: String(summary.status), client: summary.client });
      if (summary.durationMs !== undefined)
        duration.observe({ route, provider, model }, summary.durationMs / 1000);
      if (summary.firstTokenMs !== undefined)
        firstToken.observe({ provider, model }, summary.firstTokenMs / 1000);
      const firstAttempt = trace.attempts[0];
      if (firstAttempt)
        overhead.observe({ provider }, Math.max(0, firstAttempt.startedAt - trace.timings.receivedAt) / 1000);
      for (const [type, field] of TOKEN_TYPES) {
        const count = summary.usage[field];
        if (count > 0) tokens.inc({ type, provider, model }, count);
      }
      if (summary.costUsd !== undefined && summary.costUsd > 0)
        cost.inc({ provider, model }, summary.costUsd);
      for (const attempt of trace.attempts) {
        const failed = attempt.error !== undefined || (attempt.status !== undefined && attempt.status >= 400);
        if (failed)
          upstreamErrors.inc({
            provider: attempt.providerId,
            status: attempt.status === undefined ? 'network' : String(attempt.status),
          });
      }
      if (trace.attempts.length > 1) fallbacks.inc({ route }, trace.attempts.length - 1);
    },
    render: () => registry.metrics(),
  };
}
