/**
 * Keeps the first `limit` bytes of a body that flows past, for the trace,
 * without holding a second copy of a long stream.
 */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private captured = 0;
  /** Bytes seen in all, captured or not. */
  total = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer | string): void {
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    this.total += length;
    if (this.captured >= this.limit || length === 0) return;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.limit - this.captured;
    const kept = buffer.length > room ? buffer.subarray(0, room) : buffer;
    this.chunks.push(kept);
    this.captured += kept.length;
  }

  get truncated(): boolean {
    return this.total > this.captured;
  }

  text(): string {
    return Buffer.concat(this.chunks, this.captured).toString('utf8');
  }
}
