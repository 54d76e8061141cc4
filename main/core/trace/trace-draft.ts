import type { ProxyExchange } from '../proxy/proxy-exchange';
import { ProtocolError, emptyUsage, mergeUsage } from '../protocols/canonical';
import type { CanonicalRequest, CanonicalResponse, Usage, Warning } from '../protocols/canonical';
import type { RoutedRequest } from '../routing';
import { createTraceId } from './create-trace-id';
import { parseClient } from './parse-client';
import type { BodyKind, TraceAttempt, TraceRecord, TraceSummary } from './types';
import type { AttemptRecord, FailoverResult } from '../upstream';
import type { ProxyEndpoint } from '../proxy/match-endpoint';
import type { RelayOutcome } from '../proxy/relay-stream';

type Routed = Extract<RoutedRequest, { ok: true }>;

/** What moved a request in flight on, for live views. */
export type TracePhase = 'routed' | 'attempt' | 'headers' | 'streaming';

/** A live view's copy of a request in flight: the attempts so far with their timings. */
export interface LiveTraceUpdate extends Partial<TraceSummary> {
  id: string;
  phase: TracePhase;
  attempts: (TraceAttempt & { model: string; firstByteAt?: number })[];
  timings: Record<string, number>;
}

/**
 * Collects what happens to one request as it happens, and turns it into the
 * trace the store records. Bodies are kept only up to the capture limit.
 */
export class TraceDraft {
  readonly id: string;
  private readonly record: TraceRecord;
  private readonly bodies: Partial<Record<BodyKind, string>> = {};
  private routed?: Routed;
  /** Attempts as they run (the same objects the upstream layer updates), for live views. */
  private readonly liveAttempts: AttemptRecord[] = [];
  /** Usage seen so far on a stream; the record's usage is set once, at the end. */
  private liveUsage?: Usage;
  private watcher?: (phase: TracePhase) => void;

  constructor(
    private readonly exchange: ProxyExchange,
    endpoint: ProxyEndpoint,
    private readonly captureLimit: number,
  ) {
    const now = Date.now();
    this.id = createTraceId(now);
    this.record = {
      id: this.id,
      startedAt: now,
      routeKeyLabel: '',
      inboundProtocol: endpoint.protocol,
      path: exchange.path,
      userAgent: exchange.get('user-agent'),
      requestedModel: endpoint.model ?? '',
      status: 0,
      warnings: [],
      stream: endpoint.stream ?? false,
      timings: { receivedAt: now },
      attempts: [],
      usage: emptyUsage(),
    };
  }

  private keep(kind: BodyKind, body: string | Buffer): void {
    if (this.captureLimit <= 0) return;
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // The store caps again and marks truncation; this only avoids holding megabytes per request.
    this.bodies[kind] =
      text.length > this.captureLimit * 2 ? detachedPrefix(text, this.captureLimit * 2) : text;
  }

  captureClientRequest(raw: string): void {
    this.keep('clientRequest', raw);
  }

  captureUpstreamRequest(body: string): void {
    this.keep('upstreamRequest', body);
  }

  noteRequest(request: CanonicalRequest, warnings: Warning[]): void {
    this.record.requestedModel = request.model;
    this.record.stream = request.stream;
    this.addWarnings(warnings);
  }

  noteRoute(routed: Routed): void {
    this.routed = routed;
    const { decision } = routed;
    this.record.routeKeyLabel = decision.route;
    this.record.scene = decision.scene;
    this.record.providerId = decision.providerId;
    this.record.upstreamModel = decision.model;
    if (decision.sessionId) this.record.sessionId = decision.sessionId;
    this.record.timings.routedAt = Date.now();
    this.addWarnings(decision.warnings);
  }

  /** Live views follow this request: `watcher` hears each step (the live tracker throttles). */
  watch(watcher: (phase: TracePhase) => void): void {
    this.watcher = watcher;
  }

  /** An upstream attempt started or got its headers. */
  noteAttemptProgress(attempt: AttemptRecord): void {
    if (!this.liveAttempts.includes(attempt)) this.liveAttempts.push(attempt);
    this.watcher?.(attempt.headersAt === undefined ? 'attempt' : 'headers');
  }

  /** A stream is flowing: its first token and the usage reported so far. */
  noteStreamProgress(progress: { firstTokenAt?: number; usage: Usage }): void {
    if (progress.firstTokenAt !== undefined) this.record.timings.firstTokenAt ??= progress.firstTokenAt;
    this.liveUsage = progress.usage;
    this.watcher?.('streaming');
  }

  /** The list row of this request while it runs (state `running`). */
  liveSummary(): TraceSummary {
    const { record } = this;
    const firstTokenAt = record.timings.firstTokenAt;
    return {
      id: record.id,
      startedAt: record.startedAt,
      state: 'running',
      routeKeyLabel: record.routeKeyLabel,
      inboundProtocol: record.inboundProtocol,
      path: record.path,
      client: parseClient(record.userAgent),
      ...(record.sessionId ? { sessionId: record.sessionId } : {}),
      requestedModel: record.requestedModel,
      ...(record.providerId ? { providerId: record.providerId } : {}),
      ...(record.upstreamModel ? { upstreamModel: record.upstreamModel } : {}),
      ...(record.scene ? { scene: record.scene } : {}),
      status: 0,
      stream: record.stream,
      ...(firstTokenAt !== undefined ? { firstTokenMs: firstTokenAt - record.timings.receivedAt } : {}),
      usage: this.liveUsage ?? record.usage,
      attemptCount: this.liveAttempts.length,
      warningCount: record.warnings.length,
    };
  }

