import type { TargetContext } from '../canonical/codec';
import type {
  CanonicalRequest,
  Converted,
  ReasoningRequest,
  ResponseFormat,
  Warning,
} from '../canonical/types';
import { convertMessagesToResponsesInput } from './convert-messages-to-responses-input';
import {
  convertToolChoiceToResponses,
  convertToolsToResponsesTools,
} from './convert-tools-to-responses-tools';
import { type JsonRecord, isRecord } from './read-json-values';

const ENCRYPTED_REASONING = 'reasoning.encrypted_content';

function encodeFormat(format: ResponseFormat): JsonRecord {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json':
      return { type: 'json_object' };
    case 'json-schema':
      return {
        type: 'json_schema',
        // Responses requires a name; other protocols may not have one.
        name: format.name ?? 'response',
        schema: format.schema,
        ...(format.description !== undefined ? { description: format.description } : {}),
        ...(format.strict !== undefined ? { strict: format.strict } : {}),
      };
    default: {
      const _exhaustive: never = format;
      return _exhaustive;
    }
  }
}

/** Thinking budgets (Anthropic, Gemini) → the nearest Responses effort. */
function effortForBudget(budgetTokens: number): string {
  if (budgetTokens <= 2048) return 'low';
  if (budgetTokens <= 16_384) return 'medium';
  return 'high';
}

function encodeReasoning(
  reasoning: ReasoningRequest,
  fromResponses: boolean,
  warnings: Warning[],
): JsonRecord | undefined {
  if (!reasoning.enabled && reasoning.effort === undefined) return undefined;
  let effort: string | undefined = reasoning.effort;
  if (effort === 'max') {
    effort = 'xhigh';
    warnings.push({
      code: 'reasoning-effort-mapped',
      message: 'Reasoning effort "max" was sent as "xhigh".',
    });
  }
  if (effort === undefined && reasoning.budgetTokens !== undefined)
    effort = effortForBudget(reasoning.budgetTokens);
  // A client of another protocol shows thinking it is given: ask for summaries unless told otherwise.
  const summary = reasoning.summary ?? (fromResponses ? undefined : 'auto');
  return { ...(effort !== undefined ? { effort } : {}), ...(summary !== undefined ? { summary } : {}) };
}

/** Fields the request carried from a Responses client but we did not model, merged under what we did. */
function mergeExtra(body: JsonRecord, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    const current = body[key];
    if (current === undefined) body[key] = value;
    else if (isRecord(current) && isRecord(value)) body[key] = { ...value, ...current };
  }
}

/** Canonical request (from any protocol) → Responses request body. */
export function encodeResponsesRequest(input: {
  request: CanonicalRequest;
  target: TargetContext;
}): Converted<JsonRecord> {
  const { request, target } = input;
  const warnings: Warning[] = [];
  const fromResponses = request.extra?.protocol === 'openai-responses';
  // We never rely on upstream storage for a conversation that came from another protocol.
  const store = request.store ?? (fromResponses ? undefined : false);

  const body: JsonRecord = { model: target.model };
  const instructions = request.system.map((part) => part.text).join('\n\n');
  if (instructions !== '') body.instructions = instructions;
  const messages = convertMessagesToResponsesInput({ messages: request.messages, store });
  warnings.push(...messages.warnings);
  body.input = messages.value;

  const tools = convertToolsToResponsesTools({ tools: request.tools });
  warnings.push(...tools.warnings);
  if (tools.value.length > 0) body.tools = tools.value;
  if (request.toolChoice)
    body.tool_choice = convertToolChoiceToResponses({ toolChoice: request.toolChoice, tools: request.tools });
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;

  const text: JsonRecord = {};
  if (request.responseFormat) text.format = encodeFormat(request.responseFormat);
  if (request.verbosity !== undefined) text.verbosity = request.verbosity;
  if (Object.keys(text).length > 0) body.text = text;

  const reasoning = request.reasoning
    ? encodeReasoning(request.reasoning, fromResponses, warnings)
    : undefined;
  if (reasoning) body.reasoning = reasoning;

  const { userId, sessionId, ...otherMetadata } = request.metadata ?? {};
  const metadata = Object.fromEntries(
    Object.entries(otherMetadata).filter((entry) => entry[1] !== undefined),
  );
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  if (userId !== undefined) {
    if (fromResponses) body.user = userId;
    // safety_identifier is capped at 64 characters (Claude Code's user id is a longer JSON string).
    else if (userId.length <= 64) body.safety_identifier = userId;
    else
      warnings.push({
        code: 'user-id-dropped',
        message: 'The user id is longer than Responses allows and was not sent.',
      });
  }
  // A session id keeps prompt caching on one machine across turns, as Codex does with its own.
  const promptCacheKey = request.promptCacheKey ?? sessionId;
  if (promptCacheKey !== undefined) body.prompt_cache_key = promptCacheKey;

  if (store !== undefined) body.store = store;
  const include = [...(request.include ?? [])];
  const hasEncryptedReasoning = messages.value.some(
    (item) => item.type === 'reasoning' && item.encrypted_content !== undefined,
  );
  if (
    store === false &&
    (reasoning !== undefined || hasEncryptedReasoning) &&
    !include.includes(ENCRYPTED_REASONING)
  ) {
    include.push(ENCRYPTED_REASONING);
  }
  if (include.length > 0) body.include = include;
  if (request.previousResponseId !== undefined) body.previous_response_id = request.previousResponseId;
  if (request.serviceTier !== undefined) body.service_tier = request.serviceTier;
  body.stream = request.stream;

  const unsupported: [string, unknown][] = [
    ['top_k', request.topK],
    ['stop', request.stopSequences],
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
    ['seed', request.seed],
  ];
  for (const [name, value] of unsupported) {
    if (value !== undefined)
      warnings.push({
        code: 'parameter-dropped',
        message: `The Responses API has no ${name}; it was not sent.`,
      });
  }
  if (fromResponses && request.extra) mergeExtra(body, request.extra.fields);
  return { value: body, warnings };
}
