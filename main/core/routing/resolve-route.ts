import type { AppConfig, RouteConfig } from '../config/schema';
import type { CanonicalError, ProtocolName } from '../protocols/canonical/types';

export type RouteMatch = 'route-key' | 'protocol-default' | 'default-route';

export type RouteResolution =
  | { ok: true; routeKey: string; route: RouteConfig; matchedBy: RouteMatch }
  | { ok: false; error: CanonicalError };

type DefaultRouteField =
  'default_anthropic_route' | 'default_chat_route' | 'default_responses_route' | 'default_gemini_route';

function protocolDefaultField(protocol: ProtocolName): DefaultRouteField {
  switch (protocol) {
    case 'anthropic':
      return 'default_anthropic_route';
    case 'openai-chat':
      return 'default_chat_route';
    case 'openai-responses':
      return 'default_responses_route';
    case 'gemini':
      return 'default_gemini_route';
    default: {
      const _exhaustive: never = protocol;
      return _exhaustive;
    }
  }
}

/**
 * Route key → route. Order: the exact key (when enabled), the protocol's
 * default route, then `default_route`. A default naming a missing or disabled
 * route is skipped. Failing all, a 401 the client shows its user, saying what
 * to change; it never names a configured key (they are secrets).
 */
export function resolveRoute(input: {
  config: AppConfig;
  routeKey: string | undefined;
  protocol: ProtocolName;
  /** Where config.yaml lives, so the message can point at it. */
  configPath?: string;
}): RouteResolution {
  const { config, routeKey, protocol } = input;
  const routes = config.routes;

  const direct = routeKey === undefined ? undefined : ownRoute(routes, routeKey);
  if (routeKey !== undefined && direct !== undefined && !direct.disabled) {
    return { ok: true, routeKey, route: direct, matchedBy: 'route-key' };
  }

  const protocolField = protocolDefaultField(protocol);
  const candidates: [DefaultRouteField | 'default_route', RouteMatch][] = [
    [protocolField, 'protocol-default'],
    ['default_route', 'default-route'],
  ];
  const brokenDefaults: string[] = [];
  for (const [field, matchedBy] of candidates) {
    const defaultKey = config[field]?.trim();
    if (defaultKey === undefined || defaultKey === '') continue;
    const route = ownRoute(routes, defaultKey);
    if (route !== undefined && !route.disabled) return { ok: true, routeKey: defaultKey, route, matchedBy };
    brokenDefaults.push(field);
  }

  return {
    ok: false,
    error: { kind: 'authentication', status: 401, message: explain(input, direct, brokenDefaults) },
  };
}

/** `routes` comes from YAML: a key such as `constructor` must not find Object.prototype members. */
function ownRoute(routes: AppConfig['routes'], key: string): RouteConfig | undefined {
  return Object.hasOwn(routes, key) ? routes[key] : undefined;
}

function explain(
  input: { routeKey: string | undefined; configPath?: string },
  direct: RouteConfig | undefined,
  brokenDefaults: string[],
): string {
  const file = input.configPath === undefined ? 'config.yaml' : `config.yaml (${input.configPath})`;
  const problem =
    input.routeKey === undefined
      ? 'AI Switch received no API key, and no usable default route is configured.'
      : direct?.disabled === true
        ? 'The route for this API key is disabled, and no usable default route is configured.'
        : 'This API key is not a route key of AI Switch, and no usable default route is configured.';
  const broken =
    brokenDefaults.length === 0
      ? ''
      : ` (${brokenDefaults.join(' and ')} ${brokenDefaults.length === 1 ? 'names' : 'name'} a route that is missing or disabled.)`;
  return `${problem}${broken} Set the API key of your client to a route key defined under routes: in ${file}, or set default_route there.`;
}
