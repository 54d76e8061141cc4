import type { RouteConfig } from '../../core/config/schema';

/**
 * A route after a quick switch from the tray. Picking a provider keeps the
 * route's model when the new provider lists it (or lists no models), and
 * otherwise takes the provider's first model, so a switch never leaves the
 * route asking a provider for a model it does not have. Picking a model
 * changes the rule that answers by default (`scene_map.default` wins over
 * `default_model` in routing, so that one is changed when present).
 */
export function switchRouteTarget(
  route: RouteConfig,
  target: { providerId: string; model?: string; providerModels: readonly string[] },
): RouteConfig {
  const current = defaultModelOf(route);
  let model = target.model;
  if (model === undefined && current !== undefined) {
    // `other|model` would keep sending to the other provider: the switch must take the bare model.
    const bare = current.includes('|') ? current.slice(current.indexOf('|') + 1) : current;
    const known = target.providerModels.length === 0 || target.providerModels.includes(bare);
    model = known ? bare : target.providerModels[0];
  }
  const next: RouteConfig = { ...route, provider: target.providerId };
  if (model === undefined) return next;
  if (route.scene_map.default !== undefined)
    return { ...next, scene_map: { ...route.scene_map, default: model } };
  return { ...next, default_model: model };
}

/** The model a route answers with when no rule for the request's scene or model applies. */
export function defaultModelOf(route: Pick<RouteConfig, 'scene_map' | 'default_model'>): string | undefined {
  return route.scene_map.default ?? route.default_model;
}
