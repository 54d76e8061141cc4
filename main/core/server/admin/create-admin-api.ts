import { Router } from '@koa/router';
import type Koa from 'koa';
import type { z } from 'zod';
import { contract, type ContractCall, type ContractHandlers, type FieldProblem } from '../../contract';
import { providerSecrets } from '../../config/provider-secrets';
import { ProtocolError } from '../../protocols/canonical';
import { createSecretMasker } from '../../trace/redact-secrets';
import { readBody } from '../../proxy/read-body';
import type { ApiDeps } from '../../api/api-deps';
import { ApiError } from '../../api/api-error';
import { createApiHandlers } from '../../api/create-api-handlers';
import { answerLogin, guardAdminOrigin, hasAdminToken } from './guard-admin-request';

/** Admin bodies are small config objects; anything bigger is a mistake. */
const ADMIN_BODY_LIMIT_BYTES = 1024 * 1024;

/** The only call whose answer may carry a key in full. */
const REVEALING_CALLS: ReadonlySet<ContractCall> = new Set(['providerRevealKey']);

/**
 * The admin API over HTTP: every contract call at its method and path under
 * /api/, the events at GET /api/events (SSE), and GET /metrics. Loopback only,
 * admin token required, input validated by the call's schema (400 with
 * field-level errors), keys masked in every answer. Never sends CORS headers.
 */
export function createAdminApi(
  deps: ApiDeps,
  handlers: ContractHandlers = createApiHandlers(deps),
): Koa.Middleware {
  const router = new Router();
  for (const name of Object.keys(contract.calls) as ContractCall[]) {
    const { method, path } = contract.calls[name];
    router.register(path, [method], async (ctx: Koa.Context) => {
      const input = await readInput(ctx, method);
      const parsed = contract.calls[name].input.safeParse(input);
      if (!parsed.success)
        throw new ApiError(400, `invalid input for ${name}`, fieldProblems(parsed.error));
      const invoke = handlers[name] as (value: unknown) => unknown;
      const output = await invoke(parsed.data);
      sendJson(ctx, output, !REVEALING_CALLS.has(name));
    });
  }
  router.get('/api/events', (ctx: Koa.Context) => {
    ctx.respond = false;
    deps.events.attach(ctx.res);
  });
  const routes = router.routes();

  const sendJson = (ctx: Koa.Context, value: unknown, mask: boolean): void => {
    const text = JSON.stringify(value ?? null);
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = mask ? createSecretMasker(providerSecrets(deps.config())).maskText(text) : text;
  };

  return async function adminApiMiddleware(ctx, next) {
    const isApi = ctx.path === '/api' || ctx.path.startsWith('/api/');
    if (!isApi && ctx.path !== '/metrics') return next();
    ctx.set('cache-control', 'no-store');
    ctx.set('x-content-type-options', 'nosniff');
    try {
      guardAdminOrigin(ctx);
      if (ctx.path === '/api/login' && ctx.method === 'GET')
        return answerLogin(ctx, deps.token, deps.loginCodes);
      if (!hasAdminToken(ctx, deps.token)) {
        ctx.set('www-authenticate', 'Bearer realm="ai-switch-admin"');
        throw new ApiError(
          401,
          'the admin API needs the admin token (Authorization: Bearer <token> from <home>/admin-token, or the login link)',
        );
      }
      if (ctx.path === '/metrics') {
        if (ctx.method !== 'GET') throw new ApiError(405, 'use GET /metrics');
        ctx.type = deps.metrics.contentType;
        ctx.body = await deps.metrics.render();
        return;
      }
      await routes(ctx as Parameters<typeof routes>[0], async () => {
        throw new ApiError(404, `the admin API has no ${ctx.method} ${ctx.path}`);
      });
    } catch (error) {
      answerError(ctx, error, deps);
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

function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function answerError(ctx: Koa.Context, error: unknown, deps: ApiDeps): void {
  let status = 500;
  let message: string;
  let fields: FieldProblem[] = [];
  if (error instanceof ApiError) {
    ({ status, message, fields } = error);
  } else if (error instanceof ProtocolError) {
    status = error.error.status;
    message = error.error.message;
  } else {
    deps.logger.error({ err: error, path: ctx.path }, 'admin API: unexpected error');
    message = `AI Switch internal error: ${(error as Error)?.message ?? String(error)}`;
  }
  if (ctx.headerSent || ctx.respond === false) {
    ctx.res.destroy();
    return;
  }
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  const body = JSON.stringify({ error: { message, ...(fields.length > 0 && { fields }) } });
  ctx.body = createSecretMasker(providerSecrets(deps.config())).maskText(body);
}
