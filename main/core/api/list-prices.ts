import type { AppConfig } from '../config/schema';
import type { CallOutput } from '../contract';
import { BUILT_IN_PRICES, PRICES_CHECKED_ON } from '../trace/prices';

type PriceRow = CallOutput<'pricesList'>['prices'][number];

/** The config's prices (they win), then the built-in table with each entry's source and day. */
export function listPrices(config: AppConfig): CallOutput<'pricesList'> {
  const configured: PriceRow[] = Object.entries(config.prices).map(([model, price]) => ({
    model,
    input: price.input,
    output: price.output,
    ...(price.cache_read !== undefined ? { cacheRead: price.cache_read } : {}),
    ...(price.cache_write !== undefined ? { cacheWrite: price.cache_write } : {}),
    origin: 'config',
  }));
  const builtIn: PriceRow[] = Object.entries(BUILT_IN_PRICES).map(([model, price]) => ({
    model,
    input: price.input,
    output: price.output,
    ...(price.cacheRead !== undefined ? { cacheRead: price.cacheRead } : {}),
    ...(price.cacheWrite !== undefined ? { cacheWrite: price.cacheWrite } : {}),
    origin: 'built-in',
    source: price.source,
    checked: price.checked,
  }));
  return { checkedOn: PRICES_CHECKED_ON, prices: [...configured, ...builtIn] };
}
