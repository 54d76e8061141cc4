import type { CanonicalRequest, Converted, TargetContext, Warning } from '../canonical';
import { encodeAnthropicMessages } from './encode-anthropic-messages';
import { encodeAnthropicThinking } from './encode-anthropic-thinking';
import { encodeAnthropicToolChoice, encodeAnthropicTools } from './encode-anthropic-tools';
import { keepThinkingValidForToolLoop } from './keep-thinking-valid-for-tool-loop';
import { isWireObject } from './read-wire-value';

const UNSUPPORTED_FIELDS = [
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'verbosity',
  'promptCacheKey',
  'store',
  'include',
  'previousResponseId',
  'serviceTier',
] as const satisfies readonly (keyof CanonicalRequest)[];

function encodeSampling(
  request: CanonicalRequest,
  body: Record<string, unknown>,
  thinkingOn: boolean,
  fromAnthropic: boolean,
  warnings: Warning[],
): void {
  let { temperature, topP, topK } = request;
  if (thinkingOn) {
    // Anthropic rejects these with thinking on; the thinking matters more than the sampling knob.
    if (temperature !== undefined && temperature !== 1) {
      warnings.push({
        code: 'temperature-dropped',
        message: `temperature ${temperature} is not allowed with Anthropic thinking; dropped`,
      });
      temperature = undefined;
    }
    if (topK !== undefined) {
      warnings.push({
        code: 'top-k-dropped',
        message: 'top_k is not allowed with Anthropic thinking; dropped',
      });
      topK = undefined;
    }
    if (topP !== undefined && topP < 0.95) {
      warnings.push({
        code: 'top-p-dropped',
        message: `top_p ${topP} is not allowed with Anthropic thinking (0.95–1); dropped`,
      });
      topP = undefined;
    }
  }
  if (temperature !== undefined && temperature > 1) {
    warnings.push({
      code: 'temperature-clamped',
      message: `temperature ${temperature} clamped to Anthropic's maximum 1`,
    });
    temperature = 1;
  }
  if (!fromAnthropic && temperature !== undefined && topP !== undefined) {
    // Recent Claude models refuse both at once; temperature is the one clients mean.
    warnings.push({
      code: 'top-p-dropped',
      message: 'Anthropic models refuse temperature and top_p together; top_p dropped',
    });
    topP = undefined;
  }
  if (temperature !== undefined) body.temperature = temperature;
  if (topP !== undefined) body.top_p = topP;
  if (topK !== undefined) body.top_k = topK;
}

function encodeMetadata(request: CanonicalRequest, warnings: Warning[]): Record<string, unknown> | undefined {
  if (!request.metadata) return undefined;
  const others = Object.keys(request.metadata).filter(
    (key) => key !== 'userId' && key !== 'sessionId' && request.metadata?.[key] !== undefined,
  );
  if (others.length > 0)
    warnings.push({
      code: 'metadata-dropped',
      message: `Anthropic metadata only takes user_id; ${others.join(', ')} dropped`,
    });
  return request.metadata.userId === undefined ? undefined : { user_id: request.metadata.userId };
}

/** Canonical request → Anthropic Messages body for the upstream `target`. */
export function encodeAnthropicRequest(input: {
  request: CanonicalRequest;
  target: TargetContext;
}): Converted<Record<string, unknown>> {
  const { request, target } = input;
  const warnings: Warning[] = [];
  const fromAnthropic = request.extra?.protocol === 'anthropic';
  const extraFields = fromAnthropic ? (request.extra?.fields ?? {}) : {};

  const conversation = encodeAnthropicMessages({
    system: request.system,
    messages: request.messages,
    fromAnthropic,
  });
  warnings.push(...conversation.warnings);
  const tools = encodeAnthropicTools({ tools: request.tools, fromAnthropic });
  warnings.push(...tools.warnings);
  const toolChoice = encodeAnthropicToolChoice({
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    hasTools: tools.value.length > 0,
  });
  warnings.push(...toolChoice.warnings);
  const checked = keepThinkingValidForToolLoop({
    thinking: encodeAnthropicThinking({
      reasoning: request.reasoning,
      maxOutputTokens: request.maxOutputTokens,
      model: target.model,
      toolChoice: request.toolChoice,
      fromAnthropic,
      warnings,
    }),
    messages: conversation.value.messages,
    warnings,
  });
  const { thinking } = checked;

  const body: Record<string, unknown> = {
    model: target.model,
    max_tokens: thinking.maxTokens,
    messages: checked.messages,
  };
  if (conversation.value.system.length > 0) body.system = conversation.value.system;
  if (tools.value.length > 0) body.tools = tools.value;
  if (toolChoice.value) body.tool_choice = toolChoice.value;
  if (thinking.thinking) body.thinking = thinking.thinking;
  encodeSampling(request, body, thinking.thinkingOn, fromAnthropic, warnings);
  if (request.stopSequences && request.stopSequences.length > 0) body.stop_sequences = request.stopSequences;
  const metadata = encodeMetadata(request, warnings);
  if (metadata) body.metadata = metadata;
  if (request.stream) body.stream = true;

  const outputConfig: Record<string, unknown> = isWireObject(extraFields.output_config)
    ? { ...extraFields.output_config }
    : {};
  if (thinking.effort !== undefined) outputConfig.effort = thinking.effort;
  const format = request.responseFormat;
  if (format?.type === 'json-schema' && extraFields.output_format === undefined) {
    outputConfig.format = { type: 'json_schema', schema: format.schema };
  } else if (format?.type === 'json') {
    warnings.push({
      code: 'json-mode-unsupported',
      message: 'Anthropic has no schema-less JSON mode; response_format json_object dropped',
    });
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;

  for (const [key, value] of Object.entries(extraFields)) {
    if (!(key in body)) body[key] = value;
  }
  const unsupported = UNSUPPORTED_FIELDS.filter((field) => request[field] !== undefined);
  if (unsupported.length > 0)
    warnings.push({
      code: 'fields-dropped',
      message: `No Anthropic equivalent for ${unsupported.join(', ')}; dropped`,
    });
  return { value: body, warnings };
}

/** Fields `/v1/messages/count_tokens` rejects: it counts a prompt, it generates nothing. */
const GENERATION_ONLY_FIELDS = [
  'max_tokens',
  'stream',
  'metadata',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'service_tier',
];

/** Canonical request → body for an upstream `/v1/messages/count_tokens`. */
export function encodeAnthropicCountTokensRequest(input: {
  request: CanonicalRequest;
  target: TargetContext;
}): Converted<Record<string, unknown>> {
  const { value, warnings } = encodeAnthropicRequest(input);
  for (const field of GENERATION_ONLY_FIELDS) delete value[field];
  return { value, warnings };
}
