import Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  BUSY_SLOT,
  COMMITTED_SLOT,
  STOP_SLOT,
  STATE_FAILED,
  STATE_READY,
  STATE_SLOT,
  sharedViews,
  type CacheWriterData,
  type CacheWriterReport,
  type CacheWriterRequest,
} from './cache-writer-protocol';
import {
  createKeyFilter,
  filterBitsFor,
  filterCapacityOf,
  filterEntriesFor,
} from './response-cache-key-filter';
import type { StoreLogger } from './types';
import { createResponseCacheWriter } from './write-response-cache';

/**
 * The response cache's writer thread: it owns the write connection to `cache.db` and does every write
 * (stores with their deflate, touches of hits, the expiry sweep, eviction, clear), so that the main
 * thread's share of a store is queueing it. It also builds the key filter the main thread checks before
 * a lookup.
 */
function runCacheWriter(port: MessagePort, data: CacheWriterData): void {
  const { control, counts } = sharedViews(data.shared);
  const report = (message: CacheWriterReport, transfer?: ArrayBuffer[]): void =>
    port.postMessage(message, transfer);
  const logger: StoreLogger = {
    warn: (details, message) => report({ type: 'log', level: 'warn', details, message }),
    error: (details, message) => report({ type: 'log', level: 'error', details, message }),
  };
  let db: Database.Database;
  let writer: ReturnType<typeof createResponseCacheWriter>;
  try {
    // The main thread opened the file first (creating, checking or replacing it): here it only connects.
    db = new Database(data.cachePath, { fileMustExist: true });
    db.pragma('synchronous = OFF');
    db.pragma('busy_timeout = 5000');
    writer = createResponseCacheWriter(db, logger);
  } catch (error) {
    // The main thread's flush stops waiting at once; the thrown error makes it write on its own.
    Atomics.store(control, STATE_SLOT, STATE_FAILED);
    Atomics.notify(control, COMMITTED_SLOT);
    throw error;
  }
  const publishCounts = (): void => {
    const { entries, bytes } = writer.counts();
    counts[0] = entries;
    counts[1] = bytes;
  };
  publishCounts();
  Atomics.store(control, STATE_SLOT, STATE_READY);

  let committed = 0;
  let closed = false;
  const idle = (): void => {
    Atomics.store(control, BUSY_SLOT, 0);
    Atomics.notify(control, BUSY_SLOT);
  };
  let filterBits = 0;
  /** Keys set in the current filter: those of the table when it was built, and every key added since. */
  let keysInFilter = 0;
  const buildFilter = (): void => {
    const { entries, bytes } = writer.counts();
    const entriesFor = filterEntriesFor({ entries, bytes, maxBytes: writer.maxBytesSeen });
    filterBits = filterBitsFor(entriesFor, data.minFilterBits);
    const filter = createKeyFilter(filterBits);
    writer.takeAddedKeys();
    keysInFilter = 0;
    for (const key of writer.keys()) {
      filter.add(key);
      keysInFilter++;
    }
    // Built from the table as of request `committed`: the main thread adds the keys of later requests.
    report({ type: 'filter', seq: committed, words: filter.words }, [filter.words.buffer as ArrayBuffer]);
  };
  /**
   * A key removed from the table (evicted, expired) stays set in the filter, so it fills up with churn:
   * once it holds more keys than it was sized for, rebuild it if half of them are gone or the table has
   * outgrown it. Only the writer knows what was removed, so only it rebuilds; the main thread swaps.
   */
  const rebuildFilterIfFull = (): void => {
    keysInFilter += writer.takeAddedKeys();
    if (filterBits === 0 || keysInFilter <= filterCapacityOf(filterBits)) return;
    const { entries, bytes } = writer.counts();
    const wanted = filterBitsFor(
      filterEntriesFor({ entries, bytes, maxBytes: writer.maxBytesSeen }),
      data.minFilterBits,
    );
    if (entries <= keysInFilter / 2 || wanted > filterBits) buildFilter();
  };

  port.on('message', (request: CacheWriterRequest) => {
    if (closed) return;
    // Busy first, then the stop flag (the main thread sets them the other way round): either it sees this
    // request under way and waits for it, or this request sees the stop and leaves it to the main thread.
    Atomics.store(control, BUSY_SLOT, 1);
    if (Atomics.load(control, STOP_SLOT) === 1) {
      closed = true;
      idle();
      return;
    }
    try {
      if (request.type === 'write') writer.write(request.batch);
      else if (request.type === 'clear') writer.clear();
      else {
        db.close();
        closed = true;
      }
    } catch (error) {
      logger.error({ error: String(error) }, `response cache: the writer could not ${request.type}`);
    }
    if (!closed) publishCounts();
    committed = request.seq;
    Atomics.store(control, COMMITTED_SLOT, request.seq);
    Atomics.notify(control, COMMITTED_SLOT);
    idle();
    report({ type: 'committed', seq: request.seq });
    if (closed) port.close();
    else if (request.type === 'clear') buildFilter();
    else rebuildFilterIfFull();
  });
  // The first filter is built once the requests already queued are written (until then, every lookup
  // that the pending stores cannot answer goes to SQLite).
  setImmediate(() => {
    if (!closed) buildFilter();
  });
}

// Imported anywhere but in a worker thread (a bundler resolving the module itself), it does nothing.
if (!isMainThread && parentPort) runCacheWriter(parentPort, workerData as CacheWriterData);
