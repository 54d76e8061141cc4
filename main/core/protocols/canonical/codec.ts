import type {
  CanonicalError,
  CanonicalRequest,
  CanonicalResponse,
  Converted,
  ProtocolName,
  StreamEvent,
  Warning,
} from './types';

/** One SSE event as read off the wire (the `event:` name, if any, and the `data:` payload). */
export interface SseEvent {
  event?: string;
  data: string;
  /** The event's `id:` field, when it had one (no protocol here reads it; a relay that re-emits frames keeps it). */
  id?: string;
}

/** What an encoder needs to know about the provider it is writing for. */
export interface TargetContext {
  /** Config id of the provider (`deepseek`, `zhipu`…). */
  providerId: string;
  /** The provider's base URL; codecs use it to spot vendor dialects (DeepSeek, Qwen, GLM, Kimi…). */
  baseUrl: string;
  /** The upstream model name to write into the body. */
  model: string;
  /** Config `think_tag` (e.g. `think`): text wrapped in <tag>…</tag> is reasoning. */
  thinkTag?: string;
  /** Config `system_messages`: where a Chat encoder puts system messages after the first turn (default fold). */
  systemMessages?: 'keep' | 'fold' | 'hoist';
}

/** What a response/stream encoder needs to know about the client's request. */
export interface ClientContext {
  /** The model name the client asked for; echoed back in responses. */
  requestModel: string;
  /** Stable id for this response when the upstream gave none. */
  responseId: string;
  /** Gemini streams without `alt=sse` are a JSON array, not SSE. */
  geminiFraming?: 'sse' | 'json-array';
}

export interface StreamDecoder {
  /** Feed one upstream SSE event; returns the canonical events it completes. */
  push(event: SseEvent): StreamEvent[];
  /**
   * The upstream body ended. Returns what is still pending; when the stream
   * never finished, ends with a `response-error` event (never a silent stop).
   */
  end(): StreamEvent[];
  readonly warnings: Warning[];
}

export interface StreamEncoder {
  /** Encode one canonical event as wire text (zero or more SSE frames). */
  push(event: StreamEvent): string;
  /**
   * An upstream frame that is no event (an SSE comment such as a keep-alive, a `retry:`), as text:
   * what to send now. Only an encoder that forwards the upstream's own frames has it; the others
   * write their own stream and drop such frames.
   */
  raw?(frame: string): string;
  /** The canonical stream ended: close anything still open. Idempotent. */
  end(): string;
  readonly warnings: Warning[];
}

export interface ProtocolCodec {
  readonly protocol: ProtocolName;
  /** Wire request → canonical. Throws `ProtocolError` (invalid_request) on input the protocol rejects. */
  decodeRequest(input: { body: unknown }): Converted<CanonicalRequest>;
  /** Canonical → wire request body for an upstream of this protocol. */
  encodeRequest(input: {
    request: CanonicalRequest;
    target: TargetContext;
  }): Converted<Record<string, unknown>>;
  /** Upstream JSON response → canonical. */
  decodeResponse(input: { body: unknown; target: TargetContext }): Converted<CanonicalResponse>;
  /** Canonical → wire response body for a client of this protocol. */
  encodeResponse(input: { response: CanonicalResponse; client: ClientContext }): Converted<unknown>;
  createStreamDecoder(input: { target: TargetContext }): StreamDecoder;
  createStreamEncoder(input: { client: ClientContext }): StreamEncoder;
  /** Error body in this protocol's shape. */
  encodeError(error: CanonicalError): unknown;
  /** Upstream error response of this protocol → canonical error (keeps the upstream's message). */
  decodeError(input: { status: number; body: unknown; retryAfter?: number }): CanonicalError;
}
