import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * One client exchange as the pipeline sees it: the Node request and response
 * plus a buffered answer (`status`, `type`, `body`) that the edge sends once
 * the pipeline returns. Koa's context has this shape, so the server passes it
 * as is; nothing in core/proxy imports Koa. A stage that writes to `res`
 * itself (a stream) sets `respond = false` first.
 */
export interface ProxyExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  respond?: boolean;
  set(name: string, value: string): void;
  get(name: string): string;
}
