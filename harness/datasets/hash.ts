import { hashTree } from '../util/hash-tree.js';

export { listFiles, sha256, sha256File } from '../util/hash-tree.js';

export const MANIFEST_FILE = 'dataset.json';

/** sha256 of every file of a dataset folder except its manifest, keyed by relative path in sorted order. */
export function hashDatasetFiles(dir: string): Promise<Record<string, string>> {
  return hashTree(dir, (f) => f === MANIFEST_FILE);
}
