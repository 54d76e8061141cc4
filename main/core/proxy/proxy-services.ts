import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema';
import type { Governance } from '../governance/create-governance';
import type { TokenCounter } from '../routing';
import type { TraceDraft } from '../trace/trace-draft';
import type { TraceRecord } from '../trace/types';
import type { KeyPool, SessionAffinity, UpstreamClient } from '../upstream';
import type { LargeBodyGate } from './large-body-gate';

/**
 * What one request needs of the config in force. The engine swaps the whole
 * snapshot on reload; a request keeps the one it started with.
 */
export interface ProxyRuntime {
  config: AppConfig;
  configPath?: string;
  keyPool: KeyPool;
  upstream: UpstreamClient;
}

export interface ProxyServices {
  runtime(): ProxyRuntime;
  affinity: SessionAffinity;
  tokenCounter: TokenCounter;
  logger: Logger;
  /** A routed request has started: live views follow it from here. */
  traceStarted(trace: TraceDraft): void;
  /** Finished requests go here (the store's recorder); only enqueues. */
  record(trace: TraceRecord): void;
  /** Bytes of each body kept for the trace (0 = none). */
  captureLimit(): number;
  /** Admission of request bodies by size (process-wide, across reloads). */
  bodyGate: LargeBodyGate;
  /** Guardrails: interception, budgets, rate limits (`guardrails:` in the config). */
  governance: Governance;
}
