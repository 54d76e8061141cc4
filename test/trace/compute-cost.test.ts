import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PRICES,
  PRICES_CHECKED_ON,
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

  it('charges cache writes at the input price where a price has no write price', () => {
    const overrides = { 'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 } };
    expect(computeCost('gpt-4.1', usage, overrides)).toBeCloseTo(
      (3000 * 2 + 6000 * 0.5 + 1000 * 2 + 2000 * 8) / 1e6,
      12,
    );
  });

  it('does not charge reasoning tokens twice (they are inside outputTokens)', () => {
    const withoutReasoning = computeCost('claude-opus-4-8', { ...usage, reasoningTokens: 0 });
    expect(computeCost('claude-opus-4-8', usage)).toBe(withoutReasoning);
  });

  it('returns undefined, not 0, for an unknown model', () => {
    expect(computeCost('my-local-llama', usage)).toBeUndefined();
  });

  it('matches the longest key at a separator, across vendor naming styles', () => {
    const lookup = createPriceLookup();
    expect(lookup.priceFor('anthropic/claude-opus-4-5')).toBe(BUILT_IN_PRICES['claude-opus-4-5']);
    expect(lookup.priceFor('us.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe(
      BUILT_IN_PRICES['claude-haiku-4-5'],
    );
    expect(lookup.priceFor('claude-opus-4-1@20250805')).toBe(BUILT_IN_PRICES['claude-opus-4-1']);
    expect(lookup.priceFor('claude-sonnet-4-5[1m]')).toBe(BUILT_IN_PRICES['claude-sonnet-4-5']);
    expect(lookup.priceFor('claude-sonnet-4-20250514')).toBe(BUILT_IN_PRICES['claude-sonnet-4']);
    // A key only matches at a separator: `claude-opus-4` must not price `claude-opus-40`.
    expect(lookup.priceFor('claude-opus-40')).toBeUndefined();
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
    expect(computeCost('claude-haiku-4-5', usage, overrides)).toBeCloseTo(
      (3000 * 1 + 6000 * 0.1 + 1000 * 1.25 + 2000 * 5) / 1e6,
      12,
    );
  });

  it('sources and dates every built-in price, and names the oldest check', () => {
    for (const [model, price] of Object.entries(BUILT_IN_PRICES)) {
      expect(price.source, model).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      expect(price.checked, model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(price.checked >= PRICES_CHECKED_ON, model).toBe(true);
    }
    // No price from memory or a third-party page: every source is the vendor's own site.
    const vendors = new Set(Object.values(BUILT_IN_PRICES).map((price) => new URL(price.source).hostname));
    expect([...vendors]).toEqual(['platform.claude.com']);
  });

  it('normalises names predictably', () => {
    expect(normalizeModelName(' OpenRouter/Anthropic/Claude-Sonnet-4 ')).toBe('claude-sonnet-4');
  });
});
