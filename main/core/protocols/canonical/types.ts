/**
 * The canonical model: one shape that every wire protocol (Anthropic Messages,
 * OpenAI Chat Completions, OpenAI Responses, Gemini) decodes into and encodes
 * from. 2N codecs instead of N² converters.
 *
 * Rules every codec follows:
 * - Nothing the client sent or the provider returned is dropped silently: what
 *   a target cannot hold becomes a `Warning`.
 * - Fields a protocol does not know stay in `extra` (request) or in an
 *   `opaque` part, keyed by the protocol that made them, so a same-protocol
 *   round trip is lossless.
 */

export type ProtocolName = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';

/** Config `format` value → protocol. */
export type ProviderFormat = 'anthropic' | 'chat' | 'responses' | 'gemini';

export interface Warning {
  /** Stable machine code, e.g. `image-in-tool-result-moved`. */
  code: string;
  message: string;
}

export interface Converted<T> {
  value: T;
  warnings: Warning[];
}

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

// ---------------------------------------------------------------------------
// Content parts
// ---------------------------------------------------------------------------

export type BinarySource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string }
  /** A provider-side file handle (OpenAI `file_id`, Gemini `fileData.fileUri`, Anthropic Files API). */
  | { kind: 'file-id'; fileId: string; mediaType?: string };

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
  /** Citations as the producing protocol sent them (Anthropic citations, Responses annotations). */
  citations?: { protocol: ProtocolName; value: unknown[] };
  /** Responses message `phase` (commentary / final_answer) and similar per-part labels. */
  phase?: string;
}

export interface ImagePart {
  type: 'image';
  source: BinarySource;
  /** OpenAI image detail (`low` | `high` | `auto`). */
  detail?: string;
  cacheControl?: CacheControl;
}

/** A document or other file (PDF, text…), not an image. */
export interface FilePart {
  type: 'file';
  source: BinarySource;
  filename?: string;
  title?: string;
  cacheControl?: CacheControl;
}

/**
 * An opaque token a provider attaches to a part and wants replayed verbatim
 * (Anthropic thinking signature, Gemini thoughtSignature, Responses
 * encrypted_content). `origin` says which protocol made it: a codec only ever
 * sends a signature to a provider of the same protocol.
 */
export interface ProviderSignature {
  origin: ProtocolName;
  value: string;
}

export interface ReasoningPart {
  type: 'reasoning';
  /** Visible reasoning text (thinking, reasoning_content, summary text). May be empty. */
  text: string;
  signature?: ProviderSignature;
  /** Anthropic `redacted_thinking.data`: encrypted, no visible text. */
  redactedData?: string;
  /** Responses reasoning `encrypted_content` (with its origin). */
  encrypted?: ProviderSignature;
  /** Responses reasoning item id, to replay it. */
  itemId?: string;
  /** Responses reasoning comes as summary parts; kept apart when there are several. */
  summary?: string[];
}

export type ToolKind = 'function' | 'custom';

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /**
   * For `function` tools the JSON text of the arguments (as sent; may be
   * invalid JSON from a weak model). For `custom` (freeform) tools the raw
   * input string.
   */
  arguments: string;
  kind: ToolKind;
  /** Gemini thoughtSignature on a functionCall part, and the like. */
  signature?: ProviderSignature;
  /** Responses item id of the function_call item (distinct from call_id). */
  itemId?: string;
  /** Responses namespaced tools (`namespace` on function_call). */
  namespace?: string;
  cacheControl?: CacheControl;
}

export type ToolResultContent = TextPart | ImagePart | FilePart;

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Gemini needs the name on functionResponse; filled when known. */
  toolName?: string;
  content: ToolResultContent[];
  isError?: boolean;
  kind?: ToolKind;
  cacheControl?: CacheControl;
}

/** A provider-executed tool call (Anthropic server_tool_use: web_search, web_fetch, code execution…). */
export interface ServerToolCallPart {
  type: 'server-tool-call';
  id: string;
  name: string;
  input: unknown;
  protocol: ProtocolName;
}

/** The result of a provider-executed tool (web_search_tool_result…), raw as the provider sent it. */
export interface ServerToolResultPart {
  type: 'server-tool-result';
  toolCallId: string;
  /** The block type as sent, e.g. `web_search_tool_result`. */
  name: string;
  value: unknown;
  protocol: ProtocolName;
}

/**
 * A block only its own protocol understands (Anthropic `compaction`,
 * `mcp_tool_use`, `container_upload`, a Responses item type we don't model…).
 * Re-emitted verbatim to the same protocol; other encoders warn and skip it.
 */
