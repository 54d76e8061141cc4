import type { TargetContext } from '../canonical/codec';
import type { CanonicalRequest, Converted, Warning } from '../canonical/types';
import { convertMessagesToGeminiContents } from './convert-messages-to-gemini-contents';
import { convertToolChoiceToGemini, convertToolsToGemini } from './convert-tools-to-gemini';
import { encodeGeminiThinkingConfig } from './map-gemini-thinking-config';
import { isRecord } from './read-gemini-json';

/** Gemini accepts at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;

/**
 * Canonical request → Gemini generateContent body. The body carries neither
 * the model nor the stream flag: the upstream client puts `target.model` and
 * `:streamGenerateContent?alt=sse` into the URL.
 */
export function encodeGeminiRequest(input: {
  request: CanonicalRequest;
  target: TargetContext;
}): Converted<Record<string, unknown>> {
  const { request, target } = input;
  const warnings: Warning[] = [];
  const sameProtocolExtra = request.extra?.protocol === 'gemini' ? request.extra.fields : {};

  const converted = convertMessagesToGeminiContents(request.messages);
  warnings.push(...converted.warnings);
  const body: Record<string, unknown> = { ...sameProtocolExtra, contents: converted.value.contents };

  const system = [...request.system, ...converted.value.system];
  if (system.length > 0) body.systemInstruction = { parts: system.map((part) => ({ text: part.text })) };

  const tools = convertToolsToGemini(request.tools);
  warnings.push(...tools.warnings);
  if (tools.value) body.tools = tools.value;
  if (request.toolChoice) {
    const extraToolConfig = isRecord(sameProtocolExtra.toolConfig) ? sameProtocolExtra.toolConfig : {};
    body.toolConfig = { ...extraToolConfig, ...convertToolChoiceToGemini(request.toolChoice) };
  }
  if (request.parallelToolCalls === false) {
    warnings.push({
      code: 'parallel-tool-calls-ignored',
      message: 'Gemini cannot turn parallel function calls off; parallel_tool_calls=false was ignored.',
    });
  }

  const generationConfig: Record<string, unknown> = isRecord(sameProtocolExtra.generationConfig)
    ? { ...sameProtocolExtra.generationConfig }
    : {};
  const copy = (key: string, value: unknown): void => {
    if (value !== undefined) generationConfig[key] = value;
  };
  copy('maxOutputTokens', request.maxOutputTokens);
  copy('temperature', request.temperature);
  copy('topP', request.topP);
  copy('topK', request.topK);
  copy('presencePenalty', request.presencePenalty);
  copy('frequencyPenalty', request.frequencyPenalty);
  copy('seed', request.seed);
  if (request.stopSequences && request.stopSequences.length > 0) {
    if (request.stopSequences.length > MAX_STOP_SEQUENCES) {
      warnings.push({
        code: 'stop-sequences-truncated',
        message: `Gemini accepts ${MAX_STOP_SEQUENCES} stop sequences; the rest were dropped.`,
      });
    }
    generationConfig.stopSequences = request.stopSequences.slice(0, MAX_STOP_SEQUENCES);
  }
  const format = request.responseFormat;
  if (format?.type === 'json-schema') {
    generationConfig.responseMimeType = 'application/json';
    // responseJsonSchema takes JSON Schema as is ($ref, additionalProperties…), unlike the OpenAPI responseSchema.
    const { $schema: _dialect, ...schema } = format.schema;
    generationConfig.responseJsonSchema = schema;
  } else if (format?.type === 'json') {
    generationConfig.responseMimeType = 'application/json';
  } else if (format?.type === 'text') {
    generationConfig.responseMimeType = 'text/plain';
  }
  if (request.reasoning) {
    const thinking = encodeGeminiThinkingConfig({ reasoning: request.reasoning, model: target.model });
    warnings.push(...thinking.warnings);
    generationConfig.thinkingConfig = thinking.value;
  }
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;

  const dropped = [
    request.metadata && 'metadata',
    request.verbosity !== undefined && 'verbosity',
    request.promptCacheKey !== undefined && 'prompt_cache_key',
    request.serviceTier !== undefined && 'service_tier',
    request.previousResponseId !== undefined && 'previous_response_id',
  ].filter((name): name is string => typeof name === 'string');
  if (dropped.length > 0) {
    warnings.push({
      code: 'request-fields-dropped',
      message: `Gemini has no equivalent for: ${dropped.join(', ')}.`,
    });
  }
  return { value: body, warnings };
}
