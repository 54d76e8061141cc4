/**
 * Keeps the first `limit` bytes of a body that flows past, for the trace,
 * without holding a second copy of a long stream.
 */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private captured = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer | string): void {
    // Past the limit (or with capture off) a chunk costs nothing, not even a byte count.
    if (this.captured >= this.limit || chunk.length === 0) return;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.limit - this.captured;
    const kept = buffer.length > room ? buffer.subarray(0, room) : buffer;
    this.chunks.push(kept);
    this.captured += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks, this.captured).toString('utf8');
  }
}
