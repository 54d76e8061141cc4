import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_USER_AGENT } from '../../core/api/caller';
import type { CallInput, CallOutput } from '../../core/contract';
import { ADMIN_TOKEN_FILE } from '../../core/server/admin/load-admin-token';

/** A failed admin call: the engine's own message when it sent one. */
export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** The admin calls the CLI makes, over HTTP with the admin token of `<home>/admin-token`. */
export interface AdminClient {
  status(): Promise<CallOutput<'status'>>;
  usageStats(input: CallInput<'usageStats'>): Promise<CallOutput<'usageStats'>>;
  providerTest(input: CallInput<'providerTest'>): Promise<CallOutput<'providerTest'>>;
  routeExplain(input: CallInput<'routeExplain'>): Promise<CallOutput<'routeExplain'>>;
  loginLink(): Promise<CallOutput<'loginLink'>>;
  cacheEvaluate(): Promise<CallOutput<'cacheEvaluate'>>;
}

export type RouteExplainInput = CallInput<'routeExplain'>;

export function readAdminToken(home: string): string {
  const file = path.join(home, ADMIN_TOKEN_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new AdminCallError(0, `cannot read the admin token ${file}: ${(error as Error).message}`);
  }
}

export function createAdminClient(options: { url: string; token: string }): AdminClient {
  const request = async <Output>(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    timeoutMs = 60_000,
  ): Promise<Output> => {
    const url = new URL(route, options.url);
    if (method === 'GET' && body !== undefined) {
      for (const [name, value] of Object.entries(body as Record<string, unknown>))
        if (value !== undefined) url.searchParams.set(name, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          // Names the CLI in the engine's audit log.
          'user-agent': CLI_USER_AGENT,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AdminCallError(0, `${method} ${url.pathname} failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok)
      throw new AdminCallError(response.status, describeFailure(response.status, route, text));
    return JSON.parse(text) as Output;
  };
  return {
    status: () => request('GET', '/api/status'),
    usageStats: (input) => request('GET', '/api/usage', input),
    providerTest: ({ id, ...rest }) => request('POST', `/api/providers/${encodeURIComponent(id)}/test`, rest),
    routeExplain: (input) => request('POST', '/api/explain', input),
    loginLink: () => request('POST', '/api/login-link', {}),
    // A few batches of embeddings, each allowed 30 s by the engine.
    cacheEvaluate: () => request('POST', '/api/guardrails/cache/evaluate', {}, 300_000),
  };
}

function describeFailure(status: number, route: string, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (message) return message;
  } catch {
    // Not JSON: fall through to the status.
  }
  if (status === 404) return `this AI Switch has no ${route} (is it older than this ais?)`;
  return `${route} answered ${status}`;
}
