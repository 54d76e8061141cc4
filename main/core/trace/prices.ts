import type { ModelPrice } from './types';

/** A built-in price with where it was read and when. */
export interface SourcedPrice extends ModelPrice {
  /** The vendor's own pricing page the numbers were read from. */
  source: string;
  /** The day they were read there (YYYY-MM-DD). */
  checked: string;
}

/*
 * Public list prices in USD per million tokens, standard tier (no batch, no
 * priority, no data-residency multiplier), each read from the vendor's own
 * pricing page on the day given. Where a vendor tiers by prompt length (Claude
 * Sonnet over 200K tokens) the lowest tier is listed; cache writes are the
 * 5-minute TTL price. Resellers and plans differ: config `prices` win.
 *
 * Only vendors whose own pricing page could be read when the table was last
 * checked are here. OpenAI, Google, DeepSeek, Zhipu, Moonshot and Alibaba
 * were dropped on 2026-12-07: their pages could not be read then, and a price
 * from memory or a third-party page is a number users would wrongly compare
 * with their bill. Their models show "no price" until `prices:` sets one.
 *
 * Keys are matched as prefixes of the normalised model name at a separator
 * (`claude-sonnet-4-5` matches `claude-sonnet-4-5-20250929`), longest key first.
 */
const ANTHROPIC_PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const ANTHROPIC_CHECKED = '2026-12-07';

const anthropic = (input: number, cacheWrite: number, cacheRead: number, output: number): SourcedPrice => ({
  input,
  output,
  cacheRead,
  cacheWrite,
  source: ANTHROPIC_PRICING,
  checked: ANTHROPIC_CHECKED,
});

export const BUILT_IN_PRICES: Readonly<Record<string, SourcedPrice>> = {
  // Anthropic "Model pricing" table: base input, 5m cache writes, cache hits, output.
  'claude-opus-4-8': anthropic(5, 6.25, 0.5, 25),
  'claude-opus-4-7': anthropic(5, 6.25, 0.5, 25),
  'claude-opus-4-6': anthropic(5, 6.25, 0.5, 25),
  'claude-opus-4-5': anthropic(5, 6.25, 0.5, 25),
  'claude-opus-4-1': anthropic(15, 18.75, 1.5, 75),
  'claude-opus-4': anthropic(15, 18.75, 1.5, 75),
  'claude-sonnet-4-6': anthropic(3, 3.75, 0.3, 15),
  'claude-sonnet-4-5': anthropic(3, 3.75, 0.3, 15),
  'claude-sonnet-4': anthropic(3, 3.75, 0.3, 15),
  'claude-3-7-sonnet': anthropic(3, 3.75, 0.3, 15),
  'claude-3-5-sonnet': anthropic(3, 3.75, 0.3, 15),
  'claude-haiku-4-5': anthropic(1, 1.25, 0.1, 5),
  'claude-3-5-haiku': anthropic(0.8, 1, 0.08, 4),
  'claude-3-opus': anthropic(15, 18.75, 1.5, 75),
  'claude-3-haiku': anthropic(0.25, 0.3, 0.03, 1.25),
};

/** The oldest day on which a built-in price was checked: how fresh the table is at worst. */
export const PRICES_CHECKED_ON: string = Object.values(BUILT_IN_PRICES)
  .map((price) => price.checked)
  .reduce((oldest, day) => (day < oldest ? day : oldest));
