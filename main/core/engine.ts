import path from 'node:path';
import type Koa from 'koa';
import packageJson from '../../package.json';
import {
  ConfigError,
  formatConfigProblem,
  keepLastGoodConfig,
  loadConfig,
  resolveBackupDirectory,
  providerSecrets,
  keyFilePath,
  readKeyFile,
  resolveConfigPath,
  resolveHome,
  watchConfigFile,
  type AppConfig,
  type ConfigFileWatcher,
  type ConfigProblem,
  findUnusableProviders,
  type LoadedConfig,
  type SecretBox,
} from './config';
import { createApi, type Api } from './api/create-api';
import { createEngineEvents, type EngineEvents } from './api/create-engine-events';
import {
  claimRunFile,
  createLifecycle,
  releaseRunFile,
  updateRunFile,
  type Lifecycle,
  type RunInfo,
} from './lifecycle';
import { auditApiCalls } from './governance/audit-api-calls';
import { createAuditTrail } from './governance/create-audit-trail';
import { createGovernance } from './governance/create-governance';
import { createLogger, pruneLogs, type Logger } from './logging/create-logger';
import { createMetrics } from './metrics/create-metrics';
import { codecFor } from './protocols/registry';
import { createTokenCounter } from './routing';
import { createAddressPolicy, type AddressPolicy } from './server/address-policy';
import { createBrowserPolicy, type BrowserPolicy } from './server/refuse-foreign-pages';
import { createAdminLayer } from './server/admin/create-admin-layer';
import { hasAdminToken } from './server/admin/guard-admin-request';
import { adminLoginUrl } from './server/admin/load-admin-token';
import { createApp } from './server/create-app';
import { lockOutAdmin, lockOutProxy } from './server/lock-out-failed-attempts';
import { answerClientError } from './server/answer-client-error';
import type { ErrorRenderer } from './server/render-error';
import { countProxyExchanges } from './server/gate-proxy';
import { createInflightCounter, listen, type HttpListener } from './server/http-listener';
import { handleProxyRequest } from './proxy/handle-proxy-request';
import { createLargeBodyGate, defaultLargeBodyBudgetBytes } from './proxy/large-body-gate';
import type { ProxyRuntime, ProxyServices } from './proxy/proxy-services';
import { serveDashboard } from './server/serve-dashboard';
import { createStore, type Store } from './store';
import { createLiveTraces } from './trace/create-live-traces';
import { priceOverridesOf } from './trace/price-overrides-of';
import { createPriceLookup, type PriceLookup } from './trace/compute-cost';
import { noteMissingPrice } from './trace/note-missing-price';
import { createCachedSecretMasker } from './trace/redact-secrets';
import { summarizeTraceRecord } from './trace/summarize-trace-record';
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
  /**
   * Opens `enc:v1:` provider keys and encrypts new ones: the desktop app
   * passes the keychain's key; by default `<home>/secret-key` when present.
   */
  secretBox?: SecretBox;
}

export interface ReloadResult {
  ok: boolean;
  problems: ConfigProblem[];
}

export interface Engine {
  readonly home: string;
  readonly configPath: string;
  readonly logger: Logger;
  /** Every contract call: validated input, masked output. What HTTP, IPC and the CLI call. */
  readonly api: Api;
  /** The contract's events, by the contract's names. */
  readonly events: EngineEvents;
  /** stopped → starting → running ⇄ paused → stopping → stopped; error with its reason. */
  readonly lifecycle: Lifecycle;
  /** How the config was obtained at start-up (`backup` = the file was corrupt). */
  readonly startup: Pick<LoadedConfig, 'source' | 'recoveredFrom' | 'problems'>;
  config(): AppConfig;
  /**
   * Claims `<home>/run.json` (AlreadyRunningError when another live engine has it), listens, and
   * writes the URL there. A listen failure (ListenError: port in use…) leaves the lifecycle in `error`.
   */
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
  // Before the logger: a refusal here leaves nothing (log files) behind.
  const secretBox = options.secretBox ?? readKeyFileAsConfigProblem(home);
  // Secrets are known once the config is loaded; lines logged before then have none to mask.
  let maskLogLine = (line: string): string => line;
  const { logger, flush } = createLogger({
    home,
    stdout: options.logToStdout !== false,
    maskText: (line) => maskLogLine(line),
  });
  const events = createEngineEvents();
  const lifecycle = createLifecycle();
  lifecycle.onChange((snapshot) => events.emit('serverStatus', snapshot));

