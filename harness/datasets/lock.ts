import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { digestOfHashes } from '../util/hash-tree.js';
import { REPO_ROOT } from '../util/paths.js';

/**
 * The expected canonical raw form of every registered dataset: one sha256 per dataset over its
 * data files (what `dataset.json` lists, the manifest itself excluded, so a better card never
 * changes it; the same digest a task pins), and each file's sha256 for datasets of a few files, so
 * a mismatch names the file. It lives next to the registry (harness/datasets/registry.lock.json)
 * and is committed with it: it is a fact about the converters at this commit, the way a package
 * lock is, not about one machine's fetched copies (.arena) or caches (.cache). The test
 * tests/datasets/registry-lock.test.ts compares every fetched dataset with it;
 * `node dist/harness/datasets/refresh-lock.js` rewrites it on purpose (see that file).
 */
export const LOCK_FILE = path.join(REPO_ROOT, 'harness', 'datasets', 'registry.lock.json');

/** Datasets with at most this many files list each file's sha256 in the lock. */
const LISTED_FILES = 8;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const LockEntry = z.object({
  sha256: Sha256,
  fileCount: z.number().int().positive(),
  files: z.record(z.string(), Sha256).optional(),
});
export type LockEntry = z.infer<typeof LockEntry>;
export const DatasetLock = z.object({ about: z.string(), datasets: z.record(z.string(), LockEntry) });
export type DatasetLock = z.infer<typeof DatasetLock>;

const ABOUT =
  'sha256 of each registered dataset\'s canonical raw form (the data files dataset.json lists). Checked by tests/datasets/registry-lock.test.ts; rewritten on purpose with `npm run build && node dist/harness/datasets/refresh-lock.js --help`.';

/** The lock entry of a dataset's files (relative path -> sha256, as a manifest lists them). */
export function lockEntry(files: Record<string, string>): LockEntry {
  const names = Object.keys(files).sort();
  const entry: LockEntry = { sha256: digestOfHashes(files), fileCount: names.length };
  if (names.length <= LISTED_FILES) entry.files = Object.fromEntries(names.map((n) => [n, files[n]!]));
  return entry;
}

/** Reads and validates the lock; errors name the file and the field. */
export function readLock(file = LOCK_FILE): DatasetLock {
  const parsed = DatasetLock.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes the lock with its datasets in name order (one stable text for one content). */
export function writeLock(datasets: Record<string, LockEntry>, file = LOCK_FILE): void {
  const sorted = Object.fromEntries(Object.keys(datasets).sort().map((name) => [name, datasets[name]!]));
  writeFileSync(file, JSON.stringify({ about: ABOUT, datasets: sorted }, null, 1) + '\n', 'utf8');
}

/** How a dataset's files differ from its lock entry, in words naming the files; empty when they match. */
export function lockMismatch(name: string, expected: LockEntry | undefined, files: Record<string, string>): string[] {
  if (!expected) return [`${name}: not in ${path.relative(REPO_ROOT, LOCK_FILE)}`];
  const actual = lockEntry(files);
  if (actual.sha256 === expected.sha256) return [];
  if (!expected.files || !actual.files) return [`${name}: its ${actual.fileCount} files differ from the lock (${expected.fileCount} files locked)`];
  const problems: string[] = [];
  for (const [file, digest] of Object.entries(expected.files)) {
    if (!(file in actual.files)) problems.push(`${name}: ${file} is locked but missing`);
    else if (actual.files[file] !== digest) problems.push(`${name}: ${file} has sha256 ${actual.files[file]!.slice(0, 12)}…, locked ${digest.slice(0, 12)}…`);
  }
  for (const file of Object.keys(actual.files)) if (!(file in expected.files)) problems.push(`${name}: ${file} is not in the lock`);
  return problems;
}
