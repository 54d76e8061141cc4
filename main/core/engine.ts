import { EventEmitter } from 'node:events';
import path from 'node:path';
import packageJson from '../../package.json';
import {
  ConfigError,
  formatConfigProblem,
  loadConfig,
  providerSecrets,
  resolveConfigPath,
  resolveHome,
  watchConfigFile,
  type AppConfig,
  type ConfigFileWatcher,
  type ConfigProblem,
  type LoadedConfig,
} from './config';
import { createLogger, pruneLogs, type Logger } from './logging/create-logger';
import { codecFor } from './protocols/registry';
import { createTokenCounter } from './routing';
import { createAddressPolicy, type AddressPolicy } from './server/address-policy';
import { createAdminLayer } from './server/admin/create-admin-layer';
import { hasAdminToken } from './server/admin/guard-admin-request';
import { createApp } from './server/create-app';
import { createInflightCounter, listen, type HttpListener } from './server/http-listener';
import { handleProxyRequest } from './server/proxy/handle-proxy-request';
import { serveDashboard } from './server/serve-dashboard';
import { createLargeBodyGate, defaultLargeBodyBudgetBytes } from './server/proxy/large-body-gate';
import type { ProxyRuntime, ProxyServices } from './server/proxy/proxy-services';
import { createStore, type Store } from './store';
import { createKeyPool, createSessionAffinity, createUpstreamClient, type UpstreamClient } from './upstream';

export const VERSION: string = packageJson.version;

export interface EngineOptions {
  /** The AI Switch home; default `$AIS_HOME` or `~/.ai-switch`. */
  home?: string;
  /** A config file other than `<home>/config.yaml`. */
  configPath?: string;
  /** Override `server.host` / `server.port` (CLI flags). */
  host?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** Log to stdout as well as to `<home>/logs` (default true). */
  logToStdout?: boolean;
  /** Reload when the config file changes (default true). */
  watchConfig?: boolean;
}

export interface ReloadResult {
  ok: boolean;
  problems: ConfigProblem[];
}

export interface Engine {
  readonly home: string;
  readonly configPath: string;
  readonly logger: Logger;
  readonly events: EventEmitter;
  /** How the config was obtained at start-up (`backup` = the file was corrupt). */
  readonly startup: Pick<LoadedConfig, 'source' | 'recoveredFrom' | 'problems'>;
  config(): AppConfig;
  start(): Promise<{ url: string; host: string; port: number }>;
  /** Stop accepting, let requests in flight finish up to `graceMs`, flush the recorder. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Re-read the config file; an invalid file keeps the running config and reports why. */
  reload(reason: string): Promise<ReloadResult>;
  store(): Store;
  /** A one-time code for the dashboard login link (`adminLoginUrl`). */
  issueLoginCode(): string;
}

