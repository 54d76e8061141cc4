import type { Usage } from '../canonical';
import { emptyUsage } from '../canonical';
import { isRecord, readNumber, readRecord } from './read-wire-fields';

/**
 * Chat `usage` → canonical usage. `prompt_tokens` already includes cached
 * tokens (OpenAI convention, same as canonical). DeepSeek reports cache hits
 * as `prompt_cache_hit_tokens`.
 */
export function convertChatUsage(usage: unknown): Usage | undefined {
  if (!isRecord(usage)) return undefined;
  const result = emptyUsage();
  const promptTokens = readNumber(usage, 'prompt_tokens') ?? 0;
  const completionTokens = readNumber(usage, 'completion_tokens') ?? 0;
  const totalTokens = readNumber(usage, 'total_tokens');
  const promptDetails = readRecord(usage, 'prompt_tokens_details');
  const completionDetails = readRecord(usage, 'completion_tokens_details');
  const reasoningTokens = (completionDetails && readNumber(completionDetails, 'reasoning_tokens')) ?? 0;

  result.inputTokens = promptTokens;
  result.cacheReadTokens =
    (promptDetails && readNumber(promptDetails, 'cached_tokens')) ||
    readNumber(usage, 'prompt_cache_hit_tokens') ||
    0;
  result.reasoningTokens = reasoningTokens;
  // xAI counts reasoning outside completion_tokens (total = prompt + completion + reasoning);
  // canonical outputTokens always includes reasoning, or billing-minded clients under-count.
  const reasoningOutsideCompletion =
    reasoningTokens > 0 &&
    totalTokens !== undefined &&
    totalTokens === promptTokens + completionTokens + reasoningTokens &&
    reasoningTokens > completionTokens;
  result.outputTokens = reasoningOutsideCompletion ? completionTokens + reasoningTokens : completionTokens;
  return result;
}

/** Canonical usage → Chat `usage` for a Chat client. */
export function encodeChatUsage(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
