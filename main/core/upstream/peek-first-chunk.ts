import type { Readable } from 'node:stream';

/**
 * Waits until the body has produced its first bytes (or ended), then puts
 * those bytes back at the head of the stream, so the caller can still decide
 * to fail over while nothing has reached the client, and the consumer later
 * reads the body from its very first byte. Rejects when the body errors or is
 * destroyed first.
 *
 * Afterwards the body keeps a no-op 'error' listener: between this promise
 * settling and the consumer attaching its own, a socket error must not become
 * an uncaught exception. Consumers still see errors through their own
 * listeners, `pipeline()` or async iteration.
 */
export function peekFirstChunk(body: Readable): Promise<'data' | 'end'> {
  return new Promise((resolve, reject) => {
    const settle = (finish: () => void): void => {
      body.off('readable', onReadable);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      body.on('error', ignoreError);
      finish();
    };
    function onReadable(): void {
      const chunk: unknown = body.read();
      // null: nothing buffered yet, or the end, which 'end' reports next.
      if (chunk === null) return;
      settle(() => {
        body.unshift(chunk);
        resolve('data');
      });
    }
    function onEnd(): void {
      settle(() => resolve('end'));
    }
    function onError(error: Error): void {
      settle(() => reject(error));
    }
    function onClose(): void {
      settle(() =>
        reject(
          Object.assign(new Error('upstream body closed before its first byte'), {
            code: 'ERR_STREAM_PREMATURE_CLOSE',
          }),
        ),
      );
    }
    body.on('readable', onReadable);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

function ignoreError(): void {}
