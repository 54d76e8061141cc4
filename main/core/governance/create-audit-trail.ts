import type { Logger } from 'pino';
import { currentCall, describeCaller, type Caller } from '../api/caller';
import type { AppConfig } from '../config/schema';
import type { AuditLog } from '../store';
import { diffConfig } from './diff-config';
import { createAuditRedactor } from './redact-for-audit';

/** Calls that change nothing (POST only because they take a body). */
const READ_ONLY_CALLS = new Set(['routeExplain', 'providerTest']);

export interface AuditTrail {
  /** A contract call finished (GET calls and read-only ones are not recorded). */
  call(input: { name: string; method: string; input: unknown; caller?: Caller; error?: unknown }): void;
  /**
   * The config in force changed: who (the contract call's caller when a call made the change, the
   * file watcher, a signal…) and a redacted diff.
   */
  configChanged(input: { reason: string; before: AppConfig; after: AppConfig }): void;
}

/**
 * Writes the audit log: every change made through the contract (admin HTTP,
 * the app, the CLI) and every config change that took effect, redacted
 * before it reaches the store. A failed write is logged, never thrown: the
 * change already happened.
 */
export function createAuditTrail(options: {
  log: () => AuditLog;
  config: () => AppConfig;
  secrets: () => readonly string[];
  logger: Logger;
}): AuditTrail {
  // Every route key seen while running, so a deleted route's key is still hidden in the call that deleted it.
  const routeLabels = new Map<string, string | undefined>();
  const redactorFor = (...configs: AppConfig[]) => {
    for (const config of configs)
      for (const [key, route] of Object.entries(config.routes)) {
        if (!routeLabels.has(key) && routeLabels.size >= 10_000) routeLabels.clear();
        routeLabels.set(key, route.label);
      }
    return createAuditRedactor({ secrets: options.secrets(), routeLabels });
  };
  redactorFor(options.config());
  const append = (entry: Parameters<AuditLog['append']>[0]): void => {
    try {
      options.log().append(entry);
    } catch (error) {
      options.logger.error({ err: error, action: entry.action }, 'could not write the audit log');
    }
  };

  return {
    call({ name, method, input, caller, error }) {
      if (method === 'GET' || READ_ONLY_CALLS.has(name)) return;
      const redact = redactorFor(options.config());
      const message =
        error === undefined ? undefined : String(redact.value((error as Error)?.message ?? String(error)));
      append({
        at: Date.now(),
        actor: String(redact.value(describeCaller(caller))),
        action: name,
        summary: message === undefined ? `${name} done` : `${name} failed: ${message}`,
        ok: error === undefined,
        detail: { input: redact.value(input) },
      });
    },
    configChanged({ reason, before, after }) {
      const redact = redactorFor(before, after);
      // Diffed raw (a rotated key is a change), redacted entry by entry.
      const changes = diffConfig(before, after).map((change) => ({
        path: redact.path(change.path),
        ...('before' in change ? { before: redact.leaf(change.path, change.before) } : {}),
        ...('after' in change ? { after: redact.leaf(change.path, change.after) } : {}),
      }));
      if (changes.length === 0) return;
      append({
        at: Date.now(),
        actor: actorOfReload(reason, redact.value),
        action: 'config change',
        summary: `${changes.length} change(s): ${changes
          .slice(0, 5)
          .map((change) => change.path)
          .join(', ')}${changes.length > 5 ? ', …' : ''}`,
        ok: true,
        detail: { reason: String(redact.value(reason)), changes },
      });
    },
  };
}

/** Who a reload is: the call it ran inside (whatever its reason says), else the watcher or the reason. */
function actorOfReload(reason: string, redact: (value: unknown) => unknown): string {
  const call = currentCall();
  if (call !== undefined) return String(redact(describeCaller(call.caller)));
  if (reason === 'file changed') return 'config file';
  return String(redact(reason));
}
