import { createReadStream } from 'node:fs';

/** One line of a file: its text, or only its size when it is longer than the bound. */
export type BoundedLine = { number: number; bytes: number; text: string } | { number: number; bytes: number; text: null };

/**
 * The lines of a file, read as a stream, each held only while it is within `maxBytes`: a longer
 * line is reported by number and size, its bytes skipped as they arrive (readline would build it
 * whole first). Memory stays within one read buffer plus `maxBytes`, whatever the file holds.
 */
export async function* readBoundedLines(file: string, maxBytes: number): AsyncGenerator<BoundedLine> {
  // The start of a line that continues past the current read: its pieces and its size so far.
  let parts: Buffer[] = [];
  let bytes = 0;
  let number = 1;
  const finish = (last: Buffer): BoundedLine => {
    const size = bytes + last.length;
    const text = size > maxBytes ? null : (parts.length ? Buffer.concat([...parts, last]) : last).toString('utf8');
    parts = [];
    bytes = 0;
    return { number: number++, bytes: size, text };
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      yield finish(piece);
    }
    const rest = chunk.subarray(start);
    bytes += rest.length;
    if (bytes > maxBytes) parts = [];
    // Copied: the stream may reuse the buffer this piece came in.
    else if (rest.length > 0) parts.push(Buffer.from(rest));
  }
  // A last line without a newline (a write cut short) is a line too.
  if (bytes > 0) yield finish(Buffer.alloc(0));
}
