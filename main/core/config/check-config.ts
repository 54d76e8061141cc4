import { formatConfigPath, type ConfigPathSegment, type ConfigProblem } from './config-problem';
import type { UnsetVariable } from './expand-env-references';
import { suggestKey } from './find-unknown-fields';
import type { LocateConfigPath } from './locate-config-path';
import { parseModelReference } from './parse-model-reference';
import { SCENES, type AppConfig, type RouteConfig } from './schema';

export const DEFAULT_ROUTE_FIELDS = [
  'default_route',
  'default_anthropic_route',
  'default_responses_route',
  'default_chat_route',
  'default_gemini_route',
] as const;

const KNOWN_SCENES: readonly string[] = SCENES;

/**
 * Cross-references a schema-valid config: names that must point at something
 * defined (errors), and settings that work but probably are not what the user
 * meant (warnings).
 */
export function checkConfig(
  config: AppConfig,
  options: { unsetVars?: readonly UnsetVariable[]; locate?: LocateConfigPath } = {},
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (
    severity: ConfigProblem['severity'],
    path: ConfigPathSegment[],
    message: string,
    at: 'key' | 'value' = 'value',
  ): void => {
    const position = options.locate?.(path, { at });
    problems.push({ path: formatConfigPath(path), message, severity, ...(position ?? {}) });
  };

  const providerIds = new Set(Object.keys(config.providers));

  const checkModel = (path: ConfigPathSegment[], value: string, route: RouteConfig): void => {
    const reference = parseModelReference({ value, routeProvider: route.provider, providerIds });
    if (reference.syntax === 'pipe' && reference.model === '') {
      report('error', path, `"${value}" names no model after "|"`);
      return;
    }
    const provider = config.providers[reference.provider];
    if (provider === undefined) {
      // A plain model on an undefined route provider is already reported at `provider`.
      if (reference.syntax !== 'plain')
        report('error', path, `provider "${reference.provider}" is not defined`);
      return;
    }
    if (provider.models.length > 0 && !provider.models.includes(reference.model)) {
      report(
        'warning',
        path,
        `model "${reference.model}" is not in provider "${reference.provider}"'s models list`,
      );
    }
  };

  for (const [routeKey, route] of Object.entries(config.routes)) {
    const base: ConfigPathSegment[] = ['routes', routeKey];
    if (!providerIds.has(route.provider)) {
      report('error', [...base, 'provider'], `provider "${route.provider}" is not defined`);
    }
    if (route.default_model !== undefined) checkModel([...base, 'default_model'], route.default_model, route);
    for (const [scene, value] of Object.entries(route.scene_map)) {
      const path = [...base, 'scene_map', scene];
      if (!KNOWN_SCENES.includes(scene)) {
        const suggestion = suggestKey(scene, KNOWN_SCENES);
        const hint =
          suggestion === undefined
            ? `known scenes: ${KNOWN_SCENES.join(', ')}`
            : `did you mean "${suggestion}"?`;
        report('warning', path, `unknown scene "${scene}" is never used; ${hint}`, 'key');
      }
      if (typeof value === 'string') checkModel(path, value, route);
      else if (value !== undefined && value !== null) report('error', path, 'must be a model name');
    }
    for (const [clientModel, value] of Object.entries(route.model_map)) {
      checkModel([...base, 'model_map', clientModel], value, route);
    }
    route.fallback.forEach((value, index) => checkModel([...base, 'fallback', index], value, route));
  }

  for (const field of DEFAULT_ROUTE_FIELDS) {
    const routeKey = config[field];
    if (routeKey === undefined || routeKey === '') continue;
    const route = config.routes[routeKey];
    if (route === undefined) report('error', [field], `route "${routeKey}" is not defined`);
    else if (route.disabled)
      report('warning', [field], `route "${routeKey}" is disabled, so this default is never used`);
  }

  for (const variable of options.unsetVars ?? []) {
    report('warning', variable.path, describeUnsetVariable(variable));
  }

  return problems;
}

/** `environment variable ${KEY} is not set: this entry is skipped`. */
export function describeUnsetVariable(variable: UnsetVariable): string {
  const state = variable.state === 'unset' ? 'is not set' : 'is set but empty';
  const effect = variable.effect ? `: ${variable.effect}` : '';
  return `environment variable \${${variable.name}} ${state}${effect}`;
}
