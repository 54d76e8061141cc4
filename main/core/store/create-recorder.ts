import type { BatchResult, QueueItem } from './write-trace-batch';
import type { CaptureMode, Recorder, StoreLogger, StoreStats, TraceRecord } from './types';

export interface RecorderOptions {
  /** Read per record, so a reloaded config applies to the next request. */
  captureMode: () => CaptureMode;
  maxDelayMs: number;
  maxRecords: number;
  /** Pending records above which new payloads are dropped. */
  maxPending: number;
  /** Pending payload bytes above which new payloads are dropped. */
  maxPendingBodyBytes: number;
  /** Writes one batch in one transaction; throws if the transaction failed. */
  writeBatch: (items: readonly QueueItem[]) => BatchResult;
  /** Slow, thread-pool work on a batch before it is written (compression); skipped by `flushAll`. */
  prepareBatch?: (items: readonly QueueItem[]) => Promise<void>;
  logger?: StoreLogger;
}

export interface RecorderHandle {
  recorder: Recorder;
  /** Drain the whole queue synchronously. */
  flushAll(): void;
  /** Stop accepting records; later calls are counted as dropped. */
  stop(): void;
  stats(): StoreStats;
}

/** Past this many pending records even trace rows are refused, so a dead disk cannot exhaust memory. */
const HARD_LIMIT_FACTOR = 10;

function payloadBytes(trace: TraceRecord): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const body of Object.values(trace.bodies ?? {})) {
    if (body === undefined) continue;
    count += 1;
    // String length stands in for UTF-8 size: O(1), and only a pressure estimate.
    bytes += body.length;
  }
  return { count, bytes };
}

function wantsPayloads(mode: CaptureMode, trace: TraceRecord): boolean {
  switch (mode) {
    case 'all':
      return true;
    case 'errors':
      return trace.status >= 400 || Boolean(trace.error);
    case 'off':
      return false;
    default: {
      const _exhaustive: never = mode;
      return _exhaustive;
    }
  }
}

/**
 * The hot-path half of the store: `record` only pushes onto a queue (O(1), no
 * SQL, no copying of payloads); a timer or a full batch triggers the flush.
 */
export function createRecorder(options: RecorderOptions): RecorderHandle {
  let queue: QueueItem[] = [];
  let pendingBodyBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let stopped = false;
  const counters = { written: 0, droppedBodies: 0, droppedTraces: 0, lastFlushMs: 0 };

  const releaseBytes = (items: readonly QueueItem[]): void => {
    for (const item of items) if (item.capture) pendingBodyBytes -= payloadBytes(item.trace).bytes;
  };

  const writeOrSalvage = (batch: QueueItem[]): void => {
    try {
      counters.written += options.writeBatch(batch).written;
      return;
    } catch (error) {
      options.logger?.error(
        { error: String(error), size: batch.length },
        'store: batch write failed; retrying records one by one',
      );
    }
    // One bad record must not take the rest of its batch down with it.
    for (const item of batch) {
      try {
        counters.written += options.writeBatch([item]).written;
      } catch (error) {
        counters.droppedTraces += 1;
        options.logger?.error(
          { error: String(error), id: item.trace.id },
          'store: dropping a trace that cannot be written',
        );
      }
    }
  };

  const takeBatch = (): QueueItem[] => {
    const batch = queue.length <= options.maxRecords ? queue : queue.slice(0, options.maxRecords);
    queue = batch === queue ? [] : queue.slice(options.maxRecords);
    releaseBytes(batch);
    return batch;
  };

  const write = (batch: QueueItem[]): void => {
    const started = performance.now();
    writeOrSalvage(batch);
    counters.lastFlushMs = performance.now() - started;
  };

  // The batch whose payloads are being compressed on the thread pool, if any.
  let preparing: QueueItem[] | undefined;

  const flushNext = async (): Promise<void> => {
    if (preparing || queue.length === 0) return;
    const batch = takeBatch();
    preparing = batch;
    try {
      await options.prepareBatch?.(batch);
    } catch (error) {
      options.logger?.warn(
        { error: String(error) },
        'store: compressing a batch off the event loop failed; it is compressed inline instead',
      );
    }
    // A shutdown flush may have written this batch while it was being prepared.
    if (preparing !== batch) return;
    preparing = undefined;
    write(batch);
    schedule();
  };

  const schedule = (): void => {
    if (stopped || preparing || queue.length === 0) return;
    if (queue.length >= options.maxRecords) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      immediate ??= setImmediate(tick);
    } else {
      timer ??= setTimeout(tick, options.maxDelayMs).unref();
    }
  };

  function tick(): void {
    timer = undefined;
    immediate = undefined;
    void flushNext();
  }

  const enqueue = (item: QueueItem): void => {
    queue.push(item);
    schedule();
  };

  const recorder: Recorder = {
    record(trace) {
      if (stopped || queue.length >= options.maxPending * HARD_LIMIT_FACTOR) {
        counters.droppedTraces += 1;
        options.logger?.warn(
          { id: trace.id, reason: stopped ? 'closed' : 'queue full' },
          'store: trace dropped',
        );
        return;
      }
      let capture = wantsPayloads(options.captureMode(), trace);
      if (capture) {
        const payload = payloadBytes(trace);
        if (
          queue.length >= options.maxPending ||
          pendingBodyBytes + payload.bytes > options.maxPendingBodyBytes
        ) {
          // Back-pressure sheds the bulky, optional part first; the trace row and its usage always go in.
          capture = false;
          counters.droppedBodies += payload.count;
        } else {
          pendingBodyBytes += payload.bytes;
        }
      }
      enqueue({ trace, capture });
    },
  };

  return {
    recorder,
    flushAll() {
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      timer = undefined;
      immediate = undefined;
      if (preparing) {
        const batch = preparing;
        preparing = undefined;
        write(batch);
      }
      while (queue.length > 0) write(takeBatch());
    },
    stop() {
      stopped = true;
    },
    stats: () => ({ queued: queue.length, ...counters }),
  };
}
