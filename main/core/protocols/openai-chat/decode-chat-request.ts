import type { CanonicalRequest, Converted, ReasoningEffort, ResponseFormat, Warning } from '../canonical';
import { checkRequestFields, invalidRequest } from '../canonical';
import { wordOpenAiFieldError } from './word-openai-field-error';
import { convertChatMessagesToCanonical } from './convert-chat-messages-to-canonical';
import { convertChatToolChoice, convertChatToolsToCanonical } from './convert-chat-tools-to-canonical';
import type { JsonRecord } from './read-wire-fields';
import { isRecord, readRecord, readString } from './read-wire-fields';

/**
 * Reserved `extra` key: the leading instructions were `developer` messages.
 * Canonical `system` has no slot for the role name; only this codec reads it
 * back, and it is never written to the wire.
 */
export const SYSTEM_ROLE_EXTRA_KEY = 'x-ais-system-role';

const MODELLED_FIELDS = new Set([
  'model',
  'messages',
  'tools',
  'functions',
  'tool_choice',
  'function_call',
  'web_search_options',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'response_format',
  'reasoning_effort',
  'user',
  'temperature',
  'top_p',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'verbosity',
  'prompt_cache_key',
  'service_tier',
  'metadata',
  'stream',
  'store',
  'n',
]);

const REASONING_EFFORTS: readonly ReasoningEffort[] = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
];

const CHAT_FIELD_RULES = {
  max_tokens: 'positive-integer',
  max_completion_tokens: 'positive-integer',
  n: 'positive-integer',
  temperature: 'non-negative-number',
  top_p: 'non-negative-number',
  top_k: 'non-negative-integer',
  stream: 'boolean',
} as const;

/** A Chat Completions request body from a client → canonical request. */
export function decodeChatRequest(input: { body: unknown }): Converted<CanonicalRequest> {
  const { body } = input;
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object');
  checkRequestFields(body, CHAT_FIELD_RULES, wordOpenAiFieldError);
  const warnings: Warning[] = [];
  const model = readString(body, 'model');
  if (model === undefined || model === '') throw invalidRequest('model is required');
  const n = optionalNumber(body, 'n');
  if (n !== undefined && n > 1) {
    throw invalidRequest(
      `n=${n} is not supported: this proxy returns exactly one choice per request; send n separate requests instead`,
    );
  }

  const conversation = collect(convertChatMessagesToCanonical({ messages: body.messages }), warnings);
  const request: CanonicalRequest = {
    model,
    system: conversation.system,
    messages: conversation.messages,
    tools: collect(convertChatToolsToCanonical({ body }), warnings),
    stream: body.stream === true,
  };
  const toolChoice = collect(convertChatToolChoice({ body }), warnings);
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;

  const maxOutputTokens = optionalNumber(body, 'max_completion_tokens') ?? optionalNumber(body, 'max_tokens');
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  assignNumber(body, 'temperature', (value) => (request.temperature = value));
  assignNumber(body, 'top_p', (value) => (request.topP = value));
  assignNumber(body, 'seed', (value) => (request.seed = value));
  assignNumber(body, 'presence_penalty', (value) => (request.presencePenalty = value));
  assignNumber(body, 'frequency_penalty', (value) => (request.frequencyPenalty = value));

  const stop = body.stop;
  if (typeof stop === 'string') request.stopSequences = [stop];
  else if (Array.isArray(stop))
    request.stopSequences = stop.filter((item): item is string => typeof item === 'string');
  else if (stop !== undefined && stop !== null)
    throw invalidRequest('stop must be a string or an array of strings');

  const responseFormat = decodeResponseFormat(body.response_format);
  if (responseFormat) request.responseFormat = responseFormat;

  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null) {
    if (typeof effort !== 'string' || !REASONING_EFFORTS.includes(effort as ReasoningEffort)) {
      throw invalidRequest(`reasoning_effort must be one of ${REASONING_EFFORTS.join(', ')}`);
    }
    request.reasoning = { enabled: effort !== 'none', effort: effort as ReasoningEffort };
  }

  const verbosity = readString(body, 'verbosity');
  if (verbosity !== undefined) request.verbosity = verbosity;
  const promptCacheKey = readString(body, 'prompt_cache_key');
  if (promptCacheKey !== undefined) request.promptCacheKey = promptCacheKey;
  const serviceTier = readString(body, 'service_tier');
  if (serviceTier !== undefined) request.serviceTier = serviceTier;
  if (typeof body.store === 'boolean') request.store = body.store;

  const metadata: NonNullable<CanonicalRequest['metadata']> = {};
  for (const [key, value] of Object.entries(readRecord(body, 'metadata') ?? {})) {
    if (typeof value === 'string') metadata[key] = value;
    else
      warnings.push({
        code: 'metadata-not-string',
        message: `metadata.${key} is not a string and was dropped`,
      });
  }
  const user = readString(body, 'user');
  if (user !== undefined) metadata.userId = user;
  if (Object.keys(metadata).length > 0) request.metadata = metadata;

  const extraFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MODELLED_FIELDS.has(key)) extraFields[key] = value;
  if (conversation.systemIsDeveloper) extraFields[SYSTEM_ROLE_EXTRA_KEY] = 'developer';
  if (Object.keys(extraFields).length > 0) request.extra = { protocol: 'openai-chat', fields: extraFields };
  return { value: request, warnings };
}

function decodeResponseFormat(raw: unknown): ResponseFormat | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw invalidRequest('response_format must be an object');
  const type = readString(raw, 'type');
  switch (type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const jsonSchema = readRecord(raw, 'json_schema');
      const schema = jsonSchema && readRecord(jsonSchema, 'schema');
      if (!jsonSchema) throw invalidRequest('response_format.json_schema is required');
      const name = readString(jsonSchema, 'name');
      const description = readString(jsonSchema, 'description');
      const strict = jsonSchema.strict;
      return {
        type: 'json-schema',
        schema: schema ?? {},
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(typeof strict === 'boolean' ? { strict } : {}),
      };
    }
    default:
      throw invalidRequest('response_format.type must be text, json_object or json_schema');
  }
}

function optionalNumber(body: JsonRecord, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${key} must be a number`);
  return value;
}

function assignNumber(body: JsonRecord, key: string, assign: (value: number) => void): void {
  const value = optionalNumber(body, key);
  if (value !== undefined) assign(value);
}

function collect<T>(converted: Converted<T>, warnings: Warning[]): T {
  warnings.push(...converted.warnings);
  return converted.value;
}
