import type Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import cacheWriterWorkerPath from './cache-writer-worker?modulePath';
import { createKeyFilter, type KeyFilter } from './response-cache-key-filter';
import { startCacheWriter, type CacheWriterChannel } from './start-cache-writer';
import type { StoreLogger } from './types';
import type { WriteBehindBatch } from './write-behind';
import { countResponseCache, type CachePut, type CacheWriteBatch } from './write-response-cache';

/** The disk layer of the response cache: bodies by key, bounded by total size and by age. */
export interface ResponseCacheTable {
  get(key: string, now: number): string | undefined;
  /**
   * Stores `body`, then drops expired entries and the least recently used until under `maxBytes`.
   * Written behind (with other stores of the same turn, in one transaction, on the writer thread); `get`
   * sees it at once.
   */
  put(input: CachePut): void;
  /** Writes the stores still queued, and waits (a bounded time) until they are. */
  flush(): void;
  /** Entries and bytes on disk once what is queued is written (it waits for the writer). */
  stats(): { entries: number; bytes: number };
  /** Bytes on disk as of the writer's last commit, without waiting: for a gauge read per scrape. */
  bytesOnDisk(): number;
  clear(): void;
  /** Flushes, then stops the writer thread (the caller closes `db`). */
  close(): void;
}

export interface ResponseCacheTableOptions {
  batch: WriteBehindBatch;
  logger?: StoreLogger;
  /** The writer thread's script; undefined writes on this thread. Defaults to the bundled one. */
  workerPath?: string | undefined;
  /** How long a flush waits for the writer thread before it logs and carries on. */
  flushTimeoutMs?: number;
  /** The smallest key filter, in bits (a power of two); tests make it small to see it rebuilt. */
  minFilterBits?: number;
}

/**
 * The table's reads stay on this thread (`db`; WAL lets them run while the writer thread commits), its
 * writes go to the writer thread in batches on the write-behind schedule. Until the writer reports a
 * batch committed, `get` answers its stores from `pending`.
 *
 * The key filter and the order of things. The writer builds each filter from the table right after it
 * committed request N and reports it after its "N committed" report; reports arrive in order, so when the
 * filter arrives every batch after N is still in `inFlight` (a batch leaves it at its own report, which
 * comes later) or not sent yet (its stores in `pending`). Adding the keys of both to the new filter
 * before using it thus covers every key written after N, and the filter covers the rest; every key stored
 * here is added to the filter in use. So no key that was stored (and not since evicted, expired or
 * cleared) is ever filtered out; a key that was removed but is still set only costs a lookup. A flush
 * that saw its batches committed drops their stores from `pending` (an evicted one must not be answered
 * after a flush) but keeps them in `inFlight` until their report, for that reason.
 */
