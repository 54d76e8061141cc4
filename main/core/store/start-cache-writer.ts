import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  BUSY_SLOT,
  COMMITTED_SLOT,
  SHARED_BYTES,
  STATE_READY,
  STOP_SLOT,
  STATE_FAILED,
  STATE_SLOT,
  sharedViews,
  type CacheWriterData,
  type CacheWriterReport,
  type CacheWriterRequest,
} from './cache-writer-protocol';
import type { StoreLogger } from './types';
import {
  countResponseCache,
  createResponseCacheWriter,
  type CacheCounts,
  type ResponseCacheWriter,
} from './write-response-cache';

/** The main thread's side of the response cache's writer: a worker thread, or the fallback on this thread. */
export interface CacheWriterChannel {
  /** Sends a request (sequence numbers count up from 1); the fallback writes it before returning. */
  send(request: CacheWriterRequest): void;
  /** Blocks until request `seq` (and all before it) is committed, at most the flush timeout; false if it timed out. */
  waitFor(seq: number): boolean;
  /** The table's entries and bytes as the writer counts them (no scan). */
  counts(): CacheCounts;
  /**
   * Flushes nothing by itself: stops the writer thread after what was sent, waiting for it unless
   * `wait` is false (a flush just timed out: it is not waited for twice).
   */
  close(options?: { wait: boolean }): void;
}

export interface CacheWriterEvents {
  /** Request `seq` is committed: reads of the table see it. Called in order. */
  onCommitted(seq: number): void;
  /** A key filter of the table as of request `seq` (committed reports up to `seq` came before it). */
  onFilter(seq: number, words: Uint32Array): void;
}

const DEFAULT_FLUSH_TIMEOUT_MS = 5_000;
/**
 * Batches sent and not committed past which the thread is taken for stuck (tens of seconds of stores):
 * they are written here instead, rather than held in memory without end.
 */
const MAX_UNACKNOWLEDGED = 400;

/**
 * Starts the writer thread on `db`'s file. When it cannot start (an in-memory database, the script
 * missing, the thread failing), writes happen on this thread as they did before the thread existed: a
 * cache must never stop the proxy.
 */
