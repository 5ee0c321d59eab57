import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { useTempArenaHome } from '../datasets/helpers.js';

// Counts runs of profile.py only: importing a user folder runs Python converters too.
const profilerRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../harness/util/python.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../harness/util/python.js')>();
  return {
    ...real,
    runPython: (args: string[], options?: Parameters<typeof real.runPython>[1]) => {
      if (args[0]?.endsWith('profile.py')) profilerRuns.count++;
      return real.runPython(args, options);
    },
  };
});

// User folders and cache dirs live in the temp arena home, so its cleanup removes them too.
let cleanup: () => Promise<void>;
let work: string;
beforeAll(async () => {
  ({ home: work, cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());
beforeEach(() => {
  profilerRuns.count = 0;
});

/** A user folder of 40 rows; `bump` changes one price, so the data (and nothing else) differs. */
async function shopFolder(name: string, bump = 0): Promise<string> {
  const folder = path.join(work, name);
  await mkdir(folder, { recursive: true });
  const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 13 + (i === 5 ? bump : 0)}.5,${['Paris', 'Lyon', 'Nice'][i % 3]}`);
  await writeFile(path.join(folder, 'sales.csv'), ['id,price,city', ...rows].join('\n') + '\n');
  return folder;
}

async function cacheFile(cacheDir: string): Promise<string> {
  const files = await readdir(cacheDir);
  expect(files).toHaveLength(1);
  return path.join(cacheDir, files[0]!);
}

describe('profileDataset with a cache dir', () => {
  it('profiles a dataset done before without running the profiler, to the same profile', async () => {
    const folder = await shopFolder('same');
    const cacheDir = path.join(work, 'same-cache');
    const first = await profileDataset(folder, { cacheDir });
    expect(profilerRuns.count).toBe(1);
    const second = await profileDataset(folder, { cacheDir });
    expect(profilerRuns.count).toBe(1);
    expect(second).toEqual(first);
    expect(first.rows).toBe(40);
  });

  it('runs the profiler again when a data value changed', async () => {
    const cacheDir = path.join(work, 'changed-cache');
    const before = await profileDataset(await shopFolder('changed'), { cacheDir });
    const after = await profileDataset(await shopFolder('changed', 100), { cacheDir });
    expect(profilerRuns.count).toBe(2);
    expect(after.dataDigest).not.toBe(before.dataDigest);
    expect(after.columns.find((c) => c.name === 'price')).not.toEqual(before.columns.find((c) => c.name === 'price'));
  });

  it.each([
    ['unparsable', '{"key": "abc", "output": '],
    ['invalid', JSON.stringify({ key: 'abc', output: { rows: 'many' } })],
  ])('re-makes a cache file that is %s, silently', async (kind, garbage) => {
    const folder = await shopFolder(`garbage-${kind}`);
    const cacheDir = path.join(work, `garbage-${kind}-cache`);
    const fresh = await profileDataset(folder, { cacheDir });
    const file = await cacheFile(cacheDir);
    await writeFile(file, garbage);
    expect(await profileDataset(folder, { cacheDir })).toEqual(fresh);
    expect(profilerRuns.count).toBe(2);
    // Re-made whole: the next run reads it instead of profiling.
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ output: { rows: 40 } });
    await profileDataset(folder, { cacheDir });
    expect(profilerRuns.count).toBe(2);
  });

  it('profiles every time without a cache dir', async () => {
    const folder = await shopFolder('uncached');
    await profileDataset(folder);
    await profileDataset(folder);
    expect(profilerRuns.count).toBe(2);
  });
});