  const loaded = await loadConfig({
    path: configPath,
    env,
    secretBox,
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
  // The newest backup is always the last file that loaded cleanly, so a recovery loses no edit.
  const keepLastGood = (text: string): Promise<void> =>
    keepLastGoodConfig({ path: configPath, backupDirectory: resolveBackupDirectory(configPath), text }).then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error }, 'could not back up the config that loaded'),
    );
  if (loaded.source === 'file' && !loaded.noSettings) await keepLastGood(loaded.text);

  let runtime = buildRuntime(loaded, configPath, undefined);
  // The file the running config came from: the watcher's baseline text, its `${VAR}` references (the
  // dashboard shows those, not the values), and whether it had settings at all (a file without any
  // replacing one with settings is an editor mid-save, not an edit).
  let running: LoadedConfig = loaded;
  let addressPolicy = buildAddressPolicy(loaded.config, options.host);
  let browserPolicy = buildBrowserPolicy(loaded.config, options.host);
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
    auditRetentionDays: loaded.config.guardrails.audit_retention_days,
    prices: priceOverridesOf(loaded.config),
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

  let pricesFor: { config: AppConfig; lookup: PriceLookup } | undefined;
  const priceLookup = (): PriceLookup => {
    if (pricesFor?.config !== runtime.config)
      pricesFor = { config: runtime.config, lookup: createPriceLookup(priceOverridesOf(runtime.config)) };
    return pricesFor.lookup;
  };
  const masker = createCachedSecretMasker(secrets);
  maskLogLine = (line) => masker().maskText(line);
  // Any error message may carry an upstream's words, and with them a key it echoed.
  const renderErrorBody: ErrorRenderer = (protocol, error) =>
    codecFor(protocol ?? 'openai-chat').encodeError({ ...error, message: masker().maskText(error.message) });
  const exchanges = countProxyExchanges();
  const metrics = createMetrics({
    activeStreams: exchanges.activeStreams,
    activeRequests: exchanges.activeRequests,
    recorder: () => store.stats(),
    requestBodies: () => services.bodyGate.stats(),
  });
  const liveTraces = createLiveTraces(events);

  const defaultBudgetBytes = defaultLargeBodyBudgetBytes();
  const services: ProxyServices = {
    runtime: () => runtime,
    affinity: createSessionAffinity(),
    tokenCounter: createTokenCounter(),
    logger,
    traceStarted: (trace) => liveTraces.begin(trace),
    // The database gets one row per request, when it ends; live views and metrics the same summary.
    record: (finished) => {
      const trace = noteMissingPrice(finished, priceLookup());
      store.recorder.record(trace);
      const summary = summarizeTraceRecord({ trace, prices: priceLookup(), mask: masker().maskText });
      metrics.observe(trace, summary);
      liveTraces.end(trace.id, summary);
    },
    captureLimit: () =>
      runtime.config.recording.capture === 'off' ? 0 : runtime.config.recording.body_cap_kb * 1024,
    governance: createGovernance({
      logger,
      registry: metrics.registry,
      ledger: () => store.budgets,
      prices: priceLookup,
      config: () => runtime.config,
      cacheTable: () => store.responseCache,
      semanticTable: () => store.semanticCache,
      upstream: () => runtime.upstream,
    }),
    maskSecrets: (text) => masker().maskText(text),
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
  const startedAt = Date.now();
  const startup = {
    source: loaded.source,
    ...(loaded.recoveredFrom !== undefined && { recoveredFrom: loaded.recoveredFrom }),
  };
  const auditTrail = createAuditTrail({
    log: () => store.audit,
    config: () => runtime.config,
    secrets,
    logger,
  });
  const api = auditApiCalls(
    createApi({
      logger,
      configPath,
      env,
      secretBox,
      config: () => runtime.config,
      // Decrypted `enc:v1:` keys are kept as references too (so saves write the ciphertext back); they are not `${VAR}`s.
      envReferences: () =>
        Object.fromEntries(
          running.envRefs
            .filter((reference) => reference.variables.length > 0)
            .map((reference) => [reference.path.join('.'), reference.template]),
        ),
      status: () => {
        const snapshot = lifecycle.snapshot();
        return {
          version: VERSION,
          ...snapshot,
          home,
          configPath,
          startedAt,
          startup,
          recorder: store.stats(),
        };
      },
      reload: (reason) => engine.reload(reason),
      setProxyState(next) {
        const wasPaused = lifecycle.state === 'paused';
        if (lifecycle.setPaused(next === 'paused') && wasPaused !== (lifecycle.state === 'paused'))
          logger.info({ state: lifecycle.state }, `proxy ${next === 'paused' ? 'paused' : 'resumed'}`);
        return lifecycle.state;
      },
      queries: () => store.queries,
      inflightTraces: () => liveTraces.list(),
      upstream: () => runtime.upstream,
      secrets,
      loginLink: () => (listener ? adminLoginUrl(listener.url, admin.issueLoginCode()) : undefined),
      tokenCounter: services.tokenCounter,
      auditLog: () => store.audit,
      guardrailsStatus: () => services.governance.status(),
      evaluateSemanticCache: () => services.governance.evaluateSemanticCache(),
    }),
    auditTrail,
  );
  const { lockout } = services.governance;
  const clientAddress = (ctx: Koa.Context): string =>
    addressPolicy.clientIp(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined);
  const admin = createAdminLayer({ home, logger, api, events, metrics });
  const app = createApp({
    version: VERSION,
    logger,
    addressPolicy: () => addressPolicy,
    browserPolicy: () => browserPolicy,
    handleProxy: lockOutProxy(lockout, clientAddress, (ctx, endpoint) =>
      handleProxyRequest(services, ctx, endpoint),
    ),
    isPaused: () => lifecycle.state === 'paused',
    proxyExchanges: exchanges.middleware,
    errorRenderer: renderErrorBody,
    inflight,
    adminApi: lockOutAdmin(lockout, clientAddress, admin.middleware),
    dashboard: serveDashboard({ isSignedIn: (ctx) => hasAdminToken(ctx, admin.token) }),
  });

  let watcher: ConfigFileWatcher | undefined;
  let ownsRunFile = false;

  const engine: Engine = {
    home,
    configPath,
    logger,
    api,
    events,
    lifecycle,
    startup: { source: loaded.source, recoveredFrom: loaded.recoveredFrom, problems: loaded.problems },
    config: () => runtime.config,
    store: () => store,
    issueLoginCode: () => admin.issueLoginCode(),
    async start() {
      const host = options.host ?? runtime.config.server.host;
      const port = options.port ?? runtime.config.server.port;
      const runInfo: RunInfo = { pid: process.pid, startedAt: Date.now(), version: VERSION };
      lifecycle.to('starting');
      try {
        claimRunFile(home, runInfo);
        ownsRunFile = true;
        listener = await listen({
          handler: app.callback(),
          host,
          port,
          inflight,
          onClientError: answerClientError(renderErrorBody),
        });
      } catch (error) {
        lifecycle.failed((error as Error).message);
        if (ownsRunFile) releaseRunFile(home);
        ownsRunFile = false;
        throw error;
      }
      updateRunFile(home, { ...runInfo, url: listener.url });
      if (addressPolicy.enforced && runtime.config.server.allowed_ips.length === 0) {
        logger.warn(
          { host },
          'listening beyond loopback with an empty server.allowed_ips: only loopback callers are allowed',
        );
      }
      if (options.watchConfig !== false) {
        watcher = watchConfigFile(configPath, () => void engine.reload('file changed'), {
          debounceMs: 300,
          initialText: running.text,
          onError: (error) =>
            error instanceof ConfigError
              ? refuseReload('file changed', error)
              : logger.warn({ err: error }, 'config watcher failed'),
        });
      }
      logger.info({ url: listener.url, configPath, home }, 'AI Switch is listening');
      lifecycle.running(listener.url);
      return { url: listener.url, host: listener.host, port: listener.port };
    },
    async stop(stopOptions = {}) {
      if (lifecycle.state !== 'stopped') lifecycle.to('stopping');
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
      if (ownsRunFile) releaseRunFile(home);
      ownsRunFile = false;
      if (lifecycle.state !== 'stopped') lifecycle.to('stopped');
      logger.info('AI Switch stopped');
      flush();
    },
    async reload(reason) {
      try {
        const next = await loadConfig({
          path: configPath,
          env,
          refuseNoSettings: !running.noSettings,
          secretBox,
        });
        // Build everything first: a config that fails here must leave the running one whole.
        const nextRuntime = buildRuntime(next, configPath, runtime);
        const nextPolicy = buildAddressPolicy(next.config, options.host);
        const nextBrowserPolicy = buildBrowserPolicy(next.config, options.host);
        const previous = runtime;
        runtime = nextRuntime;
        running = next;
        auditTrail.configChanged({ reason, before: previous.config, after: next.config });
        addressPolicy = nextPolicy;
        browserPolicy = nextBrowserPolicy;
        store.configure({
          captureMode: next.config.recording.capture,
          bodyCapBytes: next.config.recording.body_cap_kb * 1024,
          retentionDays: next.config.log_retention_days,
          auditRetentionDays: next.config.guardrails.audit_retention_days,
          prices: priceOverridesOf(next.config),
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
        if (!next.noSettings) await keepLastGood(next.text);
        events.emit('configChanged', { reason, ok: true, problems: next.problems });
        return { ok: true, problems: next.problems };
      } catch (error) {
        return refuseReload(reason, error);
      }
    },
  };
  /** A config that cannot be applied: the running one stays, and the log and the event say why. */
  function refuseReload(reason: string, error: unknown): ReloadResult {
    const problems: ConfigProblem[] =
      error instanceof ConfigError
        ? error.problems
        : [{ path: '', message: (error as Error).message, severity: 'error' }];
    for (const problem of problems)
      logger.error({ path: problem.path }, `config reload refused: ${formatConfigProblem(problem)}`);
    logger.error({ reason }, 'the new config is invalid; still running on the previous one');
    events.emit('configChanged', { reason, ok: false, problems });
    return { ok: false, problems };
  }
  return engine;
}

/** `<home>/secret-key` when present; a file that is not a key is a config problem (reported like one). */
function readKeyFileAsConfigProblem(home: string): SecretBox | undefined {
  try {
    return readKeyFile(home);
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError(message, [{ path: '', message, severity: 'error' }], keyFilePath(home));
  }
}

/** Everything derived from one config. Key state starts fresh on every reload. */
function buildRuntime(
  loaded: Pick<LoadedConfig, 'config' | 'unsetVars'>,
  configPath: string,
  previous: ProxyRuntime | undefined,
): ProxyRuntime {
  const { config } = loaded;
  let upstream: UpstreamClient;
  if (previous && previous.config.server.proxy_url === config.server.proxy_url) {
    upstream = previous.upstream;
  } else {
    upstream = createUpstreamClient(config.server.proxy_url ? { proxyUrl: config.server.proxy_url } : {});
    // Requests in flight keep the old client until they finish; then it can go.
    if (previous) setTimeout(() => void previous.upstream.close(), 15 * 60_000).unref();
  }
  return {
    config,
    configPath,
    keyPool: createKeyPool(config),
    upstream,
    unusableProviders: findUnusableProviders(config, loaded.unsetVars),
  };
}

function buildAddressPolicy(config: AppConfig, hostOverride: string | undefined): AddressPolicy {
  return createAddressPolicy({
    listenHost: hostOverride ?? config.server.host,
    allowedIps: config.server.allowed_ips,
    trustedProxies: config.server.trusted_proxies,
  });
}

function buildBrowserPolicy(config: AppConfig, hostOverride: string | undefined): BrowserPolicy {
  return createBrowserPolicy({
    listenHost: hostOverride ?? config.server.host,
    hostNames: config.server.host_names,
    allowedOrigins: config.server.allowed_origins,
  });
}
