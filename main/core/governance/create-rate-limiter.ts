/** How one rate limit is set (read at each acquisition, so a reload applies to the next request). */
export interface RateLimitSettings {
  /** Requests per minute (a bucket of this size, refilled evenly over the minute). */
  rpm?: number;
  /** Requests running at once. */
  concurrent?: number;
  /** Longest wait for room; 0 refuses at once. */
  queueMs: number;
  /** Most requests waiting; more are refused at once. */
  queueMax: number;
}

export class RateLimitRefusal extends Error {
  constructor(
    readonly reason: 'queue-full' | 'waited-too-long',
    message: string,
    /** Seconds until room is likely. */
    readonly retryAfter: number,
  ) {
    super(message);
    this.name = 'RateLimitRefusal';
  }
}

export interface RateLimiter {
  /** Whether a slot can be taken now, without waiting in line. */
  hasRoom(settings: RateLimitSettings): boolean;
  /** The release of one slot taken now, or undefined when taking one means waiting in line. */
  tryAcquire(settings: RateLimitSettings): (() => void) | undefined;
  /** Resolves with the release of one slot; rejects with RateLimitRefusal (or the signal's reason). */
  acquire(settings: RateLimitSettings, signal?: AbortSignal): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

interface Waiter {
  settings: RateLimitSettings;
  resolve(release: () => void): void;
  reject(error: Error): void;
  cleanup(): void;
}

/**
 * One limit's state: a token bucket for the rate and a counter for
 * concurrency, with a FIFO of waiters bounded in length and in time.
 */
export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  let running = 0;
  let tokens: number | undefined;
  let refilledAt = now();
  const waiters: Waiter[] = [];
  let pumpTimer: NodeJS.Timeout | undefined;

  const refill = (settings: RateLimitSettings): void => {
    const time = now();
    if (settings.rpm === undefined) {
      tokens = undefined;
    } else {
      const capacity = settings.rpm;
      tokens = Math.min(capacity, (tokens ?? capacity) + ((time - refilledAt) * capacity) / 60_000);
    }
    refilledAt = time;
  };

  const roomFor = (settings: RateLimitSettings): boolean => {
    refill(settings);
    if (settings.concurrent !== undefined && running >= settings.concurrent) return false;
    return tokens === undefined || tokens >= 1;
  };

  const tryTake = (settings: RateLimitSettings): boolean => {
    if (!roomFor(settings)) return false;
    running++;
    if (tokens !== undefined) tokens -= 1;
    return true;
  };

  const makeRelease = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running--;
      pump();
    };
  };

  function pump(): void {
    while (waiters.length > 0 && tryTake(waiters[0]!.settings)) {
      const waiter = waiters.shift()!;
      waiter.cleanup();
      waiter.resolve(makeRelease());
    }
    // Waiting on the rate, not on a running request: look again when the next token is in.
    const head = waiters[0];
    if (head && head.settings.rpm !== undefined && pumpTimer === undefined) {
      const delay = Math.max(5, Math.ceil(((1 - (tokens ?? 0)) * 60_000) / head.settings.rpm));
      pumpTimer = setTimeout(() => {
        pumpTimer = undefined;
        pump();
      }, delay);
      pumpTimer.unref();
    }
  }

  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
    hasRoom: (settings) => waiters.length === 0 && roomFor(settings),
    tryAcquire(settings) {
      return waiters.length === 0 && tryTake(settings) ? makeRelease() : undefined;
    },
    acquire(settings, signal) {
      if (waiters.length === 0 && tryTake(settings)) return Promise.resolve(makeRelease());
      const retryAfter = Math.max(1, Math.ceil(settings.queueMs / 1000));
      if (waiters.length >= settings.queueMax || settings.queueMs <= 0)
        return Promise.reject(
          new RateLimitRefusal('queue-full', `${waiters.length} request(s) already waiting`, retryAfter),
        );
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          remove();
          reject(
            new RateLimitRefusal(
              'waited-too-long',
              `waited ${Math.round(settings.queueMs / 1000)} s without room`,
              retryAfter,
            ),
          );
        }, settings.queueMs);
        const onAbort = (): void => {
          remove();
          reject(signal?.reason instanceof Error ? signal.reason : new Error('the client went away'));
        };
        const waiter: Waiter = {
          settings,
          resolve,
          reject,
          cleanup: () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          },
        };
        const remove = (): void => {
          waiter.cleanup();
          const index = waiters.indexOf(waiter);
          if (index !== -1) waiters.splice(index, 1);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(waiter);
        pump();
      });
    },
  };
}
