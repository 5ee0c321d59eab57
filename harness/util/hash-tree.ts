import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Every regular file below `dir`, as sorted paths relative to it with '/' separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** sha256 of every file below `dir`, keyed by relative path, in sorted order. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  const out: Record<string, string> = {};
  for (const f of files) out[f] = await sha256File(path.join(dir, f));
  return out;
}

/** One digest for a whole tree: stable over file order, sensitive to names and contents. */
export function digestOfHashes(hashes: Record<string, string>): string {
  const h = createHash('sha256');
  for (const key of Object.keys(hashes).sort()) h.update(`${key}\0${hashes[key]}\n`);
  return h.digest('hex');
}
