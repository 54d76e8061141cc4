import type { CanonicalRequest, Converted, ResponseFormat, TargetContext, Warning } from '../canonical';
import { convertCanonicalToChatMessages } from './convert-canonical-to-chat-messages';
import { SYSTEM_ROLE_EXTRA_KEY } from './decode-chat-request';
import type { ChatDialect } from './detect-chat-dialect';
import { detectChatDialect, isOpenAiDialect, isOpenAiReasoningModel } from './detect-chat-dialect';
import { encodeChatTools } from './encode-chat-tools';
import { mapChatReasoningParams } from './map-chat-reasoning-params';
import { DEFAULT_SYSTEM_MESSAGE_PLACEMENT, placeLateSystemMessages } from './place-late-system-messages';
import type { JsonRecord } from './read-wire-fields';
import { isRecord } from './read-wire-fields';

/** Canonical request → Chat Completions body for the provider in `target`. */
export function encodeChatRequest(input: {
  request: CanonicalRequest;
  target: TargetContext;
}): Converted<Record<string, unknown>> {
  const { target } = input;
  const request = placeLateSystemMessages({
    request: input.request,
    placement: target.systemMessages ?? DEFAULT_SYSTEM_MESSAGE_PLACEMENT,
  });
  const warnings: Warning[] = [];
  const dialect = detectChatDialect(target);
  const model = target.model;
  const openAi = isOpenAiDialect(dialect);
  const openAiReasoning = openAi && isOpenAiReasoningModel(model);

  const messages = convertCanonicalToChatMessages({ request, dialect });
  warnings.push(...messages.warnings);
  const body: JsonRecord = { model, messages: messages.value };

  const tools = encodeChatTools({ request, dialect, model });
  warnings.push(...tools.warnings);
  Object.assign(body, tools.value);

  if (request.maxOutputTokens !== undefined) {
    // OpenAI reasoning models reject max_tokens ("Use 'max_completion_tokens' instead").
    body[openAiReasoning ? 'max_completion_tokens' : 'max_tokens'] = request.maxOutputTokens;
  }

  const sampling: [string, number | undefined][] = [
    ['temperature', request.temperature],
    ['top_p', request.topP],
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
  ];
  for (const [key, value] of sampling) {
    if (value === undefined) continue;
    if (openAiReasoning)
      warnings.push({
        code: 'sampling-param-dropped',
        message: `${key} was dropped: ${model} is a reasoning model and rejects it`,
      });
    else body[key] = value;
  }
  if (request.topK !== undefined) {
    if (dialect === 'openrouter' || dialect === 'qwen' || dialect === 'ollama') body.top_k = request.topK;
    else
      warnings.push({
        code: 'top-k-dropped',
        message: 'top_k was dropped: Chat Completions has no top_k for this provider',
      });
  }
  // Mistral validates strictly and names the seed differently.
  if (request.seed !== undefined) body[dialect === 'mistral' ? 'random_seed' : 'seed'] = request.seed;
  if (request.stopSequences && request.stopSequences.length > 0) {
    // OpenAI allows at most 4 stop sequences.
    const limit = openAi ? 4 : request.stopSequences.length;
    body.stop = request.stopSequences.slice(0, limit);
    if (request.stopSequences.length > limit)
      warnings.push({
        code: 'stop-sequences-truncated',
        message: `only the first ${limit} stop sequences were sent`,
      });
  }
  if (request.responseFormat) {
    const format = encodeResponseFormat(request.responseFormat, dialect);
    warnings.push(...format.warnings);
    body.response_format = format.value;
  }

  const reasoning = mapChatReasoningParams({ reasoning: request.reasoning, dialect, model });
  warnings.push(...reasoning.warnings);
  Object.assign(body, reasoning.value);

  const dropped: string[] = [];
  if (request.verbosity !== undefined) {
    if (openAi) body.verbosity = request.verbosity;
    else dropped.push('verbosity');
  }
  const { userId, sessionId, ...otherMetadata } = request.metadata ?? {};
  if (userId !== undefined) {
    if (dialect !== 'mistral') body.user = userId;
    else dropped.push('user');
  }
  // A stable per-session key raises OpenAI's prompt cache hit rate (Claude Code sends a session id).
  const promptCacheKey = request.promptCacheKey ?? sessionId;
  if (promptCacheKey !== undefined) {
    if (openAi) body.prompt_cache_key = promptCacheKey;
    else if (request.promptCacheKey !== undefined) dropped.push('prompt_cache_key');
  }
  if (request.store !== undefined) {
    if (openAi) body.store = request.store;
    else dropped.push('store');
  }
  const metadataEntries = Object.entries(otherMetadata).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (metadataEntries.length > 0) {
    // OpenAI rejects metadata unless the completion is stored.
    if (openAi && request.store === true) body.metadata = Object.fromEntries(metadataEntries);
    else dropped.push('metadata');
  }
  if (request.serviceTier !== undefined) {
    if (openAi || dialect === 'groq') body.service_tier = request.serviceTier;
    else dropped.push('service_tier');
  }
  if (dropped.length > 0)
    warnings.push({
      code: 'request-hints-dropped',
      message: `not sent to this provider: ${dropped.join(', ')}`,
    });

  const extra = request.extra?.protocol === 'openai-chat' ? request.extra.fields : {};
  for (const [key, value] of Object.entries(extra)) {
    if (key !== SYSTEM_ROLE_EXTRA_KEY && key !== 'stream_options' && !(key in body)) body[key] = value;
  }
  if (request.stream) {
    body.stream = true;
    // Without include_usage, Chat streams carry no token counts at all. Mistral always sends
    // usage on its last chunk and rejects the field.
    if (dialect !== 'mistral')
      body.stream_options = {
        ...(isRecord(extra.stream_options) ? extra.stream_options : {}),
        include_usage: true,
      };
  }
  return { value: body, warnings };
}

function encodeResponseFormat(format: ResponseFormat, dialect: ChatDialect): Converted<JsonRecord> {
  switch (format.type) {
    case 'text':
      return { value: { type: 'text' }, warnings: [] };
    case 'json':
      return { value: { type: 'json_object' }, warnings: [] };
    case 'json-schema':
      if (dialect === 'deepseek') {
        return {
          value: { type: 'json_object' },
          warnings: [
            {
              code: 'json-schema-relaxed',
              message:
                'DeepSeek takes no JSON schema: asked for a JSON object instead, the schema is not enforced',
            },
          ],
        };
      }
      return {
        value: {
          type: 'json_schema',
          json_schema: {
            name: format.name ?? 'response',
            ...(format.description !== undefined ? { description: format.description } : {}),
            schema: format.schema,
            ...(format.strict !== undefined ? { strict: format.strict } : {}),
          },
        },
        warnings: [],
      };
    default: {
      const _exhaustive: never = format;
      throw new Error(`unhandled response format ${JSON.stringify(_exhaustive)}`);
    }
  }
}
