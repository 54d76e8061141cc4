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
  const random = randomBytes(16);
  let tail = '';
  for (let index = 0; index < 16; index += 1) tail += ALPHABET.charAt((random[index] ?? 0) % 32);
  return time + tail;
}
