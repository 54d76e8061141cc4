import type { AppConfig, RouteConfig, Scene } from '../config/schema';
import type { CanonicalError, CanonicalRequest, Warning } from '../protocols/canonical/types';
import { getSharedTokenCounter, type TokenCounter, type TokenMeasure } from './create-token-counter';
import { describeRoute } from './describe-route';
import { detectScene } from './detect-scene';
import { parseModelRef, type ModelTarget } from './parse-model-ref';

/** Which rule picked the model, as shown in the trace. */
export type TargetRule =
  | 'model_map'
  | `scene_map.${Scene}`
  | 'default_model'
  /** Nothing configured matched: the client's model goes to the route's provider unchanged. */
  | 'passthrough-model';

export interface ResolvedTarget extends ModelTarget {
  scene: Scene;
  rule: TargetRule;
  /** `route.fallback`, in order, minus entries naming an unknown provider (those become warnings). */
  fallbacks: ModelTarget[];
  tokens?: TokenMeasure;
  warnings: Warning[];
}

export type TargetResolution = ({ ok: true } & ResolvedTarget) | { ok: false; error: CanonicalError };

/**
 * Provider and model for a request on a resolved route: `model_map` (the
 * client's model, case-insensitive) → `scene_map[scene]` → `scene_map.default`
 * → `default_model` → the client's model as is. A value `provider|model` moves
 * the request to another provider. A reference to a provider that is not
 * configured is a config problem, answered as a 400 that names it: SDKs retry
 * 5xx answers, and retrying cannot fix a config file.
 */
export function resolveTarget(input: {
  config: AppConfig;
  routeKey: string;
  route: RouteConfig;
  request: CanonicalRequest;
  /** An exact count already known (e.g. from a count_tokens call); skips counting. */
  tokenCount?: number;
  /** Defaults to the process-wide counter. */
  counter?: TokenCounter;
}): TargetResolution {
  const { config, route, request } = input;
  const routeName = describeRoute(input.routeKey, route);
  const counter = input.counter ?? getSharedTokenCounter();
  const known = input.tokenCount;
  const { scene, tokens } = detectScene({
    request,
    route,
    countTokens: known === undefined ? counter.measure : () => ({ count: known, exact: true }),
  });

  const chosen = chooseModel(route, request.model, scene);
  if (chosen === undefined) {
    return configProblem(
      `The request names no model and route ${routeName} has none to use. Set default_model (or scene_map.default) on the route in config.yaml.`,
    );
  }
  const providerIds = new Set(Object.keys(config.providers));
  // A client's model name never picks a provider: only config values are read as provider|model.
  const target =
    chosen.rule === 'passthrough-model'
      ? { providerId: route.provider, model: chosen.value }
      : parseModelRef(chosen.value, route.provider, providerIds);
  const problem = checkTarget(config, target, `${chosen.rule} of route ${routeName}`);
  if (problem !== undefined) return configProblem(problem);

  const warnings: Warning[] = [];
  const fallbacks: ModelTarget[] = [];
  for (const [index, value] of route.fallback.entries()) {
    const fallback = parseModelRef(value, route.provider, providerIds);
    const fallbackProblem = checkTarget(config, fallback, `fallback[${index}] of route ${routeName}`);
    if (fallbackProblem !== undefined) {
      warnings.push({ code: 'fallback-skipped', message: fallbackProblem });
      continue;
    }
    const duplicate = [target, ...fallbacks].some(
      (existing) => existing.providerId === fallback.providerId && existing.model === fallback.model,
    );
    if (!duplicate) fallbacks.push(fallback);
  }

  const resolved: ResolvedTarget = { ...target, scene, rule: chosen.rule, fallbacks, warnings };
  if (tokens !== undefined) resolved.tokens = tokens;
  return { ok: true, ...resolved };
}

function chooseModel(
  route: RouteConfig,
  requestModel: string,
  scene: Scene,
): { value: string; rule: TargetRule } | undefined {
  const mapped = lookupModelMap(route.model_map, requestModel);
  if (mapped !== undefined) return { value: mapped, rule: 'model_map' };
  const sceneModel = scene === 'default' ? undefined : route.scene_map[scene];
  if (sceneModel !== undefined) return { value: sceneModel, rule: `scene_map.${scene}` };
  if (route.scene_map.default !== undefined)
    return { value: route.scene_map.default, rule: 'scene_map.default' };
  if (route.default_model !== undefined) return { value: route.default_model, rule: 'default_model' };
  const passthrough = requestModel.trim();
  return passthrough === '' ? undefined : { value: passthrough, rule: 'passthrough-model' };
}

function lookupModelMap(modelMap: Record<string, string>, requestModel: string): string | undefined {
  const wanted = requestModel.trim().toLowerCase();
  if (wanted === '') return undefined;
  for (const [clientModel, target] of Object.entries(modelMap)) {
    if (clientModel.trim().toLowerCase() === wanted) return target;
  }
  return undefined;
}

function checkTarget(config: AppConfig, target: ModelTarget, where: string): string | undefined {
  if (!Object.hasOwn(config.providers, target.providerId)) {
    return `${where} uses provider "${target.providerId}", which is not defined under providers: in config.yaml. Add the provider or fix the reference.`;
  }
  if (target.model === '')
    return `${where} names provider "${target.providerId}" but no model (write provider|model).`;
  return undefined;
}

function configProblem(message: string): TargetResolution {
  return {
    ok: false,
    error: { kind: 'invalid_request', status: 400, message: `AI Switch config problem: ${message}` },
  };
}
