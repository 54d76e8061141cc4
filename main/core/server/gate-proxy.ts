import type Koa from 'koa';
import { ProtocolError } from '../protocols/canonical';

/**
 * Proxy requests while the engine is paused get a 503 in the client's
 * protocol (the endpoint is matched before this runs); the admin API and the
 * dashboard, mounted earlier, keep answering.
 */
export function refuseWhilePaused(isPaused: () => boolean): Koa.Middleware {
  return async function refuseWhilePausedMiddleware(_ctx, next) {
    if (isPaused())
      throw new ProtocolError(
        'overloaded',
        503,
        'AI Switch is paused: resume the proxy from the dashboard or the tray (or POST /api/proxy/start)',
      );
    await next();
  };
}

export interface ProxyExchangeCounter {
  middleware: Koa.Middleware;
  /** Proxy requests being served, streams included. */
  activeRequests(): number;
  /** Of those, the ones streaming (the pipeline took the socket over). */
  activeStreams(): number;
}

/** Counts proxy requests in flight for the metrics; a streamed one counts until its socket is done. */
export function countProxyExchanges(): ProxyExchangeCounter {
  const inflight = new Set<Koa.Context>();
  return {
    async middleware(ctx, next) {
      inflight.add(ctx);
      const leave = (): void => void inflight.delete(ctx);
      ctx.res.once('close', leave);
      try {
        await next();
      } finally {
        if (ctx.respond !== false || ctx.res.writableEnded) leave();
      }
    },
    activeRequests: () => inflight.size,
    activeStreams: () => [...inflight].filter((ctx) => ctx.respond === false).length,
  };
}
