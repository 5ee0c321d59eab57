import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/** A piece of text, or [piece, count]: the piece written count times. */
export type LargePart = string | [string, number];

/**
 * Writes `parts` to `file` in blocks of about 1 MiB, so a test can make a file of hundreds of MiB
 * (a 60 MiB column name) without holding it in memory, which would blur what it measures.
 */
export async function writeLargeFile(file: string, parts: LargePart[]): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      await write(part);
      continue;
    }
    const [piece, count] = part;
    const perBlock = Math.max(1, Math.floor((1 << 20) / piece.length));
    for (let left = count; left > 0; left -= perBlock) await write(piece.repeat(Math.min(perBlock, left)));
  }
  out.end();
  await finished(out);
  return file;
}
