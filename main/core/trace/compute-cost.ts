import type { Usage } from '../protocols/canonical/types';
import { BUILT_IN_PRICES } from './prices';
import type { ModelPrice, PriceOverrides } from './types';

/**
 * Lowercase, drop routing prefixes (`openrouter/anthropic/…`, `models/…`) and
 * Bedrock's `us.anthropic.` form, so vendor names match the price table.
 */
export function normalizeModelName(model: string): string {
  let name = model.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  return name.replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '');
}

/** Characters that may follow a price key: date/version suffixes, Vertex `@date`, Bedrock `:0`, Claude Code `[1m]`. */
const SEPARATORS = new Set(['-', '@', ':', '_', '[']);

function findInTable(
  name: string,
  table: Readonly<Record<string, ModelPrice>>,
  keys: readonly string[],
): ModelPrice | undefined {
  const exact = table[name];
  if (exact) return exact;
  for (const key of keys) {
    if (name.startsWith(key) && SEPARATORS.has(name.charAt(key.length))) return table[key];
  }
  return undefined;
}

function keysLongestFirst(table: Readonly<Record<string, ModelPrice>>): string[] {
  return Object.keys(table).sort((left, right) => right.length - left.length);
}

export interface PriceLookup {
  priceFor(model: string): ModelPrice | undefined;
  costFor(model: string, usage: Usage): number | undefined;
}

/** Config overrides (matched the same way, on normalised names) win over the built-in table. */
export function createPriceLookup(overrides: PriceOverrides = {}): PriceLookup {
  const normalizedOverrides: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(overrides))
    normalizedOverrides[normalizeModelName(model)] = price;
  const overrideKeys = keysLongestFirst(normalizedOverrides);
  const builtInKeys = keysLongestFirst(BUILT_IN_PRICES);
  const cache = new Map<string, ModelPrice | undefined>();
  const priceFor = (model: string): ModelPrice | undefined => {
    if (cache.has(model)) return cache.get(model);
    const name = normalizeModelName(model);
    const price =
      findInTable(name, normalizedOverrides, overrideKeys) ?? findInTable(name, BUILT_IN_PRICES, builtInKeys);
    cache.set(model, price);
    return price;
  };
  return {
    priceFor,
    costFor: (model, usage) => {
      const price = priceFor(model);
      return price ? costOf(price, usage) : undefined;
    },
  };
}

/**
 * Cost in USD. `inputTokens` includes cache reads and writes, so only the
 * remainder is charged at the input price; reasoning tokens are part of
 * `outputTokens` and not charged twice.
 */
export function costOf(price: ModelPrice, usage: Usage): number {
  const uncachedInput = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const micro =
    uncachedInput * price.input +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return micro / 1_000_000;
}

/** Cost of one request, or undefined when the model has no known price (unknown is not free). */
export function computeCost(model: string, usage: Usage, overrides?: PriceOverrides): number | undefined {
  return createPriceLookup(overrides).costFor(model, usage);
}
