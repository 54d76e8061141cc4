import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { peekFirstChunk } from '../../main/core/upstream/peek-first-chunk';
import { readErrorBody } from '../../main/core/upstream/read-error-body';

function source(): PassThrough {
  const stream = new PassThrough();
  setTimeout(() => stream.write('first '), 5);
  setTimeout(() => stream.write('second '), 15);
  setTimeout(() => stream.end('third'), 25);
  return stream;
}

describe('peekFirstChunk', () => {
  it('replays the first bytes to a pipeline consumer', async () => {
    const body = source();
    expect(await peekFirstChunk(body)).toBe('data');
    let collected = '';
    await pipeline(
      body,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          collected += chunk.toString();
          callback();
        },
      }),
    );
    expect(collected).toBe('first second third');
  });

  it('replays the first bytes to a data listener attached a tick later', async () => {
    const body = source();
    await peekFirstChunk(body);
    await new Promise((resolve) => setImmediate(resolve));
    const chunks: string[] = [];
    await new Promise<void>((resolve) => {
      body.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      body.on('end', resolve);
    });
    expect(chunks.join('')).toBe('first second third');
  });

  it('reports an empty body as ended, and an error before any byte as a rejection', async () => {
    const empty = new PassThrough();
    setTimeout(() => empty.end(), 5);
    expect(await peekFirstChunk(empty)).toBe('end');
    expect(await text(empty)).toBe('');

    const broken = new PassThrough();
    setTimeout(() => broken.destroy(new Error('socket hang up')), 5);
    await expect(peekFirstChunk(broken)).rejects.toThrow('socket hang up');

    const closed = new PassThrough();
    setTimeout(() => closed.destroy(), 5);
    await expect(peekFirstChunk(closed)).rejects.toThrow(/closed before/);
  });

  it('keeps a late error from crashing the process before the consumer attaches', async () => {
    const body = new PassThrough();
    body.write('x');
    await peekFirstChunk(body);
    body.destroy(new Error('late reset'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(body.destroyed).toBe(true);
  });
});

describe('readErrorBody', () => {
  it('reads at most the limit and keeps what arrived before a failure', async () => {
    expect(await readErrorBody(Readable.from([Buffer.from('a'.repeat(100))]), 10)).toBe('a'.repeat(10));
    const failing = new PassThrough();
    failing.write('{"error":');
    setTimeout(() => failing.destroy(new Error('reset')), 5);
    expect(await readErrorBody(failing)).toBe('{"error":');
  });
});