/** Builds the proxy engine shared by the desktop app and `ais serve`. Throws ConfigError for an unusable config. */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveHome(env);
  const configPath = resolveConfigPath({ home, configPath: options.configPath });
  const { logger, flush } = createLogger({ home, stdout: options.logToStdout !== false });
  const events = new EventEmitter();

  const loaded = await loadConfig({
    path: configPath,
    env,
    createIfMissing: options.configPath === undefined,
    recoverFromBackup: true,
  });
  if (loaded.source === 'backup') {
    logger.error(
      { recoveredFrom: loaded.recoveredFrom, problems: loaded.recovery?.problems.map(formatConfigProblem) },
      `CONFIG FILE ${configPath} IS CORRUPT: started from backup ${loaded.recoveredFrom ?? ''}; the broken file was kept at ${loaded.recovery?.rejectedCopyPath ?? ''}`,
    );
  } else if (loaded.source === 'created') {
    logger.info({ configPath }, 'created a default config file');
  }
  for (const problem of loaded.problems)
    logger.warn({ path: problem.path }, `config: ${formatConfigProblem(problem)}`);

  let runtime = buildRuntime(loaded.config, configPath, undefined);
  let addressPolicy = buildAddressPolicy(loaded.config, options.host);
  // Read by the recorder on every flush: recomputed only when the config changes.
  let secretsFor: { config: AppConfig; keys: string[] } | undefined;
  const secrets = (): string[] => {
    if (secretsFor?.config !== runtime.config)
      secretsFor = { config: runtime.config, keys: providerSecrets(runtime.config) };
    return secretsFor.keys;
  };
  const store = createStore({
    dbPath: path.join(home, 'ais.db'),
    captureMode: loaded.config.recording.capture,
    bodyCapBytes: loaded.config.recording.body_cap_kb * 1024,
    retentionDays: loaded.config.log_retention_days,
    prices: priceOverrides(loaded.config),
    secrets,
    logger,
  });
  const prune = (): void => {
    pruneLogs(home, runtime.config.log_retention_days);
    store.prune();
  };
  prune();
  const pruneTimer = setInterval(prune, 6 * 3_600_000);
  pruneTimer.unref();

  const defaultBudgetBytes = defaultLargeBodyBudgetBytes();
  const services: ProxyServices = {
    runtime: () => runtime,
    affinity: createSessionAffinity(),
    tokenCounter: createTokenCounter(),
    logger,
    // Live views get the start as an event; the database gets one row per request, when it ends.
    traceStarted: (start) => events.emit('trace-start', start),
    record: (trace) => {
      store.recorder.record(trace);
      events.emit('trace', trace);
    },
    captureLimit: () =>
      runtime.config.recording.capture === 'off' ? 0 : runtime.config.recording.body_cap_kb * 1024,
    bodyGate: createLargeBodyGate(() => {
      const { budget_mb: budgetMb, wait_s: waitS } = runtime.config.server.large_bodies;
      return {
        budgetBytes: budgetMb === undefined ? defaultBudgetBytes : budgetMb * 2 ** 20,
        maxWaitMs: waitS * 1000,
      };
    }),
  };
  const inflight = createInflightCounter();
  let listener: HttpListener | undefined;
  const admin = createAdminLayer({
    version: VERSION,
    home,
    configPath,
    env,
    logger,
    startup: {
      source: loaded.source,
      ...(loaded.recoveredFrom !== undefined && { recoveredFrom: loaded.recoveredFrom }),
    },
    events,
    config: () => runtime.config,
    upstream: () => runtime.upstream,
    store,
    url: () => listener?.url,
    reload: (reason) => engine.reload(reason),
    prices: priceOverrides,
    secrets,
    requestBodies: () => services.bodyGate.stats(),
  });
  const app = createApp({
    version: VERSION,
    logger,
    addressPolicy: () => addressPolicy,
    handleProxy: (ctx, endpoint) => admin.handleProxy(ctx, () => handleProxyRequest(services, ctx, endpoint)),
    errorRenderer: (protocol, error) => codecFor(protocol ?? 'openai-chat').encodeError(error),
    inflight,
    adminApi: admin.middleware,
    dashboard: serveDashboard({ isSignedIn: (ctx) => hasAdminToken(ctx, admin.token) }),
  });

  let watcher: ConfigFileWatcher | undefined;

  const engine: Engine = {
    home,
    configPath,
    logger,
    events,
    startup: { source: loaded.source, recoveredFrom: loaded.recoveredFrom, problems: loaded.problems },
    config: () => runtime.config,
    store: () => store,
    issueLoginCode: () => admin.issueLoginCode(),
    async start() {
      const host = options.host ?? runtime.config.server.host;
      const port = options.port ?? runtime.config.server.port;
      listener = await listen({ handler: app.callback(), host, port, inflight });
      if (addressPolicy.enforced && runtime.config.server.allowed_ips.length === 0) {
        logger.warn(
          { host },
          'listening beyond loopback with an empty server.allowed_ips: only loopback callers are allowed',
        );
      }
      if (options.watchConfig !== false) {
        watcher = watchConfigFile(configPath, () => void engine.reload('file changed'), {
          debounceMs: 300,
          onError: (error) => logger.warn({ err: error }, 'config watcher failed'),
        });
      }
      logger.info({ url: listener.url, configPath, home }, 'AI Switch is listening');
      events.emit('status', { state: 'running', url: listener.url });
      return { url: listener.url, host: listener.host, port: listener.port };
    },
    async stop(stopOptions = {}) {
      watcher?.close();
      clearInterval(pruneTimer);
      admin.close();
      const graceMs = stopOptions.graceMs ?? 10_000;
      if (listener) {
        const { cut } = await listener.close(graceMs);
        listener = undefined;
        if (cut > 0) logger.warn({ cut }, `cut ${cut} request(s) still running after ${graceMs} ms`);
      }
      store.close();
      await runtime.upstream.close();
      events.emit('status', { state: 'stopped' });
      logger.info('AI Switch stopped');
      flush();
    },
    async reload(reason) {
      try {
        const next = await loadConfig({ path: configPath, env });
        // Build everything first: a config that fails here must leave the running one whole.
        const nextRuntime = buildRuntime(next.config, configPath, runtime);
        const nextPolicy = buildAddressPolicy(next.config, options.host);
        const previous = runtime;
        runtime = nextRuntime;
        addressPolicy = nextPolicy;
        store.configure({
          captureMode: next.config.recording.capture,
          bodyCapBytes: next.config.recording.body_cap_kb * 1024,
          retentionDays: next.config.log_retention_days,
          prices: priceOverrides(next.config),
        });
        for (const problem of next.problems)
          logger.warn({ path: problem.path }, `config: ${formatConfigProblem(problem)}`);
        if (
          next.config.server.port !== previous.config.server.port ||
          next.config.server.host !== previous.config.server.host
        ) {
          logger.warn('server.host / server.port changed: restart AI Switch to listen on the new address');
        }
        logger.info({ reason }, 'config reloaded');
        events.emit('config-changed', { reason });
        return { ok: true, problems: next.problems };
      } catch (error) {
        const problems: ConfigProblem[] =
          error instanceof ConfigError
            ? error.problems
            : [{ path: '', message: (error as Error).message, severity: 'error' }];
        for (const problem of problems)
          logger.error({ path: problem.path }, `config reload refused: ${formatConfigProblem(problem)}`);
        logger.error({ reason }, 'the new config is invalid; still running on the previous one');
        events.emit('config-rejected', { reason, problems });
        return { ok: false, problems };
      }
    },
  };
  return engine;
}

