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

/**
 * The shared memory: the last committed sequence number, the writer's state, the main thread's stop flag
 * and the writer's busy flag (four int32), then the table's entries and bytes (two float64).
 */
export const SHARED_BYTES = 32;
export const COMMITTED_SLOT = 0;
export const STATE_SLOT = 1;
/** Set by the main thread when it takes the writes over: the writer starts no request after seeing it. */
export const STOP_SLOT = 2;
/** 1 while the writer is inside a request (it sets this before it looks at the stop flag). */
export const BUSY_SLOT = 3;
export const STATE_STARTING = 0;
export const STATE_READY = 1;
export const STATE_FAILED = -1;

export function sharedViews(shared: SharedArrayBuffer): { control: Int32Array; counts: Float64Array } {
  return { control: new Int32Array(shared, 0, 4), counts: new Float64Array(shared, 16, 2) };
}
