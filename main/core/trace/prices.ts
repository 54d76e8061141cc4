import type { ModelPrice } from './types';

/**
 * Public list prices in USD per million tokens, standard (non-batch, non-priority)
 * tier, as published by each vendor around 2025-12. Where a vendor tiers by
 * prompt length (Gemini Pro > 200k, Qwen > 32k, Claude Sonnet 1M context) the
 * lowest tier is listed. Resellers and plans differ: config `prices` overrides win.
 *
 * Keys are matched as prefixes of the normalised model name at a separator
 * (`claude-sonnet-4-5` matches `claude-sonnet-4-5-20250929`), longest key first.
 * OpenAI and DeepSeek do not charge for cache writes: those entries omit
 * `cacheWrite`, which then costs the input price.
 */
export const PRICES_AS_OF = '2025-12';

export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic: cache write is the 5-minute TTL price (1.25x input), cache read 0.1x input.
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'claude-3-5-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-opus': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },

  // OpenAI
  'gpt-5.2': { input: 1.75, output: 14, cacheRead: 0.175 },
  'gpt-5.1': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-5-pro': { input: 15, output: 120 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  o1: { input: 15, output: 60, cacheRead: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o1-pro': { input: 150, output: 600 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o3-pro': { input: 20, output: 80 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'codex-mini': { input: 1.5, output: 6, cacheRead: 0.375 },

  // Google Gemini (≤ 200k-token prompts; cache storage per hour is not a token price and is left out).
  'gemini-3-pro': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-3.1-pro': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.01 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },

  // DeepSeek (V3.2 pricing: both aliases cost the same; cacheRead is the cache-hit price).
  'deepseek-chat': { input: 0.28, output: 0.42, cacheRead: 0.028 },
  'deepseek-reasoner': { input: 0.28, output: 0.42, cacheRead: 0.028 },

  // Zhipu GLM (z.ai international)
  'glm-4.5': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.5-air': { input: 0.2, output: 1.1, cacheRead: 0.03 },
  'glm-4.6': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.7': { input: 0.6, output: 2.2, cacheRead: 0.11 },

  // Moonshot Kimi
  'kimi-k2': { input: 0.6, output: 2.5, cacheRead: 0.15 },
  'kimi-k2-turbo': { input: 1.15, output: 8, cacheRead: 0.15 },
  'kimi-k2-thinking': { input: 0.6, output: 2.5, cacheRead: 0.15 },
  'kimi-k2-thinking-turbo': { input: 1.15, output: 8, cacheRead: 0.15 },

  // Alibaba Qwen (international, first prompt-length tier)
  'qwen3-max': { input: 1.2, output: 6, cacheRead: 0.24 },
  'qwen3-coder-plus': { input: 1, output: 5, cacheRead: 0.1 },
  'qwen3-coder-flash': { input: 0.3, output: 1.5, cacheRead: 0.06 },
  'qwen-plus': { input: 0.4, output: 1.2 },
  'qwen-flash': { input: 0.05, output: 0.4 },
  'qwen-turbo': { input: 0.05, output: 0.2 },
  'qwen-max': { input: 1.6, output: 6.4 },
};