export function startCacheWriter(
  options: CacheWriterEvents & {
    db: Database.Database;
    workerPath: string | undefined;
    logger?: StoreLogger;
    flushTimeoutMs?: number;
    minFilterBits?: number;
  },
): CacheWriterChannel {
  const { db, logger } = options;
  const flushTimeoutMs = options.flushTimeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS;
  let local: ResponseCacheWriter | undefined;
  const writeHere = (request: CacheWriterRequest): void => {
    local ??= createResponseCacheWriter(db, logger);
    if (request.type === 'write') local.write(request.batch);
    else if (request.type === 'clear') local.clear();
    options.onCommitted(request.seq);
  };
  const localChannel: CacheWriterChannel = {
    send: writeHere,
    waitFor: () => true,
    counts: () => (local ??= createResponseCacheWriter(db, logger)).counts(),
    close: () => undefined,
  };
  if (db.memory) return localChannel;
  // In the packaged app the script is in app.asar, where Electron's worker threads load it (asar support
  // in workers since Electron 18) and it finds better-sqlite3 as the main bundle does; unpacked, it would
  // not find better-sqlite3's own dependencies, which stay in the archive.
  const workerPath = options.workerPath;
  if (!workerPath || !existsSync(workerPath)) {
    logger?.warn(
      { workerPath: options.workerPath },
      'response cache: the writer thread script is missing; writing on the main thread',
    );
    return localChannel;
  }

  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const { control, counts } = sharedViews(shared);
  const workerData: CacheWriterData = {
    cachePath: db.name,
    shared,
    ...(options.minFilterBits !== undefined && { minFilterBits: options.minFilterBits }),
  };
  let worker: Worker;
  try {
    worker = new Worker(workerPath, { workerData });
  } catch (error) {
    logger?.warn(
      { error: String(error), workerPath },
      'response cache: the writer thread could not start; writing on the main thread',
    );
    return localChannel;
  }
  // The thread never keeps the process alive: a kill loses at most the batch in flight (a cache's loss).
  worker.unref();
  /** Sent and not yet reported committed, in order: replayed here if the thread dies. */
  const unacknowledged = new Map<number, CacheWriterRequest>();
  let failed = false;
  let closing = false;

  /** `running`: the thread may still be writing (a slow one), not dead or never started. */
  const fallBack = (reason: string, details: Record<string, unknown>, running = false): void => {
    if (failed || closing) return;
    failed = true;
    logger?.warn({ ...details, workerPath }, `response cache: ${reason}; writing on the main thread`);
    // A thread still running (a slow one) must not write a batch after the replay here wrote a later one
    // (an older answer would win): stop it, and let the request it is in finish, before reading what it
    // committed. Busy is set before it looks at the stop flag, so one of the two sees the other.
    Atomics.store(control, STOP_SLOT, 1);
    const deadline = Date.now() + flushTimeoutMs;
    while (running && Atomics.load(control, BUSY_SLOT) === 1 && Date.now() < deadline)
      waitOn(control, BUSY_SLOT, 1, deadline - Date.now());
    const committed = Atomics.load(control, COMMITTED_SLOT);
    for (const request of unacknowledged.values()) {
      if (request.seq <= committed) options.onCommitted(request.seq);
      else writeHere(request);
    }
    unacknowledged.clear();
    void worker.terminate().catch(() => undefined);
  };
  worker.on('message', (report: CacheWriterReport) => {
    if (failed) return;
    if (report.type === 'committed') {
      unacknowledged.delete(report.seq);
      options.onCommitted(report.seq);
    } else if (report.type === 'filter') options.onFilter(report.seq, report.words);
    else logger?.[report.level](report.details, report.message);
  });
  worker.on('error', (error) => fallBack('the writer thread failed', { error: String(error) }));
  worker.on('exit', (code) => fallBack('the writer thread stopped', { code }));

  let lastSeq = 0;
  const send = (request: CacheWriterRequest): void => {
    lastSeq = request.seq;
    if (!failed && unacknowledged.size >= MAX_UNACKNOWLEDGED)
      fallBack('the writer thread is not keeping up', { unacknowledged: unacknowledged.size }, true);
    if (failed) writeHere(request);
    else {
      unacknowledged.set(request.seq, request);
      worker.postMessage(request);
    }
  };
  const waitFor = (target: number): boolean => {
    if (failed) return true;
    const deadline = Date.now() + flushTimeoutMs;
    for (;;) {
      const committed = Atomics.load(control, COMMITTED_SLOT);
      if (committed >= target) return true;
      if (Atomics.load(control, STATE_SLOT) === STATE_FAILED) {
        // It could not open the file: write here now, since the caller needs it written.
        fallBack('the writer thread could not open the cache file', {});
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      waitOn(control, COMMITTED_SLOT, committed, left);
    }
    logger?.warn(
      { seq: target, committed: Atomics.load(control, COMMITTED_SLOT), timeoutMs: flushTimeoutMs },
      'response cache: the writer thread did not commit in time; carrying on (what it has not written stays queued)',
    );
    return false;
  };

  return {
    send,
    waitFor,
    counts() {
      if (failed) return (local ??= createResponseCacheWriter(db, logger)).counts();
      // Until the thread has counted the table (or if it could not open it), count it here.
      if (Atomics.load(control, STATE_SLOT) !== STATE_READY) return countResponseCache(db);
      return { entries: counts[0]!, bytes: counts[1]! };
    },
    close({ wait } = { wait: true }) {
      if (failed) return;
      send({ type: 'close', seq: lastSeq + 1 });
      if (wait) waitFor(lastSeq);
      closing = true;
      void worker.terminate().catch(() => undefined);
    },
  };
}

/** Blocks this thread until `control[slot]` changes from `seen` or `timeoutMs` passes. */
function waitOn(control: Int32Array, slot: number, seen: number, timeoutMs: number): void {
  try {
    Atomics.wait(control, slot, seen, timeoutMs);
  } catch {
    // A thread that may not block (a browser-like main thread): poll instead, it is a flush at shutdown.
    const until = Date.now() + Math.min(timeoutMs, 1);
    while (Date.now() < until && Atomics.load(control, slot) === seen);
  }
}
