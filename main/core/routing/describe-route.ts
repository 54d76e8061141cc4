import type { RouteConfig } from '../config/schema';

/**
 * A route key is the client's API key, so it is a secret: traces, logs and
 * error messages show a masked form. Never more than a third of the key is
 * shown, so short keys such as `ais-claude` do not become guessable.
 */
export function maskRouteKey(routeKey: string): string {
  if (routeKey.length >= 16) return `${routeKey.slice(0, 4)}…${routeKey.slice(-4)}`;
  if (routeKey.length >= 8) return `${routeKey.slice(0, 2)}…${routeKey.slice(-2)}`;
  return '…';
}

/** How a route appears in traces: its `label` when set, else the masked key. */
export function describeRoute(routeKey: string, route: Pick<RouteConfig, 'label'>): string {
  const label = route.label?.trim();
  return label !== undefined && label !== '' ? label : maskRouteKey(routeKey);
}
