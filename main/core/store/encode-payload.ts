import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import type { SecretMasker } from './redact-secrets';
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

/**
 * Redact, cap and compress one payload. Redaction runs before the cap so a
 * secret straddling the cut cannot leave a usable prefix: the text is first cut
 * a secret's length past the cap, masked, then cut at the cap.
 */
export function encodePayload({
  value,
  capBytes,
  masker,
}: {
  value: BodyValue;
  capBytes: number;
  masker: SecretMasker;
}): EncodedPayload {
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
  if (bytes.length < MIN_COMPRESS_BYTES) {
    return { isText, encoding: 'identity', originalBytes, truncated, data: Buffer.from(bytes) };
  }
  const data = brotliCompressSync(bytes, {
    params: {
      // Quality 11 (the default) costs ~50x more CPU for a few percent; 5 is the usual speed/size point.
      [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [zlibConstants.BROTLI_PARAM_MODE]: isText
        ? zlibConstants.BROTLI_MODE_TEXT
        : zlibConstants.BROTLI_MODE_GENERIC,
    },
  });
  return { isText, encoding: 'br', originalBytes, truncated, data };
}

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
