import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PRICES,
  PRICES_AS_OF,
  computeCost,
  createPriceLookup,
  normalizeModelName,
} from '../../main/core/trace';

const usage = {
  inputTokens: 10_000,
  outputTokens: 2_000,
  cacheReadTokens: 6_000,
  cacheWriteTokens: 1_000,
  reasoningTokens: 500,
};

describe('computeCost', () => {
  it('charges uncached input, cache reads, cache writes and output at their own prices', () => {
    // Sonnet 4.5: $3 in, $15 out, $0.30 read, $3.75 write (per million).
    expect(computeCost('claude-sonnet-4-5-20250929', usage)).toBeCloseTo(
      (3000 * 3 + 6000 * 0.3 + 1000 * 3.75 + 2000 * 15) / 1e6,
      12,
    );
  });

  it('charges cache writes at the input price where the vendor has no write price (OpenAI)', () => {
    expect(computeCost('gpt-4.1', usage)).toBeCloseTo(
      (3000 * 2 + 6000 * 0.5 + 1000 * 2 + 2000 * 8) / 1e6,
      12,
    );
  });

  it('does not charge reasoning tokens twice (they are inside outputTokens)', () => {
    const withoutReasoning = computeCost('o3', { ...usage, reasoningTokens: 0 });
    expect(computeCost('o3', usage)).toBe(withoutReasoning);
  });

  it('returns undefined, not 0, for an unknown model', () => {
    expect(computeCost('my-local-llama', usage)).toBeUndefined();
  });

  it('matches the longest key at a separator, across vendor naming styles', () => {
    const lookup = createPriceLookup();
    expect(lookup.priceFor('gpt-4o-mini-2024-07-18')).toBe(BUILT_IN_PRICES['gpt-4o-mini']);
    expect(lookup.priceFor('gpt-5-mini')).toBe(BUILT_IN_PRICES['gpt-5-mini']);
    expect(lookup.priceFor('gemini-2.5-flash-lite-preview-06-17')).toBe(
      BUILT_IN_PRICES['gemini-2.5-flash-lite'],
    );
    expect(lookup.priceFor('models/gemini-2.5-pro')).toBe(BUILT_IN_PRICES['gemini-2.5-pro']);
    expect(lookup.priceFor('anthropic/claude-opus-4-5')).toBe(BUILT_IN_PRICES['claude-opus-4-5']);
    expect(lookup.priceFor('us.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe(
      BUILT_IN_PRICES['claude-haiku-4-5'],
    );
    expect(lookup.priceFor('claude-opus-4-1@20250805')).toBe(BUILT_IN_PRICES['claude-opus-4-1']);
    expect(lookup.priceFor('claude-sonnet-4-5[1m]')).toBe(BUILT_IN_PRICES['claude-sonnet-4']);
    expect(lookup.priceFor('DeepSeek-Reasoner')).toBe(BUILT_IN_PRICES['deepseek-reasoner']);
    // A key only matches at a separator: `o3` must not price `o3x`, `gpt-5` must not price `gpt-50`.
    expect(lookup.priceFor('o3x')).toBeUndefined();
    expect(lookup.priceFor('gpt-50')).toBeUndefined();
  });

  it('lets configured overrides win, with missing cache prices falling back to the input price', () => {
    const overrides = {
      'claude-sonnet-4-5': { input: 1, output: 2 },
      'my-local-llama': { input: 0.5, output: 0.5, cacheRead: 0.05 },
    };
    expect(computeCost('claude-sonnet-4-5-20250929', usage, overrides)).toBeCloseTo(
      (9000 * 1 + 1000 * 1 + 2000 * 2) / 1e6,
      12,
    );
    expect(computeCost('my-local-llama', usage, overrides)).toBeCloseTo(
      (3000 * 0.5 + 6000 * 0.05 + 1000 * 0.5 + 2000 * 0.5) / 1e6,
      12,
    );
    // Other models keep built-in prices.
    expect(computeCost('gpt-4.1', usage, overrides)).toBeCloseTo(
      (3000 * 2 + 6000 * 0.5 + 1000 * 2 + 2000 * 8) / 1e6,
      12,
    );
  });

  it('dates the table and normalises names predictably', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}$/);
    expect(normalizeModelName(' OpenRouter/Anthropic/Claude-Sonnet-4 ')).toBe('claude-sonnet-4');
  });
});
