import type { AppConfig, RouteConfig } from '../config/schema';
import type { CanonicalError, CanonicalRequest, ProtocolName } from '../protocols/canonical/types';
import { createDecision, type DecisionRecord } from './create-decision';
import type { TokenCounter } from './create-token-counter';
import { extractRouteKey } from './extract-route-key';
import { extractSessionId } from './extract-session-id';
import type { HeaderRecord, QueryRecord } from './read-header';
import { resolveRoute } from './resolve-route';
import { resolveTarget, type ResolvedTarget } from './resolve-target';

export type RoutedRequest =
  | { ok: true; routeKey: string; route: RouteConfig; target: ResolvedTarget; decision: DecisionRecord }
  | { ok: false; error: CanonicalError };

/**
 * The whole routing step for one decoded request: route key → route →
 * scene → provider/model, with the decision record for the trace. Errors
 * come back as canonical errors for the inbound codec to encode.
 */
export function routeRequest(input: {
  config: AppConfig;
  protocol: ProtocolName;
  headers: HeaderRecord;
  query?: QueryRecord;
  request: CanonicalRequest;
  counter?: TokenCounter;
  configPath?: string;
}): RoutedRequest {
  const { config, request } = input;
  const resolution = resolveRoute({
    config,
    routeKey: extractRouteKey(input),
    protocol: input.protocol,
    ...(input.configPath === undefined ? {} : { configPath: input.configPath }),
  });
  if (!resolution.ok) return resolution;

  const { routeKey, route, matchedBy } = resolution;
  const target = resolveTarget({
    config,
    routeKey,
    route,
    request,
    ...(input.counter === undefined ? {} : { counter: input.counter }),
  });
  if (!target.ok) return target;

  const { ok: _ok, ...resolved } = target;
  const sessionId = extractSessionId({ headers: input.headers, request });
  const decision = createDecision({
    routeKey,
    route,
    matchedBy,
    requestedModel: request.model,
    target: resolved,
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  return { ok: true, routeKey, route, target: resolved, decision };
}