/** Everything derived from one config. Key state starts fresh on every reload. */
function buildRuntime(
  config: AppConfig,
  configPath: string,
  previous: ProxyRuntime | undefined,
): ProxyRuntime {
  let upstream: UpstreamClient;
  if (previous && previous.config.server.proxy_url === config.server.proxy_url) {
    upstream = previous.upstream;
  } else {
    upstream = createUpstreamClient(config.server.proxy_url ? { proxyUrl: config.server.proxy_url } : {});
    // Requests in flight keep the old client until they finish; then it can go.
    if (previous) setTimeout(() => void previous.upstream.close(), 15 * 60_000).unref();
  }
  return { config, configPath, keyPool: createKeyPool(config), upstream };
}

function buildAddressPolicy(config: AppConfig, hostOverride: string | undefined): AddressPolicy {
  return createAddressPolicy({
    listenHost: hostOverride ?? config.server.host,
    allowedIps: config.server.allowed_ips,
    trustedProxies: config.server.trusted_proxies,
  });
}

function priceOverrides(config: AppConfig) {
  return Object.fromEntries(
    Object.entries(config.prices).map(([model, price]) => [
      model,
      {
        input: price.input,
        output: price.output,
        ...(price.cache_read !== undefined ? { cacheRead: price.cache_read } : {}),
        ...(price.cache_write !== undefined ? { cacheWrite: price.cache_write } : {}),
      },
    ]),
  );
}
