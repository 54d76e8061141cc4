import { randomBytes } from 'node:crypto';

// Crockford base32, as ULID uses: sortable, no I/L/O/U.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time + 80 random bits, 26 characters, sorting by creation time. */
export function createTraceId(now: number = Date.now()): string {
  let time = '';
  let remaining = Math.max(0, Math.floor(now));
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET.charAt(remaining % 32) + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = takeRandomBytes();
  let tail = '';
  for (let index = 0; index < 16; index += 1)
    tail += ALPHABET.charAt((random[randomOffset + index] ?? 0) % 32);
  randomOffset += 16;
  return time + tail;
}

// One system call per 256 ids instead of one per request.
const POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomOffset = POOL_BYTES;

function takeRandomBytes(): Buffer {
  if (randomOffset + 16 > randomPool.length) {
    randomPool = randomBytes(POOL_BYTES);
    randomOffset = 0;
  }
  return randomPool;
}
