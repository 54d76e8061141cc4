import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectStream } from '../../main/core/proxy/collect-stream';

describe('collectStream', () => {
  it('gathers every chunk in order', async () => {
    const chunks = await collectStream(Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    expect(Buffer.concat(chunks).toString()).toBe('abcd');
  });

  it('rejects at the first chunk the check refuses, and discards the rest instead of cutting the stream', async () => {
    const stream = new PassThrough();
    const refused = collectStream(stream, (bytes) =>
      bytes > 3 ? new Error(`too big at ${bytes}`) : undefined,
    );
    stream.write('ab');
    stream.write('cd');
    await expect(refused).rejects.toThrow('too big at 4');
    stream.end('ef');
    await new Promise((resolve) => stream.once('end', resolve));
    expect(stream.destroyed || stream.readableEnded).toBe(true);
  });

  it('rejects with the error of a stream that breaks', async () => {
    const stream = new PassThrough();
    const broken = collectStream(stream);
    stream.write('partial');
    stream.destroy(new Error('socket hang up'));
    await expect(broken).rejects.toThrow('socket hang up');
  });

  it('rejects a stream that closes before its end', async () => {
    const stream = new PassThrough();
    const cut = collectStream(stream);
    stream.write('partial');
    stream.destroy();
    await expect(cut).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('resolves at once for a stream already read to its end', async () => {
    const stream = Readable.from([]);
    await collectStream(stream);
    expect(await collectStream(stream)).toEqual([]);
  });
});
