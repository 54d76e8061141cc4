import type { PriceLookup } from './compute-cost';
import type { TraceRecord } from './types';

/**
 * A request that used tokens of a model with no known price says so on its
 * trace, so an empty cost is never read as free: the built-in table only holds
 * prices read on the vendors' own pages, and `prices:` in the config adds more.
 */
export function noteMissingPrice(trace: TraceRecord, prices: PriceLookup): TraceRecord {
  const model = trace.upstreamModel || trace.requestedModel;
  const used = trace.usage.inputTokens + trace.usage.outputTokens > 0;
  if (!used || typeof trace.costUsd === 'number' || prices.priceFor(model) !== undefined) return trace;
  return {
    ...trace,
    warnings: [
      ...trace.warnings,
      {
        code: 'no-price',
        message: `no price is known for model ${model}, so this request's cost is unknown (not $0); add it under prices: in config.yaml (USD per million tokens)`,
      },
    ],
  };
}
