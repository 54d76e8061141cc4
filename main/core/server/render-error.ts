import type Koa from 'koa';
import type { Logger } from 'pino';
import { ProtocolError } from '../protocols/canonical';
import type { CanonicalError, ProtocolName } from '../protocols/canonical';

/** Turns a canonical error into the body a client of `protocol` expects. */
export type ErrorRenderer = (protocol: ProtocolName | undefined, error: CanonicalError) => unknown;

/** Answer a failed request in the client's protocol, unless the response already started. */
export function renderError(ctx: Koa.Context, thrown: unknown, render: ErrorRenderer, logger: Logger): void {
  const protocol = ctx.state.protocol as ProtocolName | undefined;
  let error: CanonicalError;
  if (thrown instanceof ProtocolError) {
    error = thrown.error;
  } else {
    logger.error({ err: thrown, path: ctx.path }, 'unexpected error while serving a request');
    error = {
      kind: 'api_error',
      status: 500,
      message: `AI Switch internal error: ${(thrown as Error)?.message ?? String(thrown)}`,
    };
  }
  if (ctx.headerSent || !ctx.writable) {
    ctx.res.destroy();
    return;
  }
  ctx.status = error.status;
  if (error.retryAfter !== undefined) ctx.set('retry-after', String(Math.ceil(error.retryAfter)));
  ctx.body = render(protocol, error);
}
