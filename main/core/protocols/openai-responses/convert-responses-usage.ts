import type { Usage } from '../canonical/types';
import { emptyUsage } from '../canonical/usage';
import { isRecord, optionalNumber, optionalRecord } from './read-json-values';

/** Responses `usage` → canonical. `input_tokens` already includes cached tokens, as canonical wants. */
export function convertResponsesUsage(usage: unknown): Usage {
  const result = emptyUsage();
  if (!isRecord(usage)) return result;
  const inputDetails = optionalRecord(usage.input_tokens_details);
  const outputDetails = optionalRecord(usage.output_tokens_details);
  result.inputTokens = optionalNumber(usage.input_tokens) ?? 0;
  result.outputTokens = optionalNumber(usage.output_tokens) ?? 0;
  result.cacheReadTokens = optionalNumber(inputDetails?.cached_tokens) ?? 0;
  result.cacheWriteTokens = optionalNumber(inputDetails?.cache_write_tokens) ?? 0;
  result.reasoningTokens = optionalNumber(outputDetails?.reasoning_tokens) ?? 0;
  return result;
}

/** Canonical usage → the Responses `usage` object. */
export function encodeResponsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: {
      cached_tokens: usage.cacheReadTokens,
      ...(usage.cacheWriteTokens > 0 ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
    },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
