import type { EventEmitter } from 'node:events';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { AppConfig, ConfigProblem } from '../../config';
import type { CallOutput } from '../../contract';
import { createMetrics, type Metrics } from '../../metrics/create-metrics';
import { summarizeTraceRecord } from '../../metrics/summarize-trace-record';
import { ProtocolError } from '../../protocols/canonical';
import { createPriceLookup, type PriceLookup } from '../../trace/compute-cost';
import { createCachedSecretMasker } from '../../trace/redact-secrets';
import type { PriceOverrides, Store, TraceRecord, TraceStart } from '../../store/types';
import type { UpstreamClient } from '../../upstream';
import type { ProxyState } from '../../api/api-deps';
import { createAdminApi } from './create-admin-api';
import { createLoginCodes } from './create-login-codes';
import { loadAdminToken } from './load-admin-token';
import { createAdminEventHub, type AdminEventHub } from './stream-admin-events';

export interface AdminLayerOptions {
  version: string;
  home: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  startup: CallOutput<'status'>['startup'];
  /** The engine's event emitter: `trace`, `trace-start`, `status`, `config-changed`, `config-rejected`. */
  events: EventEmitter;
  config(): AppConfig;
  upstream(): UpstreamClient;
  store: Store;
  /** The listener's URL while listening. */
  url(): string | undefined;
  reload(reason: string): Promise<{ ok: boolean; problems: ConfigProblem[] }>;
  prices(config: AppConfig): PriceOverrides;
  /** The configured provider keys (the engine's, recomputed only when the config changes). */
  secrets(): string[];
  /** Request bodies in flight and waiting (the large-body gate's counts). */
  requestBodies(): { heldBytes: number; waiting: number };
}

export interface AdminLayer {
  middleware: Koa.Middleware;
  metrics: Metrics;
  hub: AdminEventHub;
  token: string;
  /** A one-time code for the browser login link (`adminLoginUrl`). */
  issueLoginCode(): string;
  /** Wraps one proxy request: refused while paused, counted while running (active requests and streams). */
  handleProxy(ctx: Koa.Context, serve: () => Promise<void>): Promise<void>;
  /** Ends the event streams so shutdown is not held by them. */
  close(): void;
}

/** The admin API, its events and the metrics, wired to one engine. */
export function createAdminLayer(options: AdminLayerOptions): AdminLayer {
  const token = loadAdminToken(options.home);
  const startedAt = Date.now();
  const inflight = new Set<Koa.Context>();
  let paused = false;
  const metrics = createMetrics({
    // The pipeline hands the socket over (respond = false) exactly when it starts streaming.
    activeStreams: () => [...inflight].filter((ctx) => ctx.respond === false).length,
    activeRequests: () => inflight.size,
    recorder: () => options.store.stats(),
    requestBodies: options.requestBodies,
  });
  const hub = createAdminEventHub();

  let pricesFor: { config: AppConfig; lookup: PriceLookup } | undefined;
  const priceLookup = (): PriceLookup => {
    const config = options.config();
    if (pricesFor?.config !== config)
      pricesFor = { config, lookup: createPriceLookup(options.prices(config)) };
    return pricesFor.lookup;
  };
  const masker = createCachedSecretMasker(options.secrets);

  const state = (): ProxyState => (options.url() === undefined ? 'stopped' : paused ? 'paused' : 'running');
  const publishStatus = (): void =>
    hub.publish('serverStatus', { state: state(), ...(options.url() && { url: options.url() }) });

  options.events.on('trace', (trace: TraceRecord) => {
    const summary = summarizeTraceRecord({
      trace,
      prices: priceLookup(),
      mask: masker().maskText,
    });
    metrics.observe(trace, summary);
    hub.publish('traceFinished', summary);
  });
  // Emitted once the pipeline has routed a request; the database gets its row when it ends.
  options.events.on('trace-start', (start: TraceStart) =>
    hub.publish('traceStarted', {
      id: start.id,
      startedAt: start.startedAt,
      inboundProtocol: start.inboundProtocol,
      path: start.path,
      requestedModel: start.requestedModel,
      stream: start.stream,
    }),
  );
  options.events.on('status', publishStatus);
  options.events.on('config-changed', ({ reason }: { reason: string }) =>
    hub.publish('configChanged', { reason, ok: true, problems: [] }),
  );
  options.events.on(
    'config-rejected',
    ({ reason, problems }: { reason: string; problems: ConfigProblem[] }) =>
      hub.publish('configChanged', { reason, ok: false, problems }),
  );

  const loginCodes = createLoginCodes();
  const middleware = createAdminApi({
    logger: options.logger,
    token,
    loginCodes,
    configPath: options.configPath,
    env: options.env,
    config: options.config,
    upstream: options.upstream,
    queries: () => options.store.queries,
    reload: options.reload,
    metrics,
    events: hub,
    status: () => {
      const url = options.url();
      return {
        version: options.version,
        state: state(),
        ...(url && { url }),
        home: options.home,
        configPath: options.configPath,
        startedAt,
        startup: options.startup,
        recorder: options.store.stats(),
      };
    },
    setProxyState(next) {
      if (paused !== (next === 'paused')) {
        paused = next === 'paused';
        options.logger.info({ state: next }, `proxy ${paused ? 'paused' : 'resumed'} from the admin API`);
        publishStatus();
      }
      return state();
    },
  });

  return {
    middleware,
    metrics,
    hub,
    token,
    issueLoginCode: () => loginCodes.issue(),
    async handleProxy(ctx, serve) {
      if (paused)
        throw new ProtocolError(
          'overloaded',
          503,
          'AI Switch is paused: resume the proxy from the dashboard (or POST /api/proxy/start)',
        );
      inflight.add(ctx);
      const leave = (): void => void inflight.delete(ctx);
      ctx.res.once('close', leave);
      try {
        await serve();
      } finally {
        if (ctx.respond !== false || ctx.res.writableEnded) leave();
      }
    },
    close: () => hub.close(),
  };
}
