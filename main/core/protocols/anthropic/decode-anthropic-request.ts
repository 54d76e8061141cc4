import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentPart,
  Converted,
  JsonSchema,
  MessageRole,
  ReasoningEffort,
  ReasoningRequest,
  ResponseFormat,
  TextPart,
  Warning,
} from '../canonical';
import { checkRequestFields, invalidRequest, type FieldMessage } from '../canonical';
import { decodeAnthropicContentBlock } from './decode-anthropic-content-block';
import { decodeAnthropicToolChoice, decodeAnthropicTools } from './decode-anthropic-tools';
import type { WireObject } from './read-wire-value';
import { isWireObject, pickUnknownFields, readNumber, readString } from './read-wire-value';

const MODELLED_FIELDS = new Set([
  'model',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'metadata',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'max_tokens',
  'stream',
]);
const ROLES: readonly MessageRole[] = ['user', 'assistant', 'system'];
const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

function decodeContent(content: unknown, path: string, warnings: Warning[]): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content))
    throw invalidRequest(`${path}: expected a string or an array of content blocks`);
  return content.map((block: unknown, index) => {
    const decoded = decodeAnthropicContentBlock({
      block,
      context: { mode: 'request', path: `${path}[${index}]` },
    });
    warnings.push(...decoded.warnings);
    return decoded.value;
  });
}

function decodeSystem(system: unknown, warnings: Warning[]): TextPart[] {
  if (system === undefined || system === null) return [];
  const parts = decodeContent(system, 'system', warnings);
  return parts.map((part, index) => {
    if (part.type !== 'text') throw invalidRequest(`system[${index}].type: expected "text"`);
    return part;
  });
}

function decodeMessages(messages: unknown, warnings: Warning[]): CanonicalMessage[] {
  if (!Array.isArray(messages)) throw invalidRequest('messages: expected an array');
  return messages.map((message: unknown, index): CanonicalMessage => {
    const path = `messages[${index}]`;
    if (!isWireObject(message)) throw invalidRequest(`${path}: expected an object`);
    const role = message.role as MessageRole;
    if (!ROLES.includes(role))
      throw invalidRequest(
        `${path}.role: expected "user", "assistant" or "system", got ${JSON.stringify(message.role)}`,
      );
    return { role, content: decodeContent(message.content, `${path}.content`, warnings) };
  });
}

function optionalNumber(body: WireObject, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const number = readNumber(value);
  if (number === undefined) throw invalidRequest(`${field}: expected a number`);
  return number;
}

function decodeReasoning(
  thinking: unknown,
  effort: ReasoningEffort | undefined,
): ReasoningRequest | undefined {
  if (!isWireObject(thinking)) return undefined;
  const display = readString(thinking.display);
  const base: Partial<ReasoningRequest> = {
    ...(effort !== undefined ? { effort } : {}),
    ...(display !== undefined ? { display } : {}),
  };
  switch (thinking.type) {
    case 'enabled': {
      const budgetTokens = readNumber(thinking.budget_tokens);
      if (budgetTokens === undefined)
        throw invalidRequest('thinking.budget_tokens: required when thinking.type is "enabled"');
      return { ...base, enabled: true, budgetTokens };
    }
    case 'adaptive':
      return { ...base, enabled: true, adaptive: true };
    case 'disabled':
      return { ...base, enabled: false };
    default:
      return undefined;
  }
}

function decodeJsonSchemaFormat(format: unknown, path: string): ResponseFormat | undefined {
  if (!isWireObject(format)) return undefined;
  if (format.type !== 'json_schema') return undefined;
  if (!isWireObject(format.schema)) throw invalidRequest(`${path}.schema: expected a JSON Schema object`);
  return { type: 'json-schema', schema: format.schema as JsonSchema };
}

function decodeMetadata(metadata: unknown, warnings: Warning[]): CanonicalRequest['metadata'] {
  if (!isWireObject(metadata)) return undefined;
  const decoded: NonNullable<CanonicalRequest['metadata']> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      warnings.push({ code: 'metadata-dropped', message: `metadata.${key} is not a string; dropped` });
      continue;
    }
    if (key === 'user_id') decoded.userId = value;
    else decoded[key] = value;
  }
  // Claude Code sends user_id as JSON text holding its session id; routing and traces want the session.
  if (decoded.userId?.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(decoded.userId);
      if (isWireObject(parsed) && typeof parsed.session_id === 'string')
        decoded.sessionId = parsed.session_id;
    } catch {
      // An opaque user id that merely starts with a brace.
    }
  }
  return decoded;
}

const ANTHROPIC_FIELD_RULES = {
  temperature: 'non-negative-number',
  top_p: 'non-negative-number',
  top_k: 'non-negative-integer',
  thinking: 'object',
} as const;

