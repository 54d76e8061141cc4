import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';

export interface DecodedBody {
  body: Readable;
  /** False when an encoding was not one we decode; the body is then the raw bytes. */
  decoded: boolean;
}

/**
 * Wraps a response body in the decoders its `content-encoding` lists (applied
 * in reverse order, RFC 9110 §8.4). Decoders flush after every input chunk so
 * a gzip'd event stream still arrives event by event. An error or destroy on
 * either end tears down the whole chain, which aborts the upstream request.
 */
export function decodeContentEncoding(
  body: Readable,
  contentEncoding: string | string[] | undefined,
): DecodedBody {
  const codings = parseCodings(contentEncoding);
  if (codings.length === 0) return { body, decoded: true };
  const decoders: NodeJS.ReadWriteStream[] = [];
  for (const coding of codings.reverse()) {
    const decoder = createDecoder(coding);
    if (decoder === undefined) return { body, decoded: false };
    decoders.push(decoder);
  }
  // pipeline() with a callback returns the last stream and destroys all on failure.
  const decodedBody = pipeline([body, ...decoders], () => {}) as unknown as Readable;
  return { body: decodedBody, decoded: true };
}

function parseCodings(contentEncoding: string | string[] | undefined): string[] {
  if (contentEncoding === undefined) return [];
  const joined = Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding;
  return joined
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

function createDecoder(coding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      // RFC 9110 `deflate` is zlib-wrapped; the raw-deflate variant some old servers sent is not handled.
      return zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}
