import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../harness/task/loader.js';
import { checkLeakage, LEAKAGE_CHECKS, type CheckOutcome } from '../../harness/verification/leakage.js';
import { MULTI_COLUMN_LEAKS, TABLE_LEAKS } from '../fixtures/leaks/fixtures.js';
import { cachedLeakage, fixtureTask, makeLeakyFixtures } from '../fixtures/leaky/fixtures.js';

/**
 * Leakage checks on fixture tasks built from real scikit-learn data (wine, diabetes, digits) and one
 * coarse synthetic table, each variant planting one leak (tests/fixtures/leaky/make_fixtures.py).
 * Every check must fail on its planted leak, naming the file and column, and nothing else may fail:
 * the clean variants pass every check.
 */

let dir: string;
const outcomes = cachedLeakage(() => dir);

function byId(list: CheckOutcome[], id: string): CheckOutcome {
  const found = list.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome ${id} in ${list.map((o) => o.id).join(', ')}`);
  return found;
}

const failing = (list: CheckOutcome[]) => list.filter((o) => !o.ok).map((o) => o.id);

beforeAll(async () => {
  ({ dir } = await makeLeakyFixtures());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('clean fixtures: no false positives', () => {
  it.each(['wine-clean', 'diabetes-clean', 'sunspots-clean', 'digits-clean', 'digits-batch-dirs', 'coarse-natural'])('%s passes every leakage check', async (variant) => {
    const list = await outcomes(variant);
    expect(list.map((o) => o.id)).toEqual([...LEAKAGE_CHECKS]);
    for (const o of list) {
      expect(o.ok, `${o.id}: ${o.message}`).toBe(true);
      expect(o.stage).toBe('assertions');
      expect(o.fixBy).toBe('designer');
      expect(o.message.length).toBeGreaterThan(10);
    }
  });
});

/** Variant → the only check that must fail, and what its message must name. */
const PLANTED: [variant: string, check: string, message: RegExp[]][] = [
  ['wine-target-in-test', 'target-absent-from-test', [/test\.csv has the target column `cultivar`/]],
  ['sunspots-short-lag', 'forecast-history', [/test\.csv column `spots_lag_11` gives 18 of 30 test rows \(60\.0%\) a value never observed in training, among them test answers/]],
  ['wine-copy', 'target-copy', [/train\.csv column `cultivar_copy` is a copy of target `cultivar`: equal on 100% of 124 rows/, /test\.csv column `cultivar_copy`/]],
  ['wine-recoding', 'target-recoding', [/train\.csv column `cultivar_code` maps 1:1 onto target `cultivar` \(3 values, 100% consistent/, /'A7'→'class_0'/]],
  ['diabetes-affine', 'target-recoding', [/train\.csv column `progression_x2` is an affine transform of target `progression`: target ≈ 0\.4·x − 4/]],
  ['diabetes-monotone', 'target-recoding', [/train\.csv column `progression_log` is a strictly monotone function of target `progression` \(Spearman ρ = 1\.00000/]],
  ['wine-near-predictor', 'single-feature-predictor', [/train\.csv column `assay_index` alone predicts target `cultivar`: 100% cross-validated accuracy/, /majority class 40\.3%/]],
  ['diabetes-nonmonotone', 'single-feature-predictor', [/train\.csv column `severity` alone predicts target `progression`: cross-validated R² = 0\.99/]],
  ['wine-id-sorted', 'id-order', [/train\.csv id column `id` sorts with target `cultivar`/, /test\.csv id column `id` sorts with target `cultivar` \(answers\.csv\)/, /κ = 0\.9/]],
  ['wine-train-rows-sorted', 'id-order', [/train\.csv row order sorts with target `cultivar`/]],
  ['wine-test-rows-sorted', 'id-order', [/^test\.csv row order sorts with target `cultivar` \(answers\.csv\)/]],
  ['coarse-rare-last', 'id-order', [/train\.csv id column `id` sorts with target `outcome`: neighbours in that order share their class 99\.\d% of the time vs 90\.5% at random/]],
  ['diabetes-id-sorted', 'id-order', [/train\.csv id column `id` sorts with target `progression`: Spearman ρ = 1\.000/]],
  ['digits-label-path', 'path-names-target', [/train\.csv column `image`: 1257 of 1257 paths contain their row's class \(target `label`\)/, /images\/\d\/\d{4}\.png/, /test\.csv column `image`/]],
  ['wine-duplicates', 'train-test-overlap', [/5 of 59 test\.csv rows \(8\.5%\) repeat the full feature vector of a train\.csv row/, /e\.g\. test id 178 = train id \d+/]],
  ['digits-duplicates', 'train-test-overlap', [/5 of 545 test\.csv rows/, /file contents compared/]],
  ['coarse-copied', 'train-test-overlap', [/test\.csv rows \(2\d\.\d%\) repeat/, /far above the \d\.\d% of train\.csv rows that have a duplicate within train\.csv/]],
];

describe('planted leaks', () => {
  it.each(PLANTED)('%s fails %s, and only it', async (variant, check, patterns) => {
    const list = await outcomes(variant);
    expect(failing(list)).toEqual([check]);
    const o = byId(list, check);
    for (const p of patterns) expect(o.message).toMatch(p);
    expect(o.fixBy).toBe('designer');
    expect(o.details).toBeDefined();
  });

  it('every leakage check fails on at least one planted or real leak (here or in multi-column-leaks.test.ts)', () => {
    const planted = [...PLANTED.map(([, check]) => check), ...MULTI_COLUMN_LEAKS.map(([, check]) => check), ...TABLE_LEAKS.map(([, , , , check]) => check), 'hard-target-gap'];
    expect(new Set(planted)).toEqual(new Set(LEAKAGE_CHECKS));
  });

  it('digits in file names that name a class by coincidence are counted, not flagged', async () => {
    const o = byId(await outcomes('digits-batch-dirs'), 'path-names-target');
    const train = (o.details!.tested as { file: string; ownLabelRows: number; otherLabelRows: number }[]).find((t) => t.file === 'train.csv')!;
    expect(train.ownLabelRows).toBeGreaterThan(50);
    expect(train.otherLabelRows).toBeGreaterThan(5 * train.ownLabelRows);
  });

  it('reports the overlapping rows with example ids in details', async () => {
    const o = byId(await outcomes('wine-duplicates'), 'train-test-overlap');
    expect(o.details).toMatchObject({ overlapRows: 5, testRows: 59, withinTrainDuplicateRate: 0 });
    const examples = o.details!.examples as { testId: string; trainId: string }[];
    expect(examples.map((e) => e.testId)).toEqual(['178', '179', '180']);
  });

  it('a rare class numbered last is caught by neighbour agreement, where the rank statistic stays small', async () => {
    const o = byId(await outcomes('coarse-rare-last'), 'id-order');
    const tested = o.details!.tested as { file: string; epsilon2: number; kappa: number; z: number }[];
    const train = tested.find((t) => t.file === 'train.csv')!;
    expect(train.epsilon2).toBeLessThan(0.25);
    expect(train.kappa).toBeGreaterThan(0.9);
    expect(train.z).toBeGreaterThan(10);
  });

  it('does not report a copied column again as a recoding or a predictor', async () => {
    const list = await outcomes('wine-copy');
    const predictor = byId(list, 'single-feature-predictor');
    expect((predictor.details!.skipped as Record<string, string>).cultivar_copy).toBe('reported by target-copy');
  });
});

describe('train-test-overlap modes', () => {
  it('natural duplicates of a coarse feature space pass by default, with the numbers in the message', async () => {
    const o = byId(await outcomes('coarse-natural'), 'train-test-overlap');
    expect(o.ok).toBe(true);
    expect(o.message).toMatch(/test\.csv rows \(\d+\.\d%\) coincide with the full feature vector of a train\.csv row/);
    expect(o.message).toMatch(/expected by chance: \d+\.\d% of train\.csv rows have a duplicate within train\.csv/);
    expect((o.details!.overlapRows as number) > 0).toBe(true);
  });

  it('strict mode fails on any overlap', async () => {
    const o = byId(await outcomes('coarse-natural', { overlap: 'strict' }), 'train-test-overlap');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/test\.csv rows .* repeat the full feature vector of a train\.csv row/);
  });
});

describe('thresholds are options', () => {
  it('a near-perfect predictor passes when the accuracy bar is raised above 1', async () => {
    const list = await outcomes('wine-near-predictor', { predictorMinAccuracy: 1.01 });
    expect(byId(list, 'single-feature-predictor').ok).toBe(true);
  });

  it('id-order passes a sorted id only when its thresholds are out of reach', async () => {
    const list = await outcomes('wine-id-sorted', { idOrderMaxRankR2: 1.1, idOrderMaxAdjacency: 1.1 });
    expect(byId(list, 'id-order').ok).toBe(true);
  });
});

describe('missing or broken data', () => {
  it('an unprepared task fails every check with the missing file named, without throwing', async () => {
    const copy = path.join(dir, 'unprepared');
    cpSync(path.join(dir, 'wine-clean'), copy, { recursive: true });
    rmSync(path.join(copy, 'data'), { recursive: true });
    const task = await fixtureTask(dir, 'wine-clean');
    writeFileSync(path.join(copy, 'task.json'), JSON.stringify({ ...task.manifest, id: 'unprepared' }));
    const list = await checkLeakage(await loadTask(copy));
    expect(list.map((o) => o.id)).toEqual([...LEAKAGE_CHECKS]);
    for (const o of list) {
      expect(o.ok).toBe(false);
      expect(o.message).toMatch(/train\.csv.*missing \(prepare the task first\)/);
    }
  });

  it('a target column absent from train.csv is noted in the messages', async () => {
    const copy = path.join(dir, 'no-target');
    cpSync(path.join(dir, 'wine-clean'), copy, { recursive: true });
    const task = await fixtureTask(dir, 'wine-clean');
    const m = { ...task.manifest, id: 'no-target', targetColumns: ['quality'] };
    writeFileSync(path.join(copy, 'task.json'), JSON.stringify(m));
    const list = await checkLeakage(await loadTask(copy));
    expect(byId(list, 'target-copy').message).toMatch(/train\.csv lacks target column\(s\) `quality`/);
  });
});
