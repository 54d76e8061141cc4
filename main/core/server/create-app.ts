import Koa from 'koa';
import type { Logger } from 'pino';
import { ProtocolError } from '../protocols/canonical';
import type { AddressPolicy } from './address-policy';
import { matchProxyEndpoint, type ProxyEndpoint } from '../proxy/match-endpoint';
import { refuseWhilePaused } from './gate-proxy';
import { renderError, type ErrorRenderer } from './render-error';

export interface AppDeps {
  version: string;
  logger: Logger;
  /** The address policy of the config in force (it changes on reload). */
  addressPolicy(): AddressPolicy;
  /** Serves one proxy endpoint (protocol conversion, routing, upstream). */
  handleProxy(ctx: Koa.Context, endpoint: ProxyEndpoint): Promise<void>;
  /** Proxy endpoints answer 503 while this is true (the engine is paused). */
  isPaused(): boolean;
  /** Counts proxy requests in flight (metrics). */
  proxyExchanges: Koa.Middleware;
  /** Protocol-shaped error bodies. */
  errorRenderer: ErrorRenderer;
  /** Counts requests in flight, so shutdown can wait for them. */
  inflight: { enter(): void; leave(): void };
  /** Extra routes mounted under /api (the admin API); optional. */
  adminApi?: Koa.Middleware;
  /** The built dashboard for browsers at / (serve-dashboard.ts); optional. */
  dashboard?: Koa.Middleware;
}

/** The Koa app. The middleware order is this list, error handling first. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.use(handleErrors(deps));
  app.use(trackInflight(deps));
  app.use(guardAddress(deps));
  if (deps.dashboard) app.use(deps.dashboard);
  app.use(serveHealth(deps));
  if (deps.adminApi) app.use(deps.adminApi);
  app.use(matchProxy());
  app.use(refuseWhilePaused(deps.isPaused));
  app.use(deps.proxyExchanges);
  app.use(serveProxy(deps));
  return app;
}

function handleErrors(deps: AppDeps): Koa.Middleware {
  return async function handleErrorsMiddleware(ctx, next) {
    try {
      await next();
    } catch (error) {
      renderError(ctx, error, deps.errorRenderer, deps.logger);
    }
  };
}

function trackInflight(deps: AppDeps): Koa.Middleware {
  return async function trackInflightMiddleware(ctx, next) {
    deps.inflight.enter();
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      deps.inflight.leave();
    };
    // A streamed response outlives `next()`: count it until the socket is done.
    ctx.res.once('close', leave);
    try {
      await next();
    } finally {
      if (ctx.respond !== false) leave();
    }
  };
}

function guardAddress(deps: AppDeps): Koa.Middleware {
  return async function guardAddressMiddleware(ctx, next) {
    const policy = deps.addressPolicy();
    if (policy.enforced) {
      const ip = policy.clientIp(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined);
      if (!policy.isAllowed(ip)) {
        deps.logger.warn({ ip, path: ctx.path }, 'refused a caller outside server.allowed_ips');
        // Answer in the caller's protocol so its SDK can show the reason.
        ctx.state.protocol = matchProxyEndpoint(ctx.method, ctx.path, ctx.query, ctx.headers)?.protocol;
        throw new ProtocolError('permission', 403, `address ${ip} is not in server.allowed_ips of AI Switch`);
      }
    }
    await next();
  };
}

function serveHealth(deps: AppDeps): Koa.Middleware {
  return async function serveHealthMiddleware(ctx, next) {
    if (ctx.path === '/health' && ctx.method === 'GET') {
      ctx.body = { status: 'ok', version: deps.version };
      return;
    }
    // Claude Code probes its base URL with HEAD before the first request.
    if (ctx.path === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      ctx.status = 200;
      ctx.body = ctx.method === 'HEAD' ? '' : { name: 'AI Switch', version: deps.version, status: 'ok' };
      return;
    }
    await next();
  };
}

/** Finds the proxy endpoint (404 when there is none); errors from here on speak its protocol. */
function matchProxy(): Koa.Middleware {
  return async function matchProxyMiddleware(ctx, next) {
    const endpoint = matchProxyEndpoint(ctx.method, ctx.path, ctx.query, ctx.headers);
    if (!endpoint) {
      ctx.status = 404;
      ctx.body = {
        error: {
          type: 'not_found_error',
          message: `AI Switch has no endpoint ${ctx.method} ${ctx.path}; use /v1/messages, /v1/chat/completions, /v1/responses or /v1beta/models/{model}:generateContent`,
        },
      };
      return;
    }
    ctx.state.protocol = endpoint.protocol;
    ctx.state.endpoint = endpoint;
    await next();
  };
}

function serveProxy(deps: AppDeps): Koa.Middleware {
  return async function serveProxyMiddleware(ctx) {
    await deps.handleProxy(ctx, ctx.state.endpoint as ProxyEndpoint);
  };
}
