import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema';
import type { SecretBox } from '../config/secret-box';
import type { CallOutput } from '../contract';
import type { AuditLog } from '../store/audit-log';
import type { StoreQueries } from '../store/types';
import type { TraceSummary } from '../trace/types';
import type { TokenCounter } from '../routing';
import type { UpstreamClient } from '../upstream';

export type ProxyState = CallOutput<'status'>['state'];

/** What the api needs of the engine; the engine implements it, tests can too. */
export interface ApiDeps {
  logger: Logger;
  configPath: string;
  /** The environment `${VAR}` references expand with. */
  env: NodeJS.ProcessEnv;
  /** Opens `enc:v1:` keys and encrypts keys entered through the API; absent: keys stay as typed. */
  secretBox?: SecretBox | undefined;
  /** The config in force. */
  config(): AppConfig;
  /** The config's `${VAR}` references as written, by dotted path (`providers.x.api_key` → `${X_KEY}`). */
  envReferences(): Record<string, string>;
  status(): CallOutput<'status'>;
  /** Re-read the config file; an invalid file keeps the running config. */
  reload(reason: string): Promise<CallOutput<'reload'>>;
  /** Pause or resume the proxy endpoints; the admin API keeps answering either way. */
  setProxyState(state: 'running' | 'paused'): ProxyState;
  queries(): StoreQueries;
  /** Requests in flight, newest first (state `running`). */
  inflightTraces(): TraceSummary[];
  /** The upstream client of the config in force (provider tests go through it). */
  upstream(): UpstreamClient;
  /** The configured provider keys: never in an answer but `providerRevealKey`'s. */
  secrets(): readonly string[];
  /** A fresh one-time dashboard login link; undefined while not listening. */
  loginLink(): string | undefined;
  tokenCounter?: TokenCounter;
  /** The audit log of admin calls and config changes (already redacted). */
  auditLog(): Pick<AuditLog, 'list'>;
  /** Budgets, rate-limit lines, lockouts and rule counts right now. */
  guardrailsStatus(): CallOutput<'guardrailsStatus'>;
  /** Evaluates the semantic cache's embedding model on the labelled pairs and records it. */
  evaluateSemanticCache(): Promise<CallOutput<'cacheEvaluate'>>;
}
