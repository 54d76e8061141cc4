import type { Usage } from '../canonical';
import { isWireObject, readNumber } from './read-wire-value';

/**
 * Anthropic usage counters as last reported. Anthropic's `input_tokens`
 * excludes cache reads and writes; the canonical `inputTokens` includes them.
 */
export interface AnthropicUsageCounters {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  thinkingTokens?: number;
}

/** Read the counters a wire `usage` object carries (absent or null fields stay undefined). */
export function readAnthropicUsage(usage: unknown): AnthropicUsageCounters {
  if (!isWireObject(usage)) return {};
  const details = isWireObject(usage.output_tokens_details) ? usage.output_tokens_details : {};
  return {
    inputTokens: readNumber(usage.input_tokens),
    outputTokens: readNumber(usage.output_tokens),
    cacheReadTokens: readNumber(usage.cache_read_input_tokens),
    cacheWriteTokens: readNumber(usage.cache_creation_input_tokens),
    thinkingTokens: readNumber(details.thinking_tokens),
  };
}

/** Overlay a later report: Anthropic's counters are cumulative totals, omitted when unchanged. */
export function mergeAnthropicUsage(
  base: AnthropicUsageCounters,
  update: AnthropicUsageCounters,
): AnthropicUsageCounters {
  const merged = { ...base };
  for (const key of Object.keys(update) as (keyof AnthropicUsageCounters)[]) {
    const value = update[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Canonical view of the counters known so far; only fields the upstream reported. */
export function convertAnthropicUsage(counters: AnthropicUsageCounters): Partial<Usage> {
  const usage: Partial<Usage> = {};
  const cacheRead = counters.cacheReadTokens ?? 0;
  const cacheWrite = counters.cacheWriteTokens ?? 0;
  if (counters.inputTokens !== undefined) usage.inputTokens = counters.inputTokens + cacheRead + cacheWrite;
  if (counters.outputTokens !== undefined) usage.outputTokens = counters.outputTokens;
  if (counters.cacheReadTokens !== undefined) usage.cacheReadTokens = counters.cacheReadTokens;
  if (counters.cacheWriteTokens !== undefined) usage.cacheWriteTokens = counters.cacheWriteTokens;
  if (counters.thinkingTokens !== undefined) usage.reasoningTokens = counters.thinkingTokens;
  return usage;
}

export interface AnthropicWireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/** Canonical usage → Anthropic's split (input without cache reads/writes, never negative). */
export function encodeAnthropicUsage(usage: Partial<Usage>): AnthropicWireUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const wire: AnthropicWireUsage = {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
  if (usage.reasoningTokens) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return wire;
}
