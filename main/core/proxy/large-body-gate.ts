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
  /**
   * A reservation that grows with the bytes as they arrive, so a client that
   * declares a huge Content-Length and sends little holds only what it sent.
   */
  reserve(): BodyReservation;
  /** Body bytes of the requests in flight, and how many large ones wait. */
  stats(): { heldBytes: number; waiting: number };
}

export interface BodyReservation {
  /**
   * Counts `bytes` more. Undefined when they fit now; else a promise that
   * resolves when they do (stop reading meanwhile) or rejects like `waitFor`.
   */
  grow(bytes: number, signal?: AbortSignal): Promise<void> | undefined;
  release(): void;
}

interface Waiter {
  fits(): boolean;
  /** True when its body is the oldest large one: it goes first, wherever it stands in the queue. */
  oldest?(): boolean;
  admit(): void;
}

interface Holder {
  bytes: number;
  large: boolean;
}

/**
 * Admission for request bodies by size, so that a few huge requests arriving
 * together queue for memory instead of exhausting the heap. The limits are
 * read on every decision (they follow config reloads).
 */
export function createLargeBodyGate(limits: () => LargeBodyLimits): LargeBodyGate {
  let heldBytes = 0;
  /** Large holders, oldest first: the oldest may always grow, so two growing bodies never wait on each other. */
  const largeHolders: Holder[] = [];
  const queue: Waiter[] = [];

  const fits = (bytes: number, holder?: Holder): boolean => {
    const othersLarge = largeHolders.length - (holder?.large ? 1 : 0);
    return othersLarge === 0 || heldBytes + bytes <= limits().budgetBytes;
  };

  const add = (holder: Holder, bytes: number): void => {
    heldBytes += bytes;
    holder.bytes += bytes;
    if (!holder.large && holder.bytes >= LARGE_BODY_BYTES) {
      holder.large = true;
      largeHolders.push(holder);
    }
  };

  const releaseOf = (holder: Holder): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldBytes -= holder.bytes;
      if (holder.large) largeHolders.splice(largeHolders.indexOf(holder), 1);
      admitQueued();
    };
  };

  const hold = (bytes: number): (() => void) => {
    const holder: Holder = { bytes: 0, large: false };
    add(holder, bytes);
    return releaseOf(holder);
  };

  const admitQueued = (): void => {
    while (queue.length > 0 && queue[0]!.fits()) queue.shift()!.admit();
    // The oldest large body may be queued behind a newer one waiting for the room it holds.
    const oldest = queue.find((waiter) => waiter.oldest?.());
    if (oldest) {
      queue.splice(queue.indexOf(oldest), 1);
      oldest.admit();
    }
  };

  const tryAdmit = (bytes: number): (() => void) | undefined => {
    if (bytes < LARGE_BODY_BYTES || (queue.length === 0 && fits(bytes))) return hold(bytes);
    return undefined;
  };

  /** Queues until `entry.fits()`; `entry.take()` runs the moment it is admitted, before anyone else. */
  const enqueue = <Taken>(
    requestBytes: () => number,
    othersBytes: () => number,
    entry: Pick<Waiter, 'fits' | 'oldest'> & { take(): Taken },
    signal?: AbortSignal,
  ): Promise<Taken> =>
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
        fits: entry.fits,
        ...(entry.oldest ? { oldest: entry.oldest } : {}),
        admit: () => {
          settle();
          resolve(entry.take());
        },
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        leave();
        reject(refusal(requestBytes(), othersBytes(), budgetBytes, maxWaitMs));
      }, maxWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });

  const waitFor = (bytes: number, signal?: AbortSignal): Promise<() => void> =>
    enqueue(
      () => bytes,
      () => heldBytes,
      { fits: () => fits(bytes), take: () => hold(bytes) },
      signal,
    );

  const reserve = (): BodyReservation => {
    const holder: Holder = { bytes: 0, large: false };
    const release = releaseOf(holder);
    return {
      grow(bytes, signal) {
        const staysSmall = !holder.large && holder.bytes + bytes < LARGE_BODY_BYTES;
        const isOldestLarge = holder.large && largeHolders[0] === holder;
        if (staysSmall || isOldestLarge || (queue.length === 0 && fits(bytes, holder))) {
          add(holder, bytes);
          return undefined;
        }
        // Re-checked on every release: it may become the oldest large holder while it waits.
        const oldest = (): boolean => holder.large && largeHolders[0] === holder;
        return enqueue(
          () => holder.bytes + bytes,
          () => heldBytes - holder.bytes,
          { fits: () => oldest() || fits(bytes, holder), oldest, take: () => add(holder, bytes) },
          signal,
        );
      },
      release,
    };
  };

  return { tryAdmit, waitFor, reserve, stats: () => ({ heldBytes, waiting: queue.length }) };
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
