import type { LoginCodes } from './create-login-codes';
import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { isLoopbackHost } from '../address-policy';
import { hostnameOf } from '../refuse-foreign-pages';
import { ApiError } from '../../api/api-error';
import { clientOfUserAgent, type Caller } from '../../api/caller';

export const ADMIN_COOKIE = 'ais_admin';

/**
 * Who may use the admin API: a loopback peer, addressing us by a loopback
 * name (a rebound DNS name is refused), from no browser origin or our own.
 * The token check is separate (`hasAdminToken`) so the login link can run
 * these checks without one.
 */
export function guardAdminOrigin(ctx: Koa.Context): void {
  const peer = ctx.req.socket.remoteAddress ?? '';
  if (!isLoopbackHost(peer)) throw new ApiError(403, 'the admin API answers loopback callers only');
  const host = ctx.get('host');
  if (host === '' || !isLoopbackHost(hostnameOf(host))) {
    throw new ApiError(
      403,
      `the admin API answers only to a loopback Host (localhost, 127.0.0.1, [::1]), not "${host}"`,
    );
  }
  const origin = ctx.get('origin');
  if (origin !== '' && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    throw new ApiError(403, `requests from origin "${origin}" are refused`);
  }
  // Browsers send this even where they omit Origin (a plain GET from another local site).
  const site = ctx.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site')
    throw new ApiError(403, `cross-site requests (${site}) are refused`);
}

function sameToken(candidate: string, token: string): boolean {
  // Hashing first makes the comparison constant-time whatever the lengths.
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

/** The admin token as `Authorization: Bearer …` or the login cookie. */
export function hasAdminToken(ctx: Koa.Context, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'))?.[1];
  if (bearer !== undefined) return sameToken(bearer, token);
  const cookie = ctx.cookies.get(ADMIN_COOKIE);
  return cookie !== undefined && sameToken(cookie, token);
}

/**
 * Who an authenticated admin request is, by the credential it carried (the same order as
 * `hasAdminToken`): a bearer token is the CLI or a script (named by its User-Agent), the cookie a
 * browser session.
 */
export function adminCaller(ctx: Koa.Context): Caller {
  if (/^Bearer\s+\S+\s*$/i.test(ctx.get('authorization'))) {
    const client = clientOfUserAgent(ctx.get('user-agent') || undefined);
    return client === undefined ? { kind: 'admin token' } : { kind: 'admin token', client };
  }
  return { kind: 'dashboard' };
}

/** `GET /api/login?code=…` (a one-time code): the browser gets an HttpOnly SameSite=Strict cookie and the dashboard. */
export function answerLogin(ctx: Koa.Context, token: string, loginCodes: LoginCodes): void {
  const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
  if (!loginCodes.redeem(code))
    throw new ApiError(
      401,
      'this login link was already used, has expired or is wrong; restart `ais serve` (or ask the app) for a fresh one',
    );
  ctx.cookies.set(ADMIN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', overwrite: true });
  ctx.redirect('/');
}
