import { priceOverridesOf } from '../core/trace/price-overrides-of';
import {
  checkConfigFile,
  type ConfigFileReport,
  DEFAULT_ROUTE_FIELDS,
  formatConfigProblem,
  resolveConfigPath,
  resolveHome,
  type AppConfig,
  type EnvReference,
  parseModelReference,
} from '../core/config';
import { BUILT_IN_PRICES, PRICES_CHECKED_ON, createPriceLookup } from '../core/trace';

/**
 * `ais check [-c file]`: prints a summary and every problem, one line each.
 * Exit code 0 when valid, 1 with errors, 2 with warnings only.
 */
export async function runCheck(options: { configPath?: string | undefined }): Promise<number> {
  const out = (line = ''): void => void process.stdout.write(`${line}\n`);
  let report: ConfigFileReport;
  try {
    const home = resolveHome(process.env);
    const filePath = resolveConfigPath({ home, configPath: options.configPath });
    report = await checkConfigFile({
      path: filePath,
      env: process.env,
      createIfMissing: options.configPath === undefined,
    });
  } catch (error) {
    // Not a config mistake (a home that cannot be created, say): still one clean line.
    process.stderr.write(`ais check: ${(error as Error).message}\n`);
    if (process.env.AIS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }

  out(`Config: ${report.path}`);
  if (report.created) out(`Created ${report.path} with the default settings (no providers or routes yet).`);
  if (report.config !== undefined) printSummary(out, report.config, report.envRefs);

  const errors = report.problems.filter((problem) => problem.severity === 'error');
  const warnings = report.problems.filter((problem) => problem.severity === 'warning');
  if (report.problems.length > 0) {
    out();
    out('Problems:');
    for (const problem of report.problems)
      out(`  ${problem.severity.padEnd(7)} ${formatConfigProblem(problem)}`);
  }
  if (errors.length > 0 && report.newestValidBackup !== undefined) {
    out();
    out(`!!! This file cannot be used. On start-up AI Switch will run from the newest valid backup:`);
    out(`!!!   ${report.newestValidBackup}`);
    out(`!!! and keep this file aside in the backups folder. Fix it now to keep your changes.`);
  }
  out();
  out(`${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}.`);
  if (errors.length > 0) return 1;
  return warnings.length > 0 ? 2 : 0;
}

function printSummary(
  out: (line?: string) => void,
  config: AppConfig,
  envRefs: readonly EnvReference[],
): void {
  const providers = Object.entries(config.providers);
  const routes = Object.entries(config.routes);
  out(`Server: http://${config.server.host}:${config.server.port}`);
  out();
  out(`Providers (${providers.length}):`);
  for (const [id, provider] of providers) {
    const keySource = describeKey(envRefs, id, provider.api_key, provider.fallback_keys.length);
    const models = provider.models.length === 0 ? 'any model' : count(provider.models.length, 'model');
    out(`  ${id}  ${provider.format}  ${provider.base_url}  ${models}  ${keySource}`);
  }
  out(`Routes (${routes.length}):`);
  for (const [key, route] of routes) {
    const model = route.default_model === undefined ? 'the client model' : route.default_model;
    out(`  ${key} → ${route.provider}, default model ${model}${route.disabled ? ' (disabled)' : ''}`);
  }
  const defaults = DEFAULT_ROUTE_FIELDS.filter(
    (field) => config[field] !== undefined && config[field] !== '',
  );
  out(`Defaults${defaults.length === 0 ? ': none' : ':'}`);
  for (const field of defaults) out(`  ${field}: ${config[field]}`);
  printPrices(out, config);
}

/**
 * Where costs come from and how fresh the built-in prices are, and which
 * configured models have none (their requests show an unknown cost, not $0).
 */
function printPrices(out: (line?: string) => void, config: AppConfig): void {
  const configured = Object.keys(config.prices).length;
  const builtIn = Object.keys(BUILT_IN_PRICES).length;
  out(
    `Prices: ${count(builtIn, 'built-in model price')} read from the vendors' own pricing pages, checked ${PRICES_CHECKED_ON}` +
      (configured > 0 ? `; ${configured} from prices: in this file (they win)` : ''),
  );
  const lookup = createPriceLookup(priceOverridesOf(config));
  const unpriced = configuredModels(config).filter((model) => lookup.priceFor(model) === undefined);
  if (unpriced.length > 0)
    out(`  no price (cost shown as unknown; add under prices:): ${unpriced.join(', ')}`);
}

/** The models a request can end up on: provider lists and every model a route names. */
function configuredModels(config: AppConfig): string[] {
  const models = new Set<string>();
  for (const provider of Object.values(config.providers))
    for (const model of provider.models) models.add(model);
  for (const route of Object.values(config.routes)) {
    const named = [
      route.default_model,
      ...Object.values(route.scene_map),
      ...Object.values(route.model_map),
      ...route.fallback,
    ];
    for (const reference of named) {
      if (typeof reference !== 'string' || reference === '') continue;
      const providerIds = new Set(Object.keys(config.providers));
      models.add(parseModelReference({ value: reference, routeProvider: route.provider, providerIds }).model);
    }
  }
  return [...models];
}

/** Says where the key comes from without ever printing it. */
function describeKey(
  envRefs: readonly EnvReference[],
  providerId: string,
  apiKey: string | undefined,
  fallbacks: number,
): string {
  const reference = envRefs.find(
    (candidate) =>
      candidate.path[0] === 'providers' &&
      candidate.path[1] === providerId &&
      candidate.path[2] === 'api_key',
  );
  const primary =
    reference !== undefined ? `key from ${reference.template}` : apiKey ? 'key in file' : 'no key';
  return fallbacks > 0 ? `${primary} + ${count(fallbacks, 'fallback key')}` : primary;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
