import { getHeapStatistics } from 'node:v8';
import { ProtocolError } from '../protocols/canonical';

/** Bodies from this size on may have to wait for room; smaller ones are only counted. */
export const LARGE_BODY_BYTES = 1024 * 1024;

/** Seconds a refused client is told to wait (Retry-After); SDKs retry a 503 on their own. */
const RETRY_AFTER_S = 5;

/**
 * Room for request bodies in flight at once, by default an eighth of the
 * process's heap limit (~194 MB under `ais`'s 1.5 GB). Converting a body holds
 * up to ~6 bytes of heap per byte of it — the text, its parsed values and the
 * re-encoded body, each in UTF-16 once any character is beyond Latin-1 — plus
 * the raw bytes outside the heap: one 60 MB Anthropic → Chat request peaked at
 * ~490 MB RSS, and six at once ran the 1.5 GB heap out of memory (the process
 * died with every request in it).
 */
export function defaultLargeBodyBudgetBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 8);
}

export interface LargeBodyLimits {
  budgetBytes: number;
  maxWaitMs: number;
}

export interface LargeBodyGate {
  /**
   * Admits a body of `bytes` if it fits: small bodies always, a large one when
   * the bodies in flight leave room for it, nobody is queued before it, or it
   * would be the only large one. Returns the release to call when its request
   * is done; undefined = wait with `waitFor`.
   */
  tryAdmit(bytes: number): (() => void) | undefined;
  /**
   * Waits its turn (first come, first served) up to `maxWaitMs`, then rejects
   * with a 503 `overloaded` ProtocolError; an aborted signal rejects at once.
   */
  waitFor(bytes: number, signal?: AbortSignal): Promise<() => void>;
  /** Body bytes of the requests in flight, and how many large ones wait. */
  stats(): { heldBytes: number; waiting: number };
}

interface Waiter {
  bytes: number;
  admit(): void;
}

/**
 * Admission for request bodies by size, so that a few huge requests arriving
 * together queue for memory instead of exhausting the heap. The limits are
 * read on every decision (they follow config reloads).
 */
export function createLargeBodyGate(limits: () => LargeBodyLimits): LargeBodyGate {
  let heldBytes = 0;
  let largeInFlight = 0;
  const queue: Waiter[] = [];

  const fits = (bytes: number): boolean => largeInFlight === 0 || heldBytes + bytes <= limits().budgetBytes;

  const hold = (bytes: number): (() => void) => {
    const large = bytes >= LARGE_BODY_BYTES;
    heldBytes += bytes;
    if (large) largeInFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldBytes -= bytes;
      if (large) largeInFlight -= 1;
      admitQueued();
    };
  };

  const admitQueued = (): void => {
    while (queue.length > 0 && fits(queue[0]!.bytes)) queue.shift()!.admit();
  };

  const tryAdmit = (bytes: number): (() => void) | undefined => {
    if (bytes < LARGE_BODY_BYTES || (queue.length === 0 && fits(bytes))) return hold(bytes);
    return undefined;
  };

  const waitFor = (bytes: number, signal?: AbortSignal): Promise<() => void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const { budgetBytes, maxWaitMs } = limits();
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const leave = (): void => {
        settle();
        queue.splice(queue.indexOf(waiter), 1);
        // The head leaving may let the next one in.
        admitQueued();
      };
      const waiter: Waiter = {
        bytes,
        admit: () => {
          settle();
          resolve(hold(bytes));
        },
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        leave();
        reject(refusal(bytes, heldBytes, budgetBytes, maxWaitMs));
      }, maxWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });

  return { tryAdmit, waitFor, stats: () => ({ heldBytes, waiting: queue.length }) };
}

function refusal(bytes: number, heldBytes: number, budgetBytes: number, waitedMs: number): ProtocolError {
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
  const error = new ProtocolError(
    'overloaded',
    503,
    `AI Switch is busy with ${mb(heldBytes)} of large request bodies (budget ${mb(budgetBytes)}, ` +
      `server.large_bodies.budget_mb); this ${mb(bytes)} request waited ${Math.round(waitedMs / 1000)} s ` +
      'for room. Retry shortly, or raise the budget together with node --max-old-space-size.',
  );
  error.error.retryAfter = RETRY_AFTER_S;
  return error;
}
