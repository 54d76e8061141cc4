import { isIP } from 'node:net';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { ProtocolError } from '../protocols/canonical';
import { isLoopbackHost } from './address-policy';

/*
 * A proxy on 127.0.0.1 is reachable from every page the user's browser opens:
 * a `text/plain` POST needs no CORS preflight, and a DNS name rebound to
 * 127.0.0.1 makes the page same-origin with us. So the proxy endpoints refuse
 * what only a browser sends — an Origin or `Sec-Fetch-Site: cross-site` —
 * unless the origin is allow-listed, and a Host that is not a loopback name,
 * an IP literal (rebinding needs a DNS name) or one of the configured names.
 */

export interface BrowserPolicy {
  /** Why a request with these headers is refused, or undefined when it may proceed. */
  refusal(headers: { host: string; origin: string; fetchSite: string }): string | undefined;
}

/** `localhost:12345` → `localhost`, `[::1]:80` → `::1`. */
export function hostnameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0] ?? '';
}

export function createBrowserPolicy(options: {
  listenHost: string;
  hostNames: readonly string[];
  allowedOrigins: readonly string[];
}): BrowserPolicy {
  const names = new Set([options.listenHost, ...options.hostNames].map((name) => name.toLowerCase()));
  const origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
  const knownHost = (host: string): boolean => {
    const name = hostnameOf(host);
    return isLoopbackHost(name) || isIP(name) !== 0 || names.has(name);
  };
  return {
    refusal({ host, origin, fetchSite }) {
      if (host !== '' && !knownHost(host))
        return `AI Switch answers to loopback names, IP addresses and server.host_names only, not Host "${host}" (a DNS name pointed at this machine by a web page?)`;
      const allowed = origins.has(origin.toLowerCase());
      // The proxy's own pages (same scheme, host and port) may call it.
      const ownPage = origin.toLowerCase() === `http://${host.toLowerCase()}`;
      if (origin !== '' && !allowed && !ownPage)
        return `AI Switch refuses requests from web page ${origin}; add it to server.allowed_origins to allow it`;
      if ((fetchSite === 'cross-site' || fetchSite === 'same-site') && !allowed)
        return `AI Switch refuses ${fetchSite} browser requests; add the page's origin to server.allowed_origins to allow it`;
      return undefined;
    },
  };
}

/** Refuses a web page's request to a proxy endpoint with a 403 in the endpoint's protocol. */
export function refuseForeignPages(deps: { browserPolicy(): BrowserPolicy; logger: Logger }): Koa.Middleware {
  return async function refuseForeignPagesMiddleware(ctx, next) {
    const headers = {
      host: ctx.get('host'),
      origin: ctx.get('origin'),
      fetchSite: ctx.get('sec-fetch-site'),
    };
    const reason = deps.browserPolicy().refusal(headers);
    if (reason !== undefined) {
      deps.logger.warn({ ...headers, path: ctx.path }, `refused a browser request: ${reason}`);
      throw new ProtocolError('permission', 403, reason);
    }
    await next();
  };
}