/** Anthropic's (pydantic's) wording for a refused field. */
const wordAnthropicFieldError: FieldMessage = ({ path, rule, value }) => {
  switch (rule) {
    case 'positive-integer':
    case 'non-negative-integer':
      return Number.isInteger(value)
        ? `${path}: Input should be greater than or equal to ${rule === 'positive-integer' ? 1 : 0}`
        : `${path}: Input should be a valid integer`;
    case 'non-negative-number':
      return typeof value === 'number'
        ? `${path}: Input should be greater than or equal to 0`
        : `${path}: Input should be a valid number`;
    case 'boolean':
      return `${path}: Input should be a valid boolean`;
    case 'object':
      return `${path}: Input should be a valid dictionary or object to extract fields from`;
  }
};

/**
 * Anthropic Messages request body → canonical. Fields the canonical model has
 * no place for stay in `extra` (protocol `anthropic`), which is always set so
 * an Anthropic encoder knows the request came from an Anthropic client.
 */
function decodeBody(body: unknown, requireMaxTokens: boolean): Converted<CanonicalRequest> {
  if (!isWireObject(body)) throw invalidRequest('Request body must be a JSON object');
  checkRequestFields(body, ANTHROPIC_FIELD_RULES, wordAnthropicFieldError);
  const warnings: Warning[] = [];
  const model = readString(body.model);
  if (model === undefined || model === '')
    throw invalidRequest('model: required, expected a non-empty string');
  if (body.messages === undefined) throw invalidRequest('messages: required');

  const maxTokens = optionalNumber(body, 'max_tokens');
  if (requireMaxTokens && maxTokens === undefined) throw invalidRequest('max_tokens: required');
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1))
    throw invalidRequest('max_tokens: expected a positive integer');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean')
    throw invalidRequest('stream: expected a boolean');

  const extraFields = pickUnknownFields(body, MODELLED_FIELDS);
  const outputConfig = isWireObject(body.output_config) ? { ...body.output_config } : undefined;
  const thinkingKnown =
    isWireObject(body.thinking) && ['enabled', 'adaptive', 'disabled'].includes(String(body.thinking.type));
  // Effort belongs to reasoning only when thinking says how to think; alone it stays an Anthropic knob.
  let effort: ReasoningEffort | undefined;
  if (outputConfig && thinkingKnown && EFFORTS.includes(outputConfig.effort as ReasoningEffort)) {
    effort = outputConfig.effort as ReasoningEffort;
    delete outputConfig.effort;
  }
  let responseFormat = decodeJsonSchemaFormat(body.output_format, 'output_format');
  if (outputConfig) {
    const configFormat = decodeJsonSchemaFormat(outputConfig.format, 'output_config.format');
    if (configFormat) {
      responseFormat = configFormat;
      delete outputConfig.format;
    }
    if (Object.keys(outputConfig).length > 0) extraFields.output_config = outputConfig;
  }
  if (!thinkingKnown && body.thinking !== undefined) extraFields.thinking = body.thinking;

  const tools = decodeAnthropicTools({ tools: body.tools });
  warnings.push(...tools.warnings);
  const { toolChoice, parallelToolCalls } = decodeAnthropicToolChoice({ toolChoice: body.tool_choice });

  const request: CanonicalRequest = {
    model,
    system: decodeSystem(body.system, warnings),
    messages: decodeMessages(body.messages, warnings),
    tools: tools.value,
    stream: body.stream === true,
    extra: { protocol: 'anthropic', fields: extraFields },
  };
  if (toolChoice) request.toolChoice = toolChoice;
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  const temperature = optionalNumber(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const topK = optionalNumber(body, 'top_k');
  if (topK !== undefined) request.topK = topK;
  if (body.stop_sequences !== undefined && body.stop_sequences !== null) {
    if (
      !Array.isArray(body.stop_sequences) ||
      !body.stop_sequences.every((item) => typeof item === 'string')
    ) {
      throw invalidRequest('stop_sequences: expected an array of strings');
    }
    request.stopSequences = body.stop_sequences as string[];
  }
  const reasoning = decodeReasoning(body.thinking, effort);
  if (reasoning) request.reasoning = reasoning;
  if (responseFormat) request.responseFormat = responseFormat;
  const metadata = decodeMetadata(body.metadata, warnings);
  if (metadata) request.metadata = metadata;
  return { value: request, warnings };
}

export function decodeAnthropicRequest(input: { body: unknown }): Converted<CanonicalRequest> {
  return decodeBody(input.body, true);
}

/** `/v1/messages/count_tokens`: the same body without `max_tokens` (and never streamed). */
export function decodeAnthropicCountTokensRequest(input: { body: unknown }): Converted<CanonicalRequest> {
  return decodeBody(input.body, false);
}
