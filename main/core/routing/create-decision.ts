import type { RouteConfig, Scene } from '../config/schema';
import type { Warning } from '../protocols/canonical/types';
import type { TokenMeasure } from './create-token-counter';
import { describeRoute } from './describe-route';
import type { ModelTarget } from './parse-model-ref';
import type { ResolvedTarget, TargetRule } from './resolve-target';
import type { RouteMatch } from './resolve-route';

/** One upstream try, appended by the upstream layer as it goes. */
export interface DecisionAttempt extends ModelTarget {
  /** Index into the provider's keys (0 = `api_key`, 1… = `fallback_keys`); never the key. */
  keyIndex: number;
  status?: number;
  error?: string;
  startedAt: number;
  endedAt?: number;
}

/**
 * Why a request went where it went, for the trace and the logs. Plain JSON
 * (the store keeps it as such); holds no secret: the route appears by label
 * or masked key.
 */
export interface DecisionRecord {
  route: string;
  matchedBy: RouteMatch;
  requestedModel: string;
  scene: Scene;
  rule: TargetRule;
  /** Present when the route has a long-context threshold; `exact: false` means the cheap estimate decided. */
  tokens?: TokenMeasure & { threshold: number };
  providerId: string;
  model: string;
  fallbacks: ModelTarget[];
  sessionId?: string;
  attempts: DecisionAttempt[];
  warnings: Warning[];
}

export function createDecision(input: {
  routeKey: string;
  route: RouteConfig;
  matchedBy: RouteMatch;
  requestedModel: string;
  target: ResolvedTarget;
  sessionId?: string;
}): DecisionRecord {
  const { route, target } = input;
  const decision: DecisionRecord = {
    route: describeRoute(input.routeKey, route),
    matchedBy: input.matchedBy,
    requestedModel: input.requestedModel,
    scene: target.scene,
    rule: target.rule,
    providerId: target.providerId,
    model: target.model,
    fallbacks: target.fallbacks.map((fallback) => ({ ...fallback })),
    attempts: [],
    warnings: [...target.warnings],
  };
  if (target.tokens !== undefined && route.long_context_threshold !== undefined) {
    decision.tokens = { ...target.tokens, threshold: route.long_context_threshold };
  }
  if (input.sessionId !== undefined) decision.sessionId = input.sessionId;
  return decision;
}
