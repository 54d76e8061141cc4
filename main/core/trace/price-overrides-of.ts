import type { AppConfig } from '../config/schema';
import type { PriceOverrides } from './types';

/** The config's `prices:` (per million tokens, snake_case) as the cost lookup takes them. */
export function priceOverridesOf(config: AppConfig): PriceOverrides {
  return Object.fromEntries(
    Object.entries(config.prices).map(([model, price]) => [
      model,
      {
        input: price.input,
        output: price.output,
        ...(price.cache_read !== undefined ? { cacheRead: price.cache_read } : {}),
        ...(price.cache_write !== undefined ? { cacheWrite: price.cache_write } : {}),
      },
    ]),
  );
}
