import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who made a contract call, as the audit log names them. Set by the
 * transport that received the call; never holds a secret.
 */
export type Caller =
  /** A browser signed in through the login link (the session cookie). */
  | { kind: 'dashboard' }
  /** The desktop app in this process: its window over IPC, its tray. */
  | { kind: 'desktop app' }
  /** `Authorization: Bearer <admin token>`: the `ais` CLI, the app attached to `ais serve`, a script. */
  | { kind: 'admin token'; client?: string };

/** The User-Agent the `ais` CLI sends to the admin API. */
export const CLI_USER_AGENT = 'ais-cli';
/** The User-Agent the desktop app sends when it attaches to an `ais serve` over HTTP. */
export const DESKTOP_USER_AGENT = 'ai-switch-desktop';

/** The audit log's `actor` for a call; `in process` when no transport said who (tests, embedding). */
export function describeCaller(caller: Caller | undefined): string {
  if (caller === undefined) return 'in process';
  if (caller.kind === 'dashboard') return 'dashboard (browser session)';
  if (caller.kind === 'desktop app') return 'desktop app';
  if (caller.client === undefined) return 'admin token';
  if (caller.client === CLI_USER_AGENT) return 'CLI (admin token)';
  if (caller.client === DESKTOP_USER_AGENT) return 'desktop app (admin token)';
  return `admin token (${caller.client})`;
}

/**
 * The product a User-Agent names (`curl/8.5.0` → `curl/8.5.0`, `ais-cli/1.2.0` → `ais-cli`), in a
 * safe alphabet and bounded, so a header cannot write arbitrary text into the audit log.
 */
export function clientOfUserAgent(userAgent: string | undefined): string | undefined {
  const product = userAgent?.trim().split(/\s+/)[0];
  if (!product) return undefined;
  const name = product.split('/')[0]!.toLowerCase();
  if (name === CLI_USER_AGENT || name === DESKTOP_USER_AGENT) return name;
  const safe = product.replace(/[^\w.\-/]/g, '').slice(0, 40);
  return safe === '' ? undefined : safe;
}

// The caller rides the call's async context rather than every handler's arguments, so a handler that
// saves the config and reloads it (any handler, present or future) has its config-change row
// attributed to the same caller as the call itself.
const callContext = new AsyncLocalStorage<{ caller: Caller | undefined }>();

/** Runs `work` as a contract call made by `caller`. */
export function runAsCaller<Result>(caller: Caller | undefined, work: () => Result): Result {
  return callContext.run({ caller }, work);
}

/** The contract call this code runs inside (its caller may be unknown), or undefined outside any call. */
export function currentCall(): { caller: Caller | undefined } | undefined {
  return callContext.getStore();
}
