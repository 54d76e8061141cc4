import type { LoginCodes } from '../server/admin/create-login-codes';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema';
import type { CallOutput } from '../contract';
import type { StoreQueries } from '../store/types';
import type { UpstreamClient } from '../upstream';
import type { AdminEventHub } from '../server/admin/stream-admin-events';

export type ProxyState = CallOutput<'proxyStart'>['state'];

/** What the admin API needs of the engine; the engine implements it, tests can too. */
export interface ApiDeps {
  logger: Logger;
  /** `<home>/admin-token` (see loadAdminToken). */
  token: string;
  /** One-time codes of the browser login link. */
  loginCodes: LoginCodes;
  configPath: string;
  /** The environment `${VAR}` references expand with. */
  env: NodeJS.ProcessEnv;
  /** The config in force. */
  config(): AppConfig;
  status(): CallOutput<'status'>;
  /** Re-read the config file; an invalid file keeps the running config. */
  reload(reason: string): Promise<CallOutput<'reload'>>;
  /** Pause or resume the proxy endpoints; the admin API keeps answering either way. */
  setProxyState(state: 'running' | 'paused'): ProxyState;
  queries(): StoreQueries;
  /** The upstream client of the config in force (provider tests go through it). */
  upstream(): UpstreamClient;
  metrics: { contentType: string; render(): Promise<string> };
  events: AdminEventHub;
}
