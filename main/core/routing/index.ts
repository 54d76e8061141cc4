export { extractRouteKey } from './extract-route-key';
export { resolveRoute, type RouteMatch, type RouteResolution } from './resolve-route';
export { parseModelRef, type ModelTarget } from './parse-model-ref';
export { resolveTarget, type ResolvedTarget, type TargetResolution, type TargetRule } from './resolve-target';
export { detectScene, type SceneDetection } from './detect-scene';
export {
  countRequestTokens,
  countTextTokens,
  createTokenCounter,
  estimateRequestTokens,
  getSharedTokenCounter,
  isTokenizerLoaded,
  preloadTokenizer,
  type TokenCounter,
  type TokenCounterStats,
  type TokenMeasure,
} from './create-token-counter';
export { DOCUMENT_TOKENS, IMAGE_TOKENS } from './collect-token-blocks';
export { extractSessionId } from './extract-session-id';
export { createDecision, type DecisionAttempt, type DecisionRecord } from './create-decision';
export { describeRoute, maskRouteKey } from './describe-route';
export {
  listModels,
  type AnthropicModelList,
  type GeminiModelList,
  type ModelList,
  type OpenAiModelList,
} from './list-models';
export { routeRequest, type RoutedRequest } from './route-request';
export type { HeaderRecord, QueryRecord } from './read-header';
export {
  describeScene,
  explainRoute,
  fixedTokenCounter,
  requestFromSample,
  type RequestSample,
  type RouteExplanation,
} from './explain-route';
