import type Database from 'better-sqlite3';
import type { StoreLogger } from './types';

export interface WriteBehind<T> {
  /** Queues an item; it is written before the event loop's next turn (or at `flush`). */
  push(item: T): void;
  /** Writes what is queued now (a read that must see it, a shutdown). */
  flush(): void;
  readonly pending: number;
}

/**
 * Group commit for small per-request writes (budget charges, cache entries):
 * everything queued during one turn of the event loop is written in one
 * transaction from `setImmediate`. Under load a turn settles many requests, so
 * one commit carries them all; when idle each write is its own commit, at
 * once. A process killed between the push and the commit loses only that turn.
 */
export function createWriteBehind<T>(options: {
  db: Database.Database;
  /** Writes one item; runs inside the batch's transaction. */
  write: (item: T) => void;
  /** Names the queue in the log line of a failed write. */
  what: string;
  logger?: StoreLogger;
}): WriteBehind<T> {
  let queue: T[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const writeAll = options.db.transaction((items: T[]) => {
    for (const item of items) options.write(item);
  });

  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
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
      scheduled ??= setImmediate(flush);
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
