import type { Duplex } from 'node:stream';

/**
 * Output of the engine's streams, demultiplexed and capped as it arrives: a flood of output can
 * never exhaust the harness's memory, and the stream is always drained so the writer never blocks.
 */

/** Keeps the first `limit` bytes of a stream and counts everything. */
export class Capture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.headBytes;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
    }
  }

  /** Counts bytes the sender dropped itself (the executor forwards only the first `limit`). */
  account(total: number): void {
    this.total = Math.max(this.total, total);
  }

  /** The first `limit` bytes, then a marker line saying how many bytes were dropped. */
  finish(): { text: string; truncated: boolean } {
    const body = Buffer.concat(this.head).toString('utf8');
    const dropped = this.total - this.headBytes;
    return { text: dropped > 0 ? `${body}\n[... output truncated: ${dropped} bytes dropped]` : body, truncated: dropped > 0 };
  }
}

/** Where demultiplexed bytes go. */
export interface Sink {
  push(chunk: Buffer): void;
}

/** Docker's multiplexed stream: 8-byte frames headers (stream type, 3 zero bytes, size BE). */
export function demux(stream: Duplex, stdout: Sink, stderr: Sink): void {
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size);
      (pending[0] === 2 ? stderr : stdout).push(payload);
      pending = pending.subarray(8 + size);
    }
  });
}
