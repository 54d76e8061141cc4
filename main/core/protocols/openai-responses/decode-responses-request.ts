import { invalidRequest } from '../canonical/errors';
import { checkRequestFields } from '../canonical/check-request-fields';
import { wordOpenAiFieldError } from '../openai-chat/word-openai-field-error';
import type {
  CanonicalRequest,
  Converted,
  ReasoningEffort,
  ReasoningRequest,
  ResponseFormat,
  ToolChoice,
  Warning,
} from '../canonical/types';
import { convertResponsesInputToMessages } from './convert-responses-input-to-messages';
import { convertResponsesTools } from './convert-responses-tools';
import {
  type JsonRecord,
  isRecord,
  omitKeys,
  requestArray,
  requestBoolean,
  requestNumber,
  requestRecord,
  requestString,
  requiredRequestString,
} from './read-json-values';

/** Top-level request fields this codec models; everything else travels in `extra`. */
const MODELLED_FIELDS = [
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'text',
  'max_output_tokens',
  'temperature',
  'top_p',
  'store',
  'include',
  'prompt_cache_key',
  'previous_response_id',
  'service_tier',
  'metadata',
  'user',
  'stream',
] as const;

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

function decodeToolChoice(value: unknown, extra: JsonRecord, warnings: Warning[]): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  if (typeof value === 'string')
    throw invalidRequest('tool_choice must be auto, none, required or an object');
  if (!isRecord(value)) throw invalidRequest('tool_choice must be a string or an object');
  if ((value.type === 'function' || value.type === 'custom') && typeof value.name === 'string') {
    return { type: 'tool', name: value.name };
  }
  // allowed_tools, hosted-tool and MCP choices: only a Responses upstream can hold them.
  extra.tool_choice = value;
  warnings.push({
    code: 'tool-choice-unmodelled',
    message: `tool_choice of type "${String(value.type)}" is only kept for a Responses upstream.`,
  });
  return undefined;
}

function decodeReasoning(value: unknown, extra: JsonRecord): ReasoningRequest | undefined {
  const reasoning = requestRecord(value, 'reasoning');
  if (!reasoning) return undefined;
  const effort = requestString(reasoning.effort, 'reasoning.effort');
  const summary = requestString(reasoning.summary, 'reasoning.summary');
  // Sub-fields we don't model (Codex `context`, an effort newer than ours) ride in `extra.reasoning`.
  const rest = omitKeys(reasoning, ['effort', 'summary']) ?? {};
  const known = effort !== undefined && (EFFORTS as readonly string[]).includes(effort);
  if (effort !== undefined && !known) rest.effort = effort;
  if (Object.keys(rest).length > 0) extra.reasoning = rest;
  return {
    enabled: effort !== 'none',
    ...(known ? { effort: effort as ReasoningEffort } : {}),
    ...(summary !== undefined ? { summary } : {}),
  };
}

function decodeFormat(value: unknown): ResponseFormat | undefined {
  const format = requestRecord(value, 'text.format');
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const schema = requestRecord(format.schema, 'text.format.schema');
      if (!schema) throw invalidRequest('text.format.schema is required for json_schema');
      const name = requestString(format.name, 'text.format.name');
      const description = requestString(format.description, 'text.format.description');
      const strict = requestBoolean(format.strict, 'text.format.strict');
      return {
        type: 'json-schema',
        schema,
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(strict !== undefined ? { strict } : {}),
      };
    }
    default:
      throw invalidRequest('text.format.type must be text, json_object or json_schema');
  }
}

function decodeMetadata(body: JsonRecord): CanonicalRequest['metadata'] {
  const metadata = requestRecord(body.metadata, 'metadata');
  const user = requestString(body.user, 'user');
  if (!metadata && user === undefined) return undefined;
  const result: NonNullable<CanonicalRequest['metadata']> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') throw invalidRequest(`metadata.${key} must be a string`);
    result[key] = value;
  }
  if (user !== undefined) result.userId = user;
  return result;
}

/** Responses request body → canonical request. Throws `invalidRequest` naming the bad field. */
const RESPONSES_FIELD_RULES = {
  max_output_tokens: 'positive-integer',
  temperature: 'non-negative-number',
  top_p: 'non-negative-number',
  stream: 'boolean',
} as const;

export function decodeResponsesRequest(input: { body: unknown }): Converted<CanonicalRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object');
  checkRequestFields(body, RESPONSES_FIELD_RULES, wordOpenAiFieldError);
  const warnings: Warning[] = [];
  const extra: JsonRecord = omitKeys(body, MODELLED_FIELDS) ?? {};

  const model = requiredRequestString(body.model, 'model');
  const instructions = requestString(body.instructions, 'instructions');
  const converted = convertResponsesInputToMessages({ input: body.input });
  warnings.push(...converted.warnings);
  const tools = convertResponsesTools({ tools: body.tools, field: 'tools' });
  warnings.push(...tools.warnings);

  const text = requestRecord(body.text, 'text');
  const textRest = text ? omitKeys(text, ['format', 'verbosity']) : undefined;
  if (textRest) extra.text = textRest;
  const include = requestArray(body.include, 'include')?.map((entry, index) => {
    if (typeof entry !== 'string') throw invalidRequest(`include[${index}] must be a string`);
    return entry;
  });

  const request: CanonicalRequest = {
    model,
    system: instructions !== undefined && instructions !== '' ? [{ type: 'text', text: instructions }] : [],
    messages: converted.messages,
    tools: [...tools.value, ...converted.tools],
    stream: requestBoolean(body.stream, 'stream') ?? false,
  };
  const toolChoice = decodeToolChoice(body.tool_choice, extra, warnings);
  if (toolChoice) request.toolChoice = toolChoice;
  const optional: Partial<CanonicalRequest> = {
    parallelToolCalls: requestBoolean(body.parallel_tool_calls, 'parallel_tool_calls'),
    maxOutputTokens: requestNumber(body.max_output_tokens, 'max_output_tokens'),
    temperature: requestNumber(body.temperature, 'temperature'),
    topP: requestNumber(body.top_p, 'top_p'),
    responseFormat: decodeFormat(text?.format),
    verbosity: requestString(text?.verbosity, 'text.verbosity'),
    reasoning: decodeReasoning(body.reasoning, extra),
    metadata: decodeMetadata(body),
    promptCacheKey: requestString(body.prompt_cache_key, 'prompt_cache_key'),
    store: requestBoolean(body.store, 'store'),
    include,
    previousResponseId: requestString(body.previous_response_id, 'previous_response_id'),
    serviceTier: requestString(body.service_tier, 'service_tier'),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(request, { [key]: value });
  }
  if (Object.keys(extra).length > 0) request.extra = { protocol: 'openai-responses', fields: extra };
  return { value: request, warnings };
}
