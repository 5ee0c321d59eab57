import type { Readable } from 'node:stream';

/** Default bytes of stdout and of stderr kept per execution. */
export const DEFAULT_OUTPUT_LIMIT = 64 * 1024;

/**
 * Keeps the first `limit` bytes of a stream and counts the rest, so a flood of output can never
 * exhaust the harness's memory; the stream is still drained so the writer never blocks.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => this.push(chunk));
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8');
    return this.truncated ? `${body}\n[... output truncated: ${this.dropped} bytes dropped]` : body;
  }
}
