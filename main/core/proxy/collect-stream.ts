import type { Readable } from 'node:stream';

/**
 * Every chunk of a readable, gathered with plain listeners. `for await` would
 * do the same with an async iterator, a promise per chunk and an
 * end-of-stream watcher — on a path every request takes twice (its body in,
 * the provider's answer back).
 *
 * `check` sees the running byte count after each chunk; an error it returns
 * rejects, and the rest of the stream is read and discarded rather than cut:
 * a client still uploading an oversized request then gets its 413 instead of
 * a connection reset, and its connection stays usable. A stream that errors,
 * or closes before its end, rejects.
 */
export function collectStream(
  stream: Readable,
  check?: (receivedBytes: number) => Error | undefined,
): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (error: Error | undefined): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve(chunks);
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      received += buffer.length;
      const refusal = check?.(received);
      if (refusal) {
        settle(refusal);
        stream.resume();
      }
    };
    const onEnd = (): void => settle(undefined);
    const onError = (error: Error): void => settle(error);
    const onClose = (): void => settle(prematureClose());
    if (stream.readableEnded) return resolve(chunks);
    if (stream.destroyed) return reject(stream.errored ?? prematureClose());
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
