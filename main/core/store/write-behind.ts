import type Database from 'better-sqlite3';
import type { StoreLogger } from './types';

export interface WriteBehind<T> {
  /** Queues an item; it is written within `maxDelayMs` (or at `flush`). */
  push(item: T): void;
  /** Writes what is queued now (a read that must see it, a shutdown). */
  flush(): void;
  readonly pending: number;
}

/**
 * Group commit for small per-request writes (budget charges; cache entries are
 * batched the same way on their writer thread), as the recorder does for traces: what is queued within `maxDelayMs` (or
 * until `maxItems` are) is written in one transaction, since a commit costs
 * far more than a row. A process killed before the commit loses what was
 * queued, at most that long's worth, like the trace batch beside it.
 */
/** When a batch is written: this long after its first item, or once it holds this many. */
export interface WriteBehindBatch {
  maxDelayMs: number;
  maxItems: number;
}

export function createWriteBehind<T>(
  options: WriteBehindBatch & {
    db: Database.Database;
    /** Writes one item; runs inside the batch's transaction. */
    write: (item: T) => void;
    /** Names the queue in the log line of a failed write. */
    what: string;
    logger?: StoreLogger;
  },
): WriteBehind<T> {
  let queue: T[] = [];
  let scheduled: NodeJS.Timeout | undefined;
  const writeAll = options.db.transaction((items: T[]) => {
    for (const item of items) options.write(item);
  });

  const flush = (): void => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = undefined;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    try {
      writeAll(items);
    } catch (batchError) {
      // One bad item must not take the others with it: each alone, and only the failures are lost.
      for (const item of items) {
        try {
          writeAll([item]);
        } catch (error) {
          options.logger?.error(
            { error: String(error), batchError: String(batchError) },
            `store: could not write a ${options.what}; it is lost`,
          );
        }
      }
    }
  };

  return {
    push(item) {
      queue.push(item);
      if (queue.length >= options.maxItems) flush();
      else scheduled ??= setTimeout(flush, options.maxDelayMs).unref();
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
