import type { CacheWriteBatch } from './write-response-cache';

/**
 * The messages between the main thread and the response cache's writer thread. Each request carries a
 * sequence number; the writer reports each one committed, in order, both as a message (the main thread
 * forgets its copy of a batch then) and in shared memory (a synchronous `flush` waits on that).
 */
export type CacheWriterRequest =
  | { type: 'write'; seq: number; batch: CacheWriteBatch }
  | { type: 'clear'; seq: number }
  | { type: 'close'; seq: number };

export type CacheWriterReport =
  | { type: 'committed'; seq: number }
  /** A key filter of every key in the table once request `seq` was committed (its bitset is transferred). */
  | { type: 'filter'; seq: number; words: Uint32Array }
  | { type: 'log'; level: 'warn' | 'error'; details: Record<string, unknown>; message: string };

export interface CacheWriterData {
  cachePath: string;
  shared: SharedArrayBuffer;
  /** The smallest filter to build, in bits (tests make it small to see rebuilds). */
  minFilterBits?: number;
}

/** The shared memory: the last committed sequence number, the writer's state, then the table's entries and bytes. */
export const SHARED_BYTES = 24;
export const COMMITTED_SLOT = 0;
export const STATE_SLOT = 1;
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_FAILED = -1;

export function sharedViews(shared: SharedArrayBuffer): { control: Int32Array; counts: Float64Array } {
  return { control: new Int32Array(shared, 0, 2), counts: new Float64Array(shared, 8, 2) };
}
