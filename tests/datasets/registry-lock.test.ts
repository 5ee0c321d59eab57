import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { LOCK_FILE, lockEntry, lockMismatch, readLock } from '../../harness/datasets/lock.js';
import { DATASETS } from '../../harness/datasets/registry.js';
import { REPO_ROOT } from '../../harness/util/paths.js';

// Determinism of the whole registry in the default run, without converting anything twice: every
// registered dataset's canonical files (the copy in the datasets folder, fetched by an earlier
// `arena datasets fetch --all` or here when missing) must have the sha256 committed in
// harness/datasets/registry.lock.json. r-convert.test.ts converts a sample afresh and checks the
// same lock, so a converter change that alters output cannot hide behind copies fetched before it.

const REFRESH = 'if the change is intended, run `npm run build && node dist/harness/datasets/refresh-lock.js` (see --help) and commit the lock';

describe('the dataset lock', () => {
  it('locks exactly the registered datasets', () => {
    const locked = new Set(Object.keys(readLock().datasets));
    const registered = new Set(DATASETS.map((d) => d.name));
    expect({ notLocked: [...registered].filter((n) => !locked.has(n)), noLongerRegistered: [...locked].filter((n) => !registered.has(n)), hint: REFRESH }).toEqual({ notLocked: [], noLongerRegistered: [], hint: REFRESH });
  });

  it('every registered dataset converts to its locked sha256', async () => {
    const lock = readLock().datasets;
    const problems: string[] = [];
    const limit = pLimit(2);
    await Promise.all(
      DATASETS.map((entry) =>
        limit(async () => {
          try {
            const { manifest } = await fetchDataset(entry.name);
            problems.push(...lockMismatch(entry.name, lock[entry.name], manifest.files));
          } catch (err) {
            problems.push(`${entry.name}: ${(err as Error).message}`);
          }
        }),
      ),
    );
    expect({ problems, hint: problems.length ? REFRESH : '' }).toEqual({ problems: [], hint: '' });
  }, 60 * 60_000);

  it('a mismatch names the dataset and the file', () => {
    const locked = lockEntry({ 'data.csv': 'a'.repeat(64), 'extra.csv': 'b'.repeat(64) });
    expect(lockMismatch('x', locked, { 'data.csv': 'c'.repeat(64) })).toEqual([`x: data.csv has sha256 cccccccccccc…, locked aaaaaaaaaaaa…`, 'x: extra.csv is locked but missing']);
    expect(lockMismatch('x', undefined, {})).toEqual([`x: not in ${path.relative(REPO_ROOT, LOCK_FILE)}`]);
    // A large dataset (Fashion-MNIST's 70,000 images) is locked by one digest over its files.
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`images/${i}.png`, 'd'.repeat(64)]));
    expect(lockEntry(many).files).toBeUndefined();
    expect(lockMismatch('imgs', lockEntry(many), { ...many, 'images/3.png': 'e'.repeat(64) })).toEqual(['imgs: its 20 files differ from the lock (20 files locked)']);
  });

  it('a malformed lock is an error naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'arena-lock-'));
    const file = path.join(dir, 'registry.lock.json');
    await writeFile(file, JSON.stringify({ about: '', datasets: { iris: { sha256: 'nope', fileCount: 1 } } }));
    expect(() => readLock(file)).toThrow(`${file}: datasets.iris.sha256:`);
    await rm(dir, { recursive: true, force: true });
  });
});
