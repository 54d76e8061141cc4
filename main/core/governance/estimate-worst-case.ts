import type { AppConfig } from '../config/schema';
import type { CanonicalRequest } from '../protocols/canonical';
import { outputTokenCap } from '../proxy/cap-output-tokens';
import { estimateRequestTokens } from '../routing';
import type { BudgetAmounts } from '../store';
import type { PriceLookup } from '../trace/compute-cost';

/** Output tokens assumed for the worst case when neither the request nor the provider caps them. */
const ASSUMED_OUTPUT_TOKENS = 8192;

/** What a budget holds for a request until it settles: its input at the estimate's upper bound, its output at the cap, priced. */
export function estimateWorstCase(
  input: { config: AppConfig; request: CanonicalRequest; providerId: string; upstreamModel: string },
  prices: PriceLookup,
): BudgetAmounts {
  const inputTokens = estimateRequestTokens(input.request).upper;
  const provider = input.config.providers[input.providerId];
  const cap = provider ? outputTokenCap(provider, input.upstreamModel) : undefined;
  const requested = input.request.maxOutputTokens;
  const outputTokens =
    requested !== undefined && cap !== undefined
      ? Math.min(requested, cap)
      : (requested ?? cap ?? ASSUMED_OUTPUT_TOKENS);
  const costUsd =
    prices.costFor(input.upstreamModel, {
      inputTokens,
      outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    }) ?? 0;
  return { requests: 1, inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd };
}
