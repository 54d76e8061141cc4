import { Router } from '@koa/router';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { Api } from '../../api/create-api';
import { ApiError } from '../../api/api-error';
import { contract, type ContractCall, type FieldProblem } from '../../contract';
import { ProtocolError } from '../../protocols/canonical';
import { readBody } from '../../proxy/read-body';
import type { LoginCodes } from './create-login-codes';
import { adminCaller, answerLogin, guardAdminOrigin, hasAdminToken } from './guard-admin-request';
import type { AdminEventHub } from './stream-admin-events';

/** Admin bodies are small config objects; anything bigger is a mistake. */
const ADMIN_BODY_LIMIT_BYTES = 1024 * 1024;

export interface AdminHttpOptions {
  api: Api;
  logger: Logger;
  /** `<home>/admin-token` (see loadAdminToken). */
  token: string;
  /** One-time codes of the browser login link. */
  loginCodes: LoginCodes;
  metrics: { contentType: string; render(): Promise<string> };
  events: AdminEventHub;
}

/**
 * The contract over HTTP: every call at its method and path under /api/
 * (input from the path, the body and the query string, handed to
 * `api.invoke`, which validates and masks), the events at GET /api/events
 * (SSE), and GET /metrics. Loopback only, admin token required. Never sends
 * CORS headers. No logic of its own: IPC is the same loop.
 */
export function createAdminApi(options: AdminHttpOptions): Koa.Middleware {
  const { api } = options;
  const router = new Router();
  for (const name of Object.keys(contract.calls) as ContractCall[]) {
    const { method, path } = contract.calls[name];
    router.register(path, [method], async (ctx: Koa.Context) => {
      const output = await api.invoke(name, await readInput(ctx, method), adminCaller(ctx));
      ctx.type = 'application/json; charset=utf-8';
      ctx.body = JSON.stringify(output ?? null);
    });
  }
  router.get('/api/events', (ctx: Koa.Context) => {
    ctx.respond = false;
    options.events.attach(ctx.res);
  });
  const routes = router.routes();

  return async function adminApiMiddleware(ctx, next) {
    const isApi = ctx.path === '/api' || ctx.path.startsWith('/api/');
    if (!isApi && ctx.path !== '/metrics') return next();
    ctx.set('cache-control', 'no-store');
    ctx.set('x-content-type-options', 'nosniff');
    try {
      guardAdminOrigin(ctx);
      if (ctx.path === '/api/login' && ctx.method === 'GET')
        return answerLogin(ctx, options.token, options.loginCodes);
      if (!hasAdminToken(ctx, options.token)) {
        ctx.set('www-authenticate', 'Bearer realm="ai-switch-admin"');
        throw new ApiError(
          401,
          'the admin API needs the admin token (Authorization: Bearer <token> from <home>/admin-token, or the login link)',
        );
      }
      if (ctx.path === '/metrics') {
        if (ctx.method !== 'GET') throw new ApiError(405, 'use GET /metrics');
        ctx.type = options.metrics.contentType;
        ctx.body = await options.metrics.render();
        return;
      }
      await routes(ctx as Parameters<typeof routes>[0], async () => {
        throw new ApiError(404, `the admin API has no ${ctx.method} ${ctx.path}`);
      });
    } catch (error) {
      answerError(ctx, error, options);
    }
  };
}

/** Path parameters win over the body, the body over the query string. */
async function readInput(ctx: Koa.Context, method: string): Promise<Record<string, unknown>> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx.query))
    query[key] = Array.isArray(value) ? value.at(-1) : value;
  let body: Record<string, unknown> = {};
  if (method !== 'GET') {
    const raw = await readBody(ctx.req, ADMIN_BODY_LIMIT_BYTES);
    if (raw.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        throw new ApiError(400, `the body is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new ApiError(400, 'the body must be a JSON object');
      body = parsed as Record<string, unknown>;
    }
  }
  const params = (ctx as Koa.Context & { params?: Record<string, string> }).params ?? {};
  return { ...query, ...body, ...params };
}

function answerError(ctx: Koa.Context, error: unknown, options: AdminHttpOptions): void {
  let status = 500;
  let message: string;
  let fields: FieldProblem[] = [];
  if (error instanceof ApiError) {
    ({ status, message, fields } = error);
  } else if (error instanceof ProtocolError) {
    status = error.error.status;
    message = error.error.message;
  } else {
    options.logger.error({ err: error, path: ctx.path }, 'admin API: unexpected error');
    message = `AI Switch internal error: ${(error as Error)?.message ?? String(error)}`;
  }
  if (ctx.headerSent || ctx.respond === false) {
    ctx.res.destroy();
    return;
  }
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  const body = JSON.stringify({ error: { message, ...(fields.length > 0 && { fields }) } });
  ctx.body = options.api.mask(body);
}
