import type Koa from 'koa';
import { LockedOutError, type Lockout } from '../governance/create-lockout';
import { ProtocolError } from '../protocols/canonical';
import type { ProxyEndpoint } from '../proxy/match-endpoint';

type AddressOf = (ctx: Koa.Context) => string;

/** The proxy handler with route-key guessing counted and, past the limit, refused in the client's protocol. */
export function lockOutProxy(
  lockout: Lockout,
  addressOf: AddressOf,
  handle: (ctx: Koa.Context, endpoint: ProxyEndpoint) => Promise<void>,
): (ctx: Koa.Context, endpoint: ProxyEndpoint) => Promise<void> {
  return async (ctx, endpoint) => {
    const address = addressOf(ctx);
    try {
      const slowed = lockout.admit(address);
      if (slowed) await slowed;
    } catch (error) {
      if (!(error instanceof LockedOutError)) throw error;
      const refusal = new ProtocolError('rate_limit', 429, error.message);
      refusal.error.retryAfter = error.retryAfter;
      throw refusal;
    }
    try {
      await handle(ctx, endpoint);
    } catch (error) {
      if (error instanceof ProtocolError && error.error.kind === 'authentication')
        lockout.record(address, 'route key', true);
      throw error;
    }
    lockout.record(address, 'route key', false);
  };
}

/** The admin API with wrong admin tokens and login codes counted; a blocked address gets a 429. */
export function lockOutAdmin(lockout: Lockout, addressOf: AddressOf, admin: Koa.Middleware): Koa.Middleware {
  return async function lockOutAdminMiddleware(ctx, next) {
    const isAdmin = ctx.path === '/api' || ctx.path.startsWith('/api/') || ctx.path === '/metrics';
    if (!isAdmin) return admin(ctx, next);
    const address = addressOf(ctx);
    try {
      const slowed = lockout.admit(address);
      if (slowed) await slowed;
    } catch (error) {
      if (!(error instanceof LockedOutError)) throw error;
      ctx.status = 429;
      ctx.set('retry-after', String(error.retryAfter));
      ctx.type = 'application/json; charset=utf-8';
      ctx.body = JSON.stringify({ error: { message: error.message } });
      return;
    }
    await admin(ctx, next);
    const kind = ctx.path === '/api/login' ? 'login code' : 'admin token';
    if (ctx.status === 401) lockout.record(address, kind, true);
    else if (ctx.status < 400) lockout.record(address, kind, false);
  };
}
