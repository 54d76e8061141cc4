export * from './types';
export { TraceDraft } from './trace-draft';
export { BodyCapture } from './body-capture';
export { clientFamily, parseClient } from './parse-client';
export { computeCost, costOf, createPriceLookup, normalizeModelName } from './compute-cost';
export type { PriceLookup } from './compute-cost';
export { BUILT_IN_PRICES, PRICES_AS_OF } from './prices';
export { createTraceId } from './create-trace-id';
export { createSecretMasker, createCachedSecretMasker } from './redact-secrets';
