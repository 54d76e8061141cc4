/**
 * A Bloom filter of the keys in the response cache's table, so that a miss (the common case for a cache of
 * deterministic requests) usually skips the SQLite lookup. It answers "maybe" for every key added and
 * "no" for most others; a wrong "maybe" costs only the lookup it was meant to save.
 *
 * Keys are SHA-256 hex: their bits are already uniform, so the three probe positions are read straight
 * out of the key (three 32-bit words) instead of hashing it again. Any other key (tests) is hashed.
 */
export interface KeyFilter {
  add(key: string): void;
  mayHave(key: string): boolean;
  /** The bitset, to hand to another thread (the writer builds filters, the main thread uses them). */
  readonly words: Uint32Array;
}

const PROBES = 3;
/** ~8–16 bits per entry (the size is rounded up to a power of two): 1.5–3 % false positives when full. */
const BITS_PER_ENTRY = 8;
const MIN_BITS = 2 ** 16;
/** 4 MiB: enough for 2–4 million entries, ~2 GiB of cached answers at a typical 1 KiB each. */
const MAX_BITS = 2 ** 25;
/** What an entry takes on disk before the table has any, to size a filter for a `maxBytes` budget. */
const TYPICAL_ENTRY_BYTES = 2048;

/** The bitset size (a power of two) for about `entries` keys, within the memory bound. */
export function filterBitsFor(entries: number, minBits = MIN_BITS): number {
  const wanted = Math.max(minBits, Math.ceil(entries) * BITS_PER_ENTRY);
  return Math.min(MAX_BITS, 2 ** Math.ceil(Math.log2(wanted)));
}

/** How many keys a filter of `bits` holds before its false positives climb past a few percent. */
export function filterCapacityOf(bits: number): number {
  return bits / BITS_PER_ENTRY;
}

/** The entries to size a filter for: twice what the table holds, or what the disk budget holds at the current mean size. */
export function filterEntriesFor(input: { entries: number; bytes: number; maxBytes: number }): number {
  const meanEntryBytes = input.entries > 0 ? Math.max(256, input.bytes / input.entries) : TYPICAL_ENTRY_BYTES;
  return Math.max(input.entries * 2, input.maxBytes / meanEntryBytes);
}

export function createKeyFilter(bitsOrWords: number | Uint32Array): KeyFilter {
  const words = typeof bitsOrWords === 'number' ? new Uint32Array(bitsOrWords / 32) : bitsOrWords;
  const mask = words.length * 32 - 1;
  const positions = new Uint32Array(PROBES);
  return {
    words,
    add(key) {
      positionsOf(key, positions);
      for (const position of positions) {
        const bit = position & mask;
        words[bit >>> 5]! |= 1 << (bit & 31);
      }
    },
    mayHave(key) {
      positionsOf(key, positions);
      for (const position of positions) {
        const bit = position & mask;
        if ((words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
      }
      return true;
    },
  };
}

/** The probe positions of a key: three 32-bit words of a hex key, or of an FNV-1a hash of any other. */
function positionsOf(key: string, into: Uint32Array): void {
  if (key.length === 64 && readHexWords(key, into)) return;
  for (let probe = 0; probe < PROBES; probe++) {
    let hash = 0x811c9dc5 ^ Math.imul(probe + 1, 0x9e3779b1);
    for (let index = 0; index < key.length; index++) {
      hash ^= key.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    into[probe] = hash >>> 0;
  }
}

/** Reads the first three 32-bit words of a lower- or upper-case hex key; false at a character that is not hex. */
function readHexWords(key: string, into: Uint32Array): boolean {
  for (let probe = 0; probe < PROBES; probe++) {
    let word = 0;
    for (let index = probe * 8; index < probe * 8 + 8; index++) {
      const code = key.charCodeAt(index);
      let digit: number;
      if (code >= 48 && code <= 57) digit = code - 48;
      else if (code >= 97 && code <= 102) digit = code - 87;
      else if (code >= 65 && code <= 70) digit = code - 55;
      else return false;
      word = (word << 4) | digit;
    }
    into[probe] = word >>> 0;
  }
  return true;
}
