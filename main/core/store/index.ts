export * from './types';
export { createStore, DEFAULT_BODY_CAP_BYTES } from './create-store';
export { parseClient } from './parse-client';
export { computeCost, costOf, createPriceLookup, normalizeModelName } from './compute-cost';
export { BUILT_IN_PRICES, PRICES_AS_OF } from './prices';
export { createTraceId } from './create-trace-id';