  /** The `traceUpdated` payload for a step. */
  liveUpdate(phase: TracePhase): LiveTraceUpdate {
    return {
      ...this.liveSummary(),
      phase,
      attempts: this.liveAttempts.map((attempt) => ({
        ...traceAttemptOf(attempt),
        model: attempt.model,
        ...(attempt.firstByteAt !== undefined ? { firstByteAt: attempt.firstByteAt } : {}),
      })),
      timings: { ...this.record.timings },
    };
  }

  addWarnings(warnings: readonly Warning[]): void {
    for (const warning of warnings) {
      if (
        !this.record.warnings.some(
          (known) => known.code === warning.code && known.message === warning.message,
        )
      ) {
        this.record.warnings.push(warning);
      }
    }
  }

  addAttempt(attempt: AttemptRecord): void {
    this.record.attempts.push(traceAttemptOf(attempt));
    if (!this.liveAttempts.includes(attempt)) this.liveAttempts.push(attempt);
    this.watcher?.('attempt');
    this.routed?.decision.attempts.push({
      providerId: attempt.providerId,
      model: attempt.model,
      keyIndex: attempt.keyIndex,
      startedAt: attempt.startedAt,
      ...(attempt.status !== undefined ? { status: attempt.status } : {}),
      ...(attempt.error !== undefined ? { error: attempt.error } : {}),
    });
  }

  noteFailover(result: FailoverResult): void {
    if (!result.ok) return;
    this.record.providerId = result.candidate.providerId;
    this.record.upstreamModel = result.candidate.model;
    const winner = result.attempts[result.attempts.length - 1];
    if (winner?.headersAt) {
      this.record.timings.upstreamConnectedAt = winner.startedAt;
      this.record.timings.upstreamHeadersAt = winner.headersAt;
    }
  }

  noteUpstreamResponse(text: string): void {
    this.keep('upstreamResponse', text);
  }

  /** Answered from the response cache: `saved` is what the cached answer cost when it was made. */
  noteCacheHit(saved: Usage): void {
    this.record.cacheSaved = { ...saved };
  }

  /** `clientBody` undefined: the client got the upstream's bytes unchanged (passthrough), stored once. */
  noteJson(
    status: number,
    clientBody: string | undefined,
    response?: Pick<CanonicalResponse, 'usage'>,
    warnings: Warning[] = [],
  ): void {
    this.record.status = status;
    if (clientBody !== undefined) this.keep('clientResponse', clientBody);
    if (response) this.record.usage = mergeUsage(this.record.usage, response.usage);
    this.addWarnings(warnings);
    const now = Date.now();
    this.record.timings.firstTokenAt ??= now;
    this.record.timings.lastByteAt = now;
  }

  noteStream(outcome: RelayOutcome, passthrough: boolean): void {
    this.record.status = 200;
    this.record.usage = mergeUsage(this.record.usage, outcome.usage);
    if (outcome.firstTokenAt) this.record.timings.firstTokenAt = outcome.firstTokenAt;
    if (outcome.lastByteAt) this.record.timings.lastByteAt = outcome.lastByteAt;
    if (outcome.error) this.record.error = outcome.error.message;
    if (outcome.clientAborted)
      this.record.error ??= 'the client closed the connection before the stream ended';
    this.addWarnings(outcome.warnings);
    this.keep('upstreamResponse', outcome.upstreamBody.text());
    // A passthrough client got the upstream's bytes unchanged: stored once, as the upstream response.
    if (!passthrough) this.keep('clientResponse', outcome.clientBody?.text() ?? '');
  }

  /** The upstream's success answer was unreadable (relayed as is): the trace is a failure. */
  noteBrokenAnswer(message: string): void {
    this.record.error = message;
  }

  noteFailure(status: number, message: string, clientBody: string): void {
    this.record.status = status;
    this.record.error = message;
    this.keep('clientResponse', clientBody);
  }

  noteError(error: unknown): void {
    if (error instanceof ProtocolError) {
      this.record.status = error.error.status;
      this.record.error = error.error.message;
    } else {
      this.record.status = 500;
      this.record.error = (error as Error)?.message ?? String(error);
    }
  }

  finish(): TraceRecord {
    this.record.timings.clientDoneAt = Date.now();
    if (this.record.status === 0) this.record.status = this.exchange.status;
    if (this.routed) this.record.decision = { ...this.routed.decision } as unknown as Record<string, unknown>;
    if (this.captureLimit > 0) this.record.bodies = { ...this.bodies };
    return this.record;
  }
}

/** An upstream attempt as the trace keeps it: never the key, only its index. */
function traceAttemptOf(attempt: AttemptRecord): TraceAttempt {
  return {
    providerId: attempt.providerId,
    keyIndex: attempt.keyIndex,
    url: attempt.url,
    startedAt: attempt.startedAt,
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.error !== undefined ? { error: attempt.error } : {}),
    ...(attempt.headersAt !== undefined ? { headersAt: attempt.headersAt } : {}),
    ...(attempt.endedAt !== undefined ? { endedAt: attempt.endedAt } : {}),
  };
}

/**
 * The first `length` characters as a string of their own. V8's `slice` of a
 * long string is a view that keeps the whole parent alive: a 60 MB request
 * body would stay in memory until its trace is written, however small the cap.
 */
function detachedPrefix(text: string, length: number): string {
  return Buffer.from(text.slice(0, length), 'utf8').toString('utf8');
}
