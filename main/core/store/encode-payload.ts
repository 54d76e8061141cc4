import { promisify } from 'node:util';
import {
  brotliCompress,
  brotliCompressSync,
  brotliDecompressSync,
  constants as zlibConstants,
} from 'node:zlib';
import type { SecretMasker } from '../trace/redact-secrets';
import type { BodyValue, StoredBody } from './types';

export type PayloadEncoding = 'br' | 'identity';

export interface EncodedPayload {
  isText: boolean;
  encoding: PayloadEncoding;
  originalBytes: number;
  truncated: boolean;
  data: Buffer;
}

/** Compressing a few bytes only adds a header. */
const MIN_COMPRESS_BYTES = 128;

const compressAsync = promisify(brotliCompress);

/** Redacted, capped bytes of one payload, before compression. */
interface CappedPayload {
  isText: boolean;
  originalBytes: number;
  truncated: boolean;
  bytes: Buffer;
}

/**
 * Redact and cap one payload. Redaction runs before the cap so a secret
 * straddling the cut cannot leave a usable prefix: the text is first cut a
 * secret's length past the cap, masked, then cut at the cap.
 */
function capPayload({
  value,
  capBytes,
  masker,
}: {
  value: BodyValue;
  capBytes: number;
  masker: SecretMasker;
}): CappedPayload {
  const isText = typeof value === 'string';
  const originalBytes = isText ? Buffer.byteLength(value, 'utf8') : value.length;
  const margin = capBytes + masker.longest;
  let bytes: Buffer;
  if (isText) {
    // UTF-16 units never outnumber UTF-8 bytes, so this keeps at least `margin` bytes of text.
    const head = value.length > margin ? value.slice(0, margin) : value;
    bytes = Buffer.from(masker.maskText(head), 'utf8');
  } else {
    bytes = masker.maskBytes(value.length > margin ? value.subarray(0, margin) : value);
  }
  const truncated = originalBytes > capBytes || bytes.length > capBytes;
  if (bytes.length > capBytes) bytes = isText ? cutUtf8(bytes, capBytes) : bytes.subarray(0, capBytes);
  return { isText, originalBytes, truncated, bytes };
}

function brotliOptions(payload: CappedPayload) {
  return {
    params: {
      // Quality 1: measured 10-20% less proxy CPU per request than 5, for a somewhat larger file.
      [zlibConstants.BROTLI_PARAM_QUALITY]: 1,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: payload.bytes.length,
      // A window no larger than the payload: the default 4 MB window costs more to set up than small bodies take to compress.
      [zlibConstants.BROTLI_PARAM_LGWIN]: Math.min(
        22,
        Math.max(16, Math.ceil(Math.log2(payload.bytes.length))),
      ),
      [zlibConstants.BROTLI_PARAM_MODE]: payload.isText
        ? zlibConstants.BROTLI_MODE_TEXT
        : zlibConstants.BROTLI_MODE_GENERIC,
    },
  };
}

function stored(payload: CappedPayload, data: Buffer, encoding: PayloadEncoding): EncodedPayload {
  return {
    isText: payload.isText,
    encoding,
    originalBytes: payload.originalBytes,
    truncated: payload.truncated,
    data,
  };
}

/** Redact, cap and compress one payload, on the calling thread (shutdown flushes use this). */
export function encodePayload(input: {
  value: BodyValue;
  capBytes: number;
  masker: SecretMasker;
}): EncodedPayload {
  const payload = capPayload(input);
  if (payload.bytes.length < MIN_COMPRESS_BYTES)
    return stored(payload, Buffer.from(payload.bytes), 'identity');
  return stored(payload, brotliCompressSync(payload.bytes, brotliOptions(payload)), 'br');
}

/**
 * The same, with the compression on libuv's thread pool: the request path's
 * event loop is not held while a batch of bodies compresses.
 */
export async function encodePayloadAsync(input: {
  value: BodyValue;
  capBytes: number;
  masker: SecretMasker;
}): Promise<EncodedPayload> {
  const payload = capPayload(input);
  if (payload.bytes.length < MIN_COMPRESS_BYTES)
    return stored(payload, Buffer.from(payload.bytes), 'identity');
  // A small body compresses in a few µs: handing it to the thread pool would cost more than it saves.
  if (payload.bytes.length < THREAD_POOL_MIN_BYTES)
    return stored(payload, brotliCompressSync(payload.bytes, brotliOptions(payload)), 'br');
  return stored(payload, await compressAsync(payload.bytes, brotliOptions(payload)), 'br');
}

const THREAD_POOL_MIN_BYTES = 16 * 1024;

/** Cut at a byte limit without splitting a UTF-8 sequence. */
function cutUtf8(bytes: Buffer, limit: number): Buffer {
  let end = limit;
  // Continuation bytes are 10xxxxxx; back up to the start of the sequence that crosses the limit.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end);
}

export function decodePayload({
  isText,
  encoding,
  originalBytes,
  truncated,
  data,
}: {
  isText: boolean;
  encoding: string;
  originalBytes: number;
  truncated: boolean;
  data: Buffer;
}): StoredBody {
  const bytes = encoding === 'br' ? brotliDecompressSync(data) : data;
  return { content: isText ? bytes.toString('utf8') : Buffer.from(bytes), originalBytes, truncated };
}
