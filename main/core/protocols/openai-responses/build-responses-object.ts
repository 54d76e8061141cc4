import type { CanonicalError, ProtocolName, Usage } from '../canonical/types';
import { encodeResponsesUsage } from './convert-responses-usage';
import type { JsonRecord } from './read-json-values';

/** Response ids handed to clients start with `resp_`, as the SDKs and Codex expect. */
export function toResponseId(id: string): string {
  return id.startsWith('resp_') ? id : `resp_${id}`;
}

/** Item ids derived from the response id: `msg_<suffix>_<n>`. */
export function createItemIdFactory(responseId: string): (prefix: string) => string {
  const suffix = toResponseId(responseId).slice('resp_'.length);
  let counter = 0;
  return (prefix) => `${prefix}_${suffix}_${counter++}`;
}

/**
 * The Response object with the echo fields the openai SDK types declare.
 * Fields an upstream Responses provider sent (`extra`) take the place of our defaults.
 */
export function buildResponsesObject(input: {
  id: string;
  model: string;
  createdAt: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: JsonRecord[];
  usage: Usage | null;
  incompleteDetails?: { reason: string } | null;
  error?: CanonicalError;
  extra?: { protocol: ProtocolName; fields: Record<string, unknown> };
}): JsonRecord {
  const echo = input.extra?.protocol === 'openai-responses' ? input.extra.fields : {};
  return {
    background: false,
    instructions: null,
    max_output_tokens: null,
    metadata: {},
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    user: null,
    ...echo,
    id: toResponseId(input.id),
    object: 'response',
    created_at: input.createdAt,
    status: input.status,
    error: input.error ? { code: errorCode(input.error), message: input.error.message } : null,
    incomplete_details: input.incompleteDetails ?? null,
    model: input.model,
    output: input.output,
    usage: input.usage ? encodeResponsesUsage(input.usage) : null,
  };
}

/** Canonical error kind → the `code` OpenAI puts on a failed response. */
export function errorCode(error: CanonicalError): string {
  switch (error.kind) {
    case 'rate_limit':
      return 'rate_limit_exceeded';
    case 'invalid_request':
    case 'request_too_large':
      return 'invalid_prompt';
    case 'authentication':
    case 'permission':
    case 'not_found':
    case 'overloaded':
    case 'timeout':
    case 'api_error':
      return 'server_error';
    default: {
      const _exhaustive: never = error.kind;
      return _exhaustive;
    }
  }
}
