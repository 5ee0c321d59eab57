import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Every regular file under `dir` as sorted POSIX relative paths (sorted by code unit, so the order is locale-free). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 of every file below `dir` (except `exclude`), keyed by relative path, in sorted order. */
export async function hashTree(dir: string, exclude: (file: string) => boolean = () => false): Promise<Record<string, string>> {
  const files = (await listFiles(dir)).filter((f) => !exclude(f));
  const limit = pLimit(16);
  const digests = await Promise.all(files.map((f) => limit(() => sha256File(path.join(dir, f)))));
  return Object.fromEntries(files.map((f, i) => [f, digests[i]!]));
}

/** One digest for a whole tree: stable over file order, sensitive to names and contents. */
export function digestOfHashes(hashes: Record<string, string>): string {
  const h = createHash('sha256');
  for (const key of Object.keys(hashes).sort()) h.update(`${key}\0${hashes[key]}\n`);
  return h.digest('hex');
}
