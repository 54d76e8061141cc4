import { ConfigError, loadConfig, saveConfig, type AppConfig } from '../config';
import type { CallOutput, CallParsedInput, ContractHandlers } from '../contract';
import type { ApiDeps } from './api-deps';
import { ApiError, configRefused } from './api-error';
import { maskConfig, restoreMaskedKeys } from './mask-provider-keys';

type ConfigCalls =
  | 'configRead'
  | 'providerCreate'
  | 'providerUpdate'
  | 'providerDelete'
  | 'providerRevealKey'
  | 'routeCreate'
  | 'routeUpdate'
  | 'routeDelete'
  | 'defaultsUpdate'
  | 'settingsUpdate'
  | 'guardrailsUpdate';

type Saved = CallOutput<'providerCreate'>;

/**
 * Config reads and writes. Every write re-reads the file, applies one change,
 * saves through `saveConfig` (comments and `${VAR}` survive, atomic, backed
 * up) and reloads the engine. Writes run one at a time so two edits cannot
 * race on the file.
 */
export function createConfigHandlers(deps: ApiDeps): Pick<ContractHandlers, ConfigCalls> {
  let queue: Promise<unknown> = Promise.resolve();

  const change = (describe: string, apply: (config: AppConfig) => void): Promise<Saved> => {
    const run = async (): Promise<Saved> => {
      const loaded = await loadConfig({
        path: deps.configPath,
        env: deps.env,
        secretBox: deps.secretBox,
      }).catch((error: unknown) => {
        if (error instanceof ConfigError)
          throw configRefused(`${deps.configPath} has errors; fix the file first`, error.problems);
        throw error;
      });
      const next = structuredClone(loaded.config);
      apply(next);
      let saved;
      try {
        saved = await saveConfig({ loaded, next });
      } catch (error) {
        if (error instanceof ConfigError)
          throw configRefused(`cannot ${describe}: ${error.message}`, error.problems);
        throw error;
      }
      const reloaded = await deps.reload(`admin API: ${describe}`);
      if (!reloaded.ok) deps.logger.warn({ describe }, 'saved the config, but the reload refused it');
      return { config: maskConfig(saved.loaded.config), problems: saved.problems };
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  const existingProvider = (id: string) => {
    const provider = deps.config().providers[id];
    if (!provider) throw new ApiError(404, `there is no provider "${id}"`);
    return provider;
  };

  const requireAbsent = (kind: 'provider' | 'route', present: boolean, id: string): void => {
    if (present)
      throw new ApiError(409, `a ${kind} "${id}" already exists`, [
        { path: 'id', message: 'already exists' },
      ]);
  };

  return {
    configRead: () => ({
      config: maskConfig(deps.config()),
      path: deps.configPath,
      envReferences: deps.envReferences(),
    }),
    providerCreate: ({ id, provider }) =>
      change(`add provider ${id}`, (config) => {
        requireAbsent('provider', config.providers[id] !== undefined, id);
        config.providers[id] = provider;
      }),
    providerUpdate: ({ id, provider }) =>
      change(`update provider ${id}`, (config) => {
        const current = config.providers[id];
        if (!current) throw new ApiError(404, `there is no provider "${id}"`);
        config.providers[id] = restoreMaskedKeys(provider, current);
      }),
    providerDelete: ({ id }) =>
      change(`remove provider ${id}`, (config) => {
        if (!config.providers[id]) throw new ApiError(404, `there is no provider "${id}"`);
        delete config.providers[id];
      }),
    providerRevealKey: ({ id }) => {
      const provider = existingProvider(id);
      deps.logger.info({ provider: id }, 'admin API: provider key revealed');
      return {
        ...(provider.api_key !== undefined && { apiKey: provider.api_key }),
        fallbackKeys: [...provider.fallback_keys],
      };
    },
    routeCreate: ({ id, route }) =>
      change(`add route ${id}`, (config) => {
        requireAbsent('route', config.routes[id] !== undefined, id);
        config.routes[id] = route;
      }),
    routeUpdate: ({ id, route }) =>
      change(`update route ${id}`, (config) => {
        if (!config.routes[id]) throw new ApiError(404, `there is no route "${id}"`);
        config.routes[id] = route;
      }),
    routeDelete: ({ id }) =>
      change(`remove route ${id}`, (config) => {
        if (!config.routes[id]) throw new ApiError(404, `there is no route "${id}"`);
        delete config.routes[id];
      }),
    defaultsUpdate: (input) => change('update the default routes', (config) => applyDefaults(config, input)),
    settingsUpdate: (input) => change('update settings', (config) => applySettings(config, input)),
    guardrailsUpdate: (input) =>
      change('update guardrails', (config) => {
        config.guardrails = mergeSection(config.guardrails, input);
      }),
  };
}

/** `null` removes a default; an absent field leaves it as it is. */
function applyDefaults(config: AppConfig, input: CallParsedInput<'defaultsUpdate'>): void {
  for (const [field, value] of Object.entries(input) as [keyof typeof input, string | null | undefined][]) {
    if (value === undefined) continue;
    if (value === null || value === '') delete config[field];
    else config[field] = value;
  }
}

function applySettings(config: AppConfig, input: CallParsedInput<'settingsUpdate'>): void {
  if (input.server) config.server = mergeSection(config.server, input.server);
  if (input.log_retention_days !== undefined) config.log_retention_days = input.log_retention_days;
  if (input.recording) config.recording = mergeSection(config.recording, input.recording);
  if (input.prices) config.prices = input.prices;
}

/** Fields given replace the section's; `null` removes an optional one (e.g. `server.proxy_url`). */
function mergeSection<Section extends object>(section: Section, update: Record<string, unknown>): Section {
  const merged = { ...section } as Record<string, unknown>;
  for (const [field, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged as Section;
}
