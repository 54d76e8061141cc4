/** One cached prompt: its unit vector, the exact cache key of its answer, and what it must match exactly. */
export interface SemanticIndexEntry {
  key: string;
  /** Everything about the request but the latest user text, hashed: only equal scopes are compared. */
  scope: string;
  /** Unit length (see `toUnitVector`), so the dot product is the cosine. */
  vector: Float32Array;
  expiresAt: number;
}

export interface SemanticMatch {
  key: string;
  similarity: number;
}

export interface SemanticIndex {
  /** Adds (or replaces) an entry; returns the keys evicted to stay under the byte bound. */
  add(entry: SemanticIndexEntry): string[];
  /** The most similar live entry of the same scope, whatever its similarity; undefined when none. */
  nearest(scope: string, vector: Float32Array, now: number): SemanticMatch | undefined;
  /** Whether any entry (live or not yet swept) has this scope: without one no lookup can hit. */
  has(scope: string): boolean;
  /** Marks an entry used (least recently used entries go first). */
  touch(key: string): void;
  remove(key: string): void;
  clear(): void;
  readonly size: number;
  readonly bytes: number;
}

/** What an entry costs besides its vector: the key and scope strings (UTF-16) and the objects around them. */
const ENTRY_OVERHEAD_BYTES = 160;

function bytesOf(entry: SemanticIndexEntry): number {
  return entry.vector.byteLength + 2 * (entry.key.length + entry.scope.length) + ENTRY_OVERHEAD_BYTES;
}

/** The vector scaled to length 1 (as 32-bit floats); undefined for a zero or non-finite vector. */
export function toUnitVector(values: ArrayLike<number>): Float32Array | undefined {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]! * values[index]!;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm) || norm === 0) return undefined;
  const unit = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) unit[index] = values[index]! / norm;
  return unit;
}

/** Cosine similarity of two unit vectors of the same length. */
export function cosineOfUnits(left: Float32Array, right: Float32Array): number {
  // A plain loop: a scan of many vectors is bound by memory bandwidth, not by the arithmetic (unrolling measured no gain).
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += left[index]! * right[index]!;
  return dot;
}

/**
 * The semantic cache's vectors in memory: brute-force cosine within one
 * scope (a scope holds the requests that differ only in their latest user
 * text), bounded by bytes with the least recently used out first. Brute
 * force is exact and needs no tuning; at the default 64 MB bound (about
 * 10,000 vectors of 1,536 dimensions) a lookup that scans all of them reads
 * 60 MB and took 24–45 ms on a busy 2-core machine, less than the embedding
 * round trip it follows; most scopes hold far fewer.
 */
export function createSemanticIndex(options: { maxBytes: () => number }): SemanticIndex {
  // Insertion order is recency order: a touched entry is re-inserted at the end.
  const byKey = new Map<string, SemanticIndexEntry>();
  const byScope = new Map<string, Map<string, SemanticIndexEntry>>();
  let bytes = 0;

  const remove = (key: string): void => {
    const entry = byKey.get(key);
    if (!entry) return;
    byKey.delete(key);
    bytes -= bytesOf(entry);
    const scoped = byScope.get(entry.scope);
    scoped?.delete(key);
    if (scoped?.size === 0) byScope.delete(entry.scope);
  };

  return {
    add(entry) {
      remove(entry.key);
      const maxBytes = options.maxBytes();
      const cost = bytesOf(entry);
      if (cost > maxBytes) return [];
      byKey.set(entry.key, entry);
      let scoped = byScope.get(entry.scope);
      if (!scoped) byScope.set(entry.scope, (scoped = new Map()));
      scoped.set(entry.key, entry);
      bytes += cost;
      const evicted: string[] = [];
      for (const oldKey of byKey.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldKey);
        evicted.push(oldKey);
      }
      return evicted;
    },
    nearest(scope, vector, now) {
      const scoped = byScope.get(scope);
      if (!scoped) return undefined;
      let best: SemanticMatch | undefined;
      let expired: string[] | undefined;
      for (const entry of scoped.values()) {
        if (entry.expiresAt <= now) {
          (expired ??= []).push(entry.key);
          continue;
        }
        // Another model's vectors never share a scope (the embedder is part of it); a length change is a model change.
        if (entry.vector.length !== vector.length) continue;
        const similarity = cosineOfUnits(entry.vector, vector);
        if (!best || similarity > best.similarity) best = { key: entry.key, similarity };
      }
      for (const key of expired ?? []) remove(key);
      return best;
    },
    has: (scope) => byScope.has(scope),
    touch(key) {
      const entry = byKey.get(key);
      if (!entry) return;
      byKey.delete(key);
      byKey.set(key, entry);
    },
    remove,
    clear() {
      byKey.clear();
      byScope.clear();
      bytes = 0;
    },
    get size() {
      return byKey.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
