import type Koa from 'koa';
import type { Logger } from 'pino';
import type { Api } from '../../api/create-api';
import type { EngineEvents } from '../../api/create-engine-events';
import { contract, type ContractEvent, type EventPayload } from '../../contract';
import { createAdminApi } from './create-admin-api';
import { createLoginCodes } from './create-login-codes';
import { loadAdminToken } from './load-admin-token';
import { createAdminEventHub, type AdminEventHub } from './stream-admin-events';

export interface AdminLayer {
  middleware: Koa.Middleware;
  hub: AdminEventHub;
  token: string;
  /** A one-time code for the browser login link (`adminLoginUrl`). */
  issueLoginCode(): string;
  /** Ends the event streams so shutdown is not held by them. */
  close(): void;
}

/** The contract over HTTP for one engine: token, login codes, the calls, and every event over SSE. */
export function createAdminLayer(options: {
  home: string;
  logger: Logger;
  api: Api;
  events: EngineEvents;
  metrics: { contentType: string; render(): Promise<string> };
}): AdminLayer {
  const token = loadAdminToken(options.home);
  // Subscribed only while a client listens: producers skip building events nobody reads.
  let unsubscribe: (() => void)[] = [];
  const hub = createAdminEventHub({
    onActiveChange(active) {
      for (const stop of unsubscribe) stop();
      unsubscribe = active
        ? (Object.keys(contract.events) as ContractEvent[]).map((name) =>
            options.events.on(name, (payload: EventPayload<typeof name>) => hub.publish(name, payload)),
          )
        : [];
    },
  });
  const loginCodes = createLoginCodes();
  const middleware = createAdminApi({
    api: options.api,
    logger: options.logger,
    token,
    loginCodes,
    metrics: options.metrics,
    events: hub,
  });
  return {
    middleware,
    hub,
    token,
    issueLoginCode: () => loginCodes.issue(),
    close: () => hub.close(),
  };
}