export interface OpaquePart {
  type: 'opaque';
  protocol: ProtocolName;
  value: unknown;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | FilePart
  | ReasoningPart
  | ToolCallPart
  | ToolResultPart
  | ServerToolCallPart
  | ServerToolResultPart
  | OpaquePart;

// ---------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------

/**
 * `system` messages inside `messages` are kept in place (Claude Code sends
 * them mid-conversation); leading instructions live in `CanonicalRequest.system`.
 * Tool results are parts of `user` messages (as in Anthropic); the Chat
 * encoder turns them into `role: "tool"` messages.
 */
export type MessageRole = 'system' | 'user' | 'assistant';

export interface CanonicalMessage {
  role: MessageRole;
  content: ContentPart[];
  /** `developer` (OpenAI) is a system message with this flag, to round-trip the role name. */
  developer?: boolean;
  /** Chat `name` field / Responses message id. */
  name?: string;
  id?: string;
}

export interface JsonSchema {
  [key: string]: unknown;
}

export interface FunctionToolDefinition {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the input object, as the client sent it (not reduced). */
  inputSchema: JsonSchema;
  strict?: boolean;
  cacheControl?: CacheControl;
  /** Responses namespace (Codex `additional_tools`) this tool belongs to. */
  namespace?: string;
}

/** Freeform tool: the model writes a raw string, optionally constrained by a grammar. */
export interface CustomToolDefinition {
  type: 'custom';
  name: string;
  description?: string;
  format?: unknown;
  namespace?: string;
}

/**
 * A provider built-in tool: web search, code execution, computer use…
 * `name` is canonical (`web_search`, `web_fetch`, `code_execution`, …),
 * `value` the original definition, `protocol` who wrote it.
 */
export interface BuiltinToolDefinition {
  type: 'builtin';
  name: string;
  protocol: ProtocolName;
  value: unknown;
}

export type ToolDefinition = FunctionToolDefinition | CustomToolDefinition | BuiltinToolDefinition;

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  /** Must call some tool (Anthropic `any`, OpenAI `required`, Gemini `ANY`). */
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ReasoningRequest {
  /** false = the client explicitly turned thinking off. */
  enabled: boolean;
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Anthropic `adaptive` thinking. */
  adaptive?: boolean;
  /** Responses `reasoning.summary` (auto / concise / detailed), Gemini includeThoughts. */
  summary?: string;
  /** Anthropic `thinking.display` and similar extra knobs, kept as sent. */
  display?: string;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | { type: 'json-schema'; schema: JsonSchema; name?: string; description?: string; strict?: boolean };

export interface CanonicalRequest {
  model: string;
  /** Leading instructions (Anthropic `system`, Chat leading system messages, Responses `instructions`, Gemini `systemInstruction`). */
  system: TextPart[];
  messages: CanonicalMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  /** 0 is a real value and must survive every conversion. */
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  responseFormat?: ResponseFormat;
  /** Responses `text.verbosity`, Chat `verbosity`. */
  verbosity?: string;
  reasoning?: ReasoningRequest;
  metadata?: {
    userId?: string;
    sessionId?: string;
    /** Other metadata keys as sent. */
    [key: string]: string | undefined;
  };
  stream: boolean;
  /** OpenAI `prompt_cache_key`. */
  promptCacheKey?: string;
  /** Responses `store`, `include`, `previous_response_id`… kept for same-protocol encoders. */
  store?: boolean;
  include?: string[];
  previousResponseId?: string;
  serviceTier?: string;
  /**
   * Top-level fields the decoder did not model, keyed by the protocol that
   * sent them; an encoder of the same protocol writes them back unchanged
   * (e.g. Anthropic `context_management`, `output_config` extras, `container`).
   */
  extra?: { protocol: ProtocolName; fields: Record<string, unknown> };
}

// ---------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------

/**
 * Token usage. `inputTokens` is the whole prompt *including* cache reads and
 * cache writes (OpenAI convention); Anthropic's codec subtracts them on encode
 * and adds them back on decode. `outputTokens` includes `reasoningTokens`.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filter'
  | 'refusal'
  | 'pause_turn'
  | 'error'
  | 'other';

export interface CanonicalResponse {
  id: string;
  model: string;
  content: ContentPart[];
  stopReason: StopReason;
  /** The provider's own finish value (`stop`, `length`, `STOP`, `end_turn`…). */
  rawStopReason?: string;
  stopSequence?: string;
  usage: Usage;
  /** Unmodelled top-level response fields, for a same-protocol encoder. */
  extra?: { protocol: ProtocolName; fields: Record<string, unknown> };
}

// ---------------------------------------------------------------------------
// Stream events (noun-verb). Blocks are identified by `id`, unique within one
// response; encoders assign wire indices in the order blocks start.
// ---------------------------------------------------------------------------

export type StreamEvent =
  | { type: 'response-start'; id: string; model: string; usage?: Partial<Usage> }
  | { type: 'text-start'; id: string; phase?: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string; citations?: TextPart['citations'] }
  | { type: 'reasoning-start'; id: string; itemId?: string }
  | { type: 'reasoning-delta'; id: string; delta: string }
  | {
      type: 'reasoning-end';
      id: string;
      signature?: ProviderSignature;
      encrypted?: ProviderSignature;
      redactedData?: string;
    }
  | {
      type: 'tool-input-start';
      id: string;
      toolCallId: string;
      name: string;
      kind: ToolKind;
      itemId?: string;
      namespace?: string;
    }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string; signature?: ProviderSignature }
  /** A whole block that arrives at once (server tool call/result, opaque, redacted thinking). */
  | { type: 'part-add'; id: string; part: ContentPart }
  /** Usage known so far (cumulative, not incremental). */
  | { type: 'usage-update'; usage: Partial<Usage> }
  | {
      type: 'response-finish';
      stopReason: StopReason;
      rawStopReason?: string;
      stopSequence?: string;
      usage: Usage;
    }
  /** The upstream failed mid-stream or ended without finishing; encoders emit their protocol's error event and close. */
  | { type: 'response-error'; error: CanonicalError };

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'api_error';

export interface CanonicalError {
  kind: ErrorKind;
  /** HTTP status to answer with. */
  status: number;
  message: string;
  /** Seconds, from the upstream's Retry-After, forwarded on 429. */
  retryAfter?: number;
  /** A protocol error code that says more than the kind (OpenAI `insufficient_quota` for a spent budget). */
  code?: string;
}
