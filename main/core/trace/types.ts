import type { ProtocolName, Usage, Warning } from '../protocols/canonical/types';

/** What the store keeps of request/response payloads: nothing, only failed requests, or everything. */
export type CaptureMode = 'all' | 'errors' | 'off';

/** The four payloads of one proxied request, as seen at each hop. */
export type BodyKind = 'clientRequest' | 'upstreamRequest' | 'upstreamResponse' | 'clientResponse';

export const BODY_KINDS: readonly BodyKind[] = [
  'clientRequest',
  'upstreamRequest',
  'upstreamResponse',
  'clientResponse',
];

/** A payload as the proxy saw it: decoded text, or bytes when it was not text. */
export type BodyValue = string | Buffer;

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface TraceTimings {
  receivedAt: number;
  routedAt?: number;
  upstreamConnectedAt?: number;
  upstreamHeadersAt?: number;
  firstTokenAt?: number;
  lastByteAt?: number;
  clientDoneAt?: number;
}

/** One try against one provider key; a request with fallback has several. */
export interface TraceAttempt {
  providerId: string;
  keyIndex: number;
  url: string;
  status?: number;
  error?: string;
  startedAt: number;
  headersAt?: number;
  endedAt?: number;
}

/** A finished request, handed to `recorder.record`. Times are epoch milliseconds. */
export interface TraceRecord {
  /** ULID-like (see `createTraceId`) or a UUID; unique per request. */
  id: string;
  startedAt: number;
  /** The route key's label, never the key itself. */
  routeKeyLabel: string;
  inboundProtocol: ProtocolName;
  path: string;
  /** Display name of the client; derived from `userAgent` with `parseClient` when omitted. */
  client?: string;
  userAgent: string;
  sessionId?: string;
  requestedModel: string;
  providerId?: string;
  upstreamModel?: string;
  scene?: string;
  /** Why the router chose what it chose; stored as JSON. */
  decision?: Record<string, unknown>;
  /** HTTP status answered to the client. */
  status: number;
  error?: string;
  warnings: Warning[];
  stream: boolean;
  timings: TraceTimings;
  attempts: TraceAttempt[];
  usage: Usage;
  /**
   * Answered from the response cache: the usage of the cached answer, spent when it was first made
   * and saved now (`usage` stays empty: nothing was spent).
   */
  cacheSaved?: Usage;
  /** Filled in by the store from its price table when the caller leaves it out. */
  costUsd?: number;
  bodies?: Partial<Record<BodyKind, BodyValue>>;
  /** Header maps per hop; auth headers are redacted before anything is written. */
  headers?: Partial<Record<BodyKind, HeaderMap>>;
}

/**
 * Traces are written once, finished (`done`). `running` is a request still in
 * flight (live views and the in-flight rows of the trace list, never the
 * database); `interrupted` rows were left running by builds before migration 2.
 */
export type TraceState = 'running' | 'done' | 'interrupted';

/** One row of the trace list. */
export interface TraceSummary {
  id: string;
  startedAt: number;
  state: TraceState;
  routeKeyLabel: string;
  inboundProtocol: ProtocolName;
  path: string;
  client: string;
  sessionId?: string;
  requestedModel: string;
  providerId?: string;
  upstreamModel?: string;
  scene?: string;
  status: number;
  error?: string;
  stream: boolean;
  durationMs?: number;
  firstTokenMs?: number;
  usage: Usage;
  costUsd?: number;
  attemptCount: number;
  warningCount: number;
}

/** A stored payload, decompressed. `content` is a string when a string was recorded. */
export interface StoredBody {
  content: BodyValue;
  /** Size before the cap, in bytes (UTF-8 for text). */
  originalBytes: number;
  truncated: boolean;
}

/** Everything stored about one trace. */
export interface TraceDetail extends TraceSummary {
  userAgent: string;
  decision?: Record<string, unknown>;
  warnings: Warning[];
  timings: TraceTimings;
  attempts: TraceAttempt[];
  bodies: Partial<Record<BodyKind, StoredBody>>;
  headers: Partial<Record<BodyKind, Record<string, string | string[]>>>;
}

/** USD per million tokens. Cache prices default to the input price when absent. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export type PriceOverrides = Record<string, ModelPrice>;