export function createResponseCacheTable(
  db: Database.Database,
  options: ResponseCacheTableOptions,
): ResponseCacheTable {
  const select = db.prepare<[string, number]>(
    `SELECT body FROM response_cache WHERE key = ? AND expires_at > ?`,
  );
  const { maxDelayMs, maxItems } = options.batch;
  /** Stores not reported committed yet, by key: what `get` answers from until they are. */
  const pending = new Map<string, CachePut>();
  /** The stores of each batch sent and not reported committed yet, by sequence number. */
  const inFlight = new Map<number, CachePut[]>();
  let queue: CacheWriteBatch = { touchedKeys: [], touchedAt: [], puts: [] };
  let scheduled: NodeJS.Timeout | undefined;
  /** Undefined until the writer thread has built the first one (and always when writing on this thread). */
  let filter: KeyFilter | undefined;
  let closed = false;
  /** Written: `get` reads them from the table now (unless stored again since). */
  const forget = (puts: CachePut[]): void => {
    for (const put of puts) if (pending.get(put.key) === put) pending.delete(put.key);
  };

  /**
   * Started at the first lookup or write: a home whose cache is off runs no thread (it holds tens of MB
   * of its own). Until then the disk bytes are counted once, on this thread.
   */
  let channel: CacheWriterChannel | undefined;
  let bytesBeforeWriter: number | undefined;
  const writer = (): CacheWriterChannel => {
    if (closed) throw new Error('the response cache is closed');
    return (channel ??= startCacheWriter({
      db,
      workerPath: 'workerPath' in options ? options.workerPath : cacheWriterWorkerPath,
      ...(options.logger && { logger: options.logger }),
      ...(options.flushTimeoutMs !== undefined && { flushTimeoutMs: options.flushTimeoutMs }),
      ...(options.minFilterBits !== undefined && { minFilterBits: options.minFilterBits }),
      onCommitted(seq) {
        const puts = inFlight.get(seq);
        if (!puts) return;
        inFlight.delete(seq);
        forget(puts);
      },
      onFilter(_seq, words) {
        const next = createKeyFilter(words);
        for (const key of pending.keys()) next.add(key);
        for (const puts of inFlight.values()) for (const put of puts) next.add(put.key);
        filter = next;
      },
    }));
  };

  /** The last request's sequence number (they count up from 1): what a flush waits for. */
  let lastSent = 0;
  /** Sends what is queued as one batch. */
  const send = (): void => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = undefined;
    const batch = queue;
    if (batch.puts.length === 0 && batch.touchedKeys.length === 0) return;
    queue = { touchedKeys: [], touchedAt: [], puts: [] };
    const seq = ++lastSent;
    // Registered before sending: the fallback on this thread reports the batch committed at once.
    if (batch.puts.length > 0) inFlight.set(seq, batch.puts);
    writer().send({ type: 'write', seq, batch });
  };
  const queued = (): void => {
    if (queue.puts.length + queue.touchedKeys.length >= maxItems) send();
    else scheduled ??= setTimeout(send, maxDelayMs).unref();
  };
  /** Sends what is queued and waits for the writer; false when it did not commit in time. */
  const flush = (): boolean => {
    // After close the writer is gone: nothing is queued, nothing to wait for.
    if (closed) return true;
    send();
    if (lastSent === 0 || !writer().waitFor(lastSent)) return lastSent === 0;
    for (const puts of inFlight.values()) forget(puts);
    return true;
  };

  return {
    get(key, now) {
      // The cache is in use: the writer builds the key filter of what is on disk.
      if (!channel && !closed) writer();
      const queuedPut = pending.get(key);
      if (queuedPut) return queuedPut.expiresAt > now ? queuedPut.body : undefined;
      if (filter && !filter.mayHave(key)) return undefined;
      const row = select.get(key, now) as { body: Buffer | string } | undefined;
      if (!row) return undefined;
      queue.touchedKeys.push(key);
      queue.touchedAt.push(now);
      queued();
      return typeof row.body === 'string' ? row.body : inflateRawSync(row.body).toString('utf8');
    },
    put(input) {
      if (closed) throw new Error('the response cache is closed');
      pending.set(input.key, input);
      filter?.add(input.key);
      queue.puts.push(input);
      queued();
    },
    flush() {
      flush();
    },
    stats() {
      flush();
      return writer().counts();
    },
    bytesOnDisk() {
      if (channel) return channel.counts().bytes;
      // Nothing is written without the writer: the table cannot change until it starts.
      bytesBeforeWriter ??= countResponseCache(db).bytes;
      return bytesBeforeWriter;
    },
    clear() {
      send();
      writer().send({ type: 'clear', seq: ++lastSent });
      writer().waitFor(lastSent);
      // Everything stored before is gone (sent, so cleared): nothing left to answer from. `inFlight` stays
      // until the reports: a filter built before the clear may still arrive, and must get those keys.
      pending.clear();
      // Nothing stored before the clear is looked up, committed yet or not (a writer that did not answer in
      // time): the keys stored from now on go into this empty filter.
      if (filter) filter = createKeyFilter(filter.words.length * 32);
    },
    close() {
      if (closed) return;
      // A writer that did not commit in time is not waited for a second time.
      const written = flush();
      closed = true;
      channel?.close({ wait: written });
    },
  };
}
