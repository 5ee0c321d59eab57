import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGradable, scoreRows } from '../../harness/grading/catalog-scores.js';
import { getMetric } from '../../harness/grading/metrics/catalog.js';
import { MIN_RESOLVED_SHARE, pairedBootstrap, privateClusters, RESAMPLES, resolvableCheck } from '../../harness/smith/verify/resolvable.js';
import { mulberry32 } from '../../harness/stats/rng.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { readTestUnits, TestUnitsError } from '../../harness/task/test-units.js';
import { runPython } from '../../harness/util/python.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

// The check that a test set can tell the reference from the baselines (issue #12, the seventh
// reading's "nothing to rank" on 92–250 test rows), on tasks made here and against scipy.

const root = tempDir('arena-resolvable-');

/** Normal draws from a seeded uniform (Box–Muller), so the data are the same on every run. */
function normals(n: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float()));
}

/** Errors of sd 1 and of sd `wider`, drawn independently. */
const drawn = (wider: number) => (n: number): [number[], number[]] => [normals(n, 2), normals(n, 3).map((v) => v * wider)];

/**
 * Errors of 1 against, in blocks of four rows, 1.5, 0.5, 1.2 and 0.9: the second's MSE is 1.1875,
 * a per-row difference of mean 0.1875 and sd 0.77, whatever n is: a paired t of 1.2 on 24 rows
 * (a one-sided p near 0.12) and 9.4 on 1,500.
 */
const BLOCK = [1.5, 0.5, 1.2, 0.9];
const patterned = (n: number): [number[], number[]] => [Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1)), Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * BLOCK[i % 4]!)];

/** A regression task of n private rows (y standard normal) scored by MSE, and two submissions with the given errors. */
async function regression(id: string, n: number, errorsOf: (n: number) => [number[], number[]]): Promise<{ task: Task; ours: string; theirs: string; errors: [number[], number[]] }> {
  const y = normals(n, 1);
  const dir = writeGradableTask(
    root,
    manifest({ id, objective: 'regression', classes: undefined, metric: { name: 'mse', higherIsBetter: false, params: {} }, targetColumns: ['y'], submission: { columns: [{ name: 'id', type: 'id' }, { name: 'y', type: 'number' }] }, split: { seed: 0, rows: { train: 0, test: n }, publicLeaderboardFraction: 0.3 } }),
    y.map((v, i) => ({ id: String(i), target: String(v), board: 'private' })),
  );
  const [e1, e2] = errorsOf(n);
  const write = (name: string, errors: number[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, ['id,y', ...y.map((v, i) => `${i},${v + errors[i]!}`)].join('\n') + '\n');
    return file;
  };
  return { task: await loadTask(dir), ours: write('ours.csv', e1), theirs: write('theirs.csv', e2), errors: [e1, e2] };
}

describe('the paired bootstrap of two submissions on the private rows', () => {
  it("agrees with scipy's paired t-test of the squared errors (MSE is their mean)", async () => {
    const { task, ours, theirs, errors } = await regression('mse-400', 400, drawn(1.12));
    const definition = getMetric('mse')!;
    const score = (read: Awaited<ReturnType<typeof readGradable>>, rows: Uint32Array) => scoreRows(definition, {}, read, rows);
    const paired = pairedBootstrap(score, false, await readGradable(task, ours), await readGradable(task, theirs), 7);
    const code = `
import json, sys
from scipy import stats
e1, e2 = json.load(sys.stdin)
t = stats.ttest_rel([v * v for v in e1], [v * v for v in e2], alternative='less')
print(json.dumps({'share': 1 - t.pvalue, 'difference': sum(v * v for v in e1) / len(e1) - sum(v * v for v in e2) / len(e2)}))`;
    const r = await runPython(['-c', code], { input: JSON.stringify(errors) });
    expect(r.stderr).toBe('');
    const scipy = JSON.parse(r.stdout) as { share: number; difference: number };
    expect(paired.resamples).toBe(RESAMPLES);
    expect(paired.difference).toBeCloseTo(scipy.difference, 10);
    // 1000 resamples: a binomial standard error of at most 0.016, plus the t-test's normal approximation.
    expect(Math.abs(paired.better / paired.resamples - scipy.share)).toBeLessThan(0.04);
    expect(scipy.share).toBeGreaterThan(0.6);
    expect(scipy.share).toBeLessThan(0.99);
  });

  it('skips the resamples the metric cannot score (one class only) and counts the rest', async () => {
    // 40 private rows with 2 positives: a resample draws neither in (38/40)^40 ≈ 13% of the draws.
    const ids = Array.from({ length: 40 }, (_, i) => String(i));
    const dir = writeGradableTask(
      root,
      manifest({ id: 'rare-auc', objective: 'binary', classes: ['no', 'yes'], metric: { name: 'roc_auc', higherIsBetter: true, params: { positiveClass: 'yes' } }, submission: { columns: [{ name: 'id', type: 'id' }, { name: 'label', type: 'probability' }] }, split: { seed: 0, rows: { train: 0, test: 40 }, publicLeaderboardFraction: 0.3 } }),
      ids.map((id, i) => ({ id, target: i < 2 ? 'yes' : 'no', board: 'private' })),
    );
    const task = await loadTask(dir);
    const write = (name: string, p: (i: number) => number) => {
      writeFileSync(path.join(dir, name), ['id,label', ...ids.map((id, i) => `${id},${p(i)}`)].join('\n') + '\n');
      return path.join(dir, name);
    };
    const definition = getMetric('roc_auc')!;
    const score = (read: Awaited<ReturnType<typeof readGradable>>, rows: Uint32Array) => scoreRows(definition, { positiveClass: 'yes' }, read, rows);
    const paired = pairedBootstrap(score, true, await readGradable(task, write('a.csv', (i) => (i < 2 ? 0.9 : i / 100))), await readGradable(task, write('b.csv', (i) => i / 100)), 3);
    expect(paired.resamples).toBeLessThan(RESAMPLES * 0.95);
    expect(paired.resamples).toBeGreaterThan(RESAMPLES * 0.75);
    expect(paired.better).toBe(paired.resamples);
  });
});

/** Writes the task's test_units.csv: row i of the answers is in unit unitOf(i). */
function writeUnits(task: Task, n: number, unitOf: (i: number) => number): void {
  writeFileSync(task.paths.testUnits, ['id,unit', ...Array.from({ length: n }, (_, i) => `${i},${unitOf(i)}`)].join('\n') + '\n');
}

/** A task of `units` × `size` private rows whose rows within a unit repeat the unit's errors exactly. */
async function repeatedUnits(id: string, units: number, size: number): Promise<{ task: Task; ours: string; theirs: string; errors: [number[], number[]] }> {
  const [u1, u2] = drawn(1.12)(units);
  const made = await regression(id, units * size, () => [Array.from({ length: units * size }, (_, i) => u1[Math.floor(i / size)]!), Array.from({ length: units * size }, (_, i) => u2[Math.floor(i / size)]!)]);
  writeUnits(made.task, units * size, (i) => Math.floor(i / size));
  return { ...made, errors: [u1, u2] };
}

describe('resampling whole units of a split by units', () => {
  const definition = getMetric('mse')!;
  const score = (read: Awaited<ReturnType<typeof readGradable>>, rows: Uint32Array) => scoreRows(definition, {}, read, rows);

  it('draws the same resamples of 40 units of 10 repeated rows as of the 40 units themselves, where rows one by one would overstate the evidence', async () => {
    const grouped = await repeatedUnits('units-40x10', 40, 10);
    const single = await regression('units-40', 40, () => grouped.errors);
    const [ours, theirs] = [await readGradable(grouped.task, grouped.ours), await readGradable(grouped.task, grouped.theirs)];
    const clusters = privateClusters(ours, await readTestUnits(grouped.task));
    expect(clusters).toHaveLength(40);
    expect(clusters.every((c) => c.length === 10)).toBe(true);
    const byUnit = pairedBootstrap(score, false, ours, theirs, 5, RESAMPLES, clusters);
    const alone = pairedBootstrap(score, false, await readGradable(single.task, single.ours), await readGradable(single.task, single.theirs), 5);
    // The MSE of k copies of each drawn unit is the MSE of the drawn units: the same draws, the same verdicts.
    expect(byUnit.better).toBe(alone.better);
    expect(byUnit.difference).toBeCloseTo(alone.difference, 12);
    const byRow = pairedBootstrap(score, false, ours, theirs, 5);
    expect(byRow.better).toBeGreaterThan(byUnit.better);
  });

  it("agrees with scipy's paired t-test of the units' mean squared errors", async () => {
    // 60 units of 2 to 7 rows, the rows of a unit sharing its error plus a little of their own.
    const units = 60;
    const sizes = Array.from({ length: units }, (_, u) => 2 + (u % 6));
    const unitOf = sizes.flatMap((k, u) => Array.from({ length: k }, () => u));
    const n = unitOf.length;
    const [u1, u2] = drawn(1.1)(units);
    const [r1, r2] = [normals(n, 8), normals(n, 9)];
    const errors: [number[], number[]] = [unitOf.map((u, i) => u1[u]! + 0.2 * r1[i]!), unitOf.map((u, i) => u2[u]! + 0.2 * r2[i]!)];
    const made = await regression('units-scipy', n, () => errors);
    writeUnits(made.task, n, (i) => unitOf[i]!);
    const ours = await readGradable(made.task, made.ours);
    const paired = pairedBootstrap(score, false, ours, await readGradable(made.task, made.theirs), 11, RESAMPLES, privateClusters(ours, await readTestUnits(made.task)));
    // The MSE is a ratio of unit sums; weighting each unit's mean squared error by its size, the
    // paired t-test of the weighted means is the test the unit bootstrap approximates.
    const code = `
import json, sys
import numpy as np
from scipy import stats
e1, e2, unit = (np.array(v) for v in json.load(sys.stdin))
k = np.bincount(unit)
d = (np.bincount(unit, e1 ** 2) - np.bincount(unit, e2 ** 2)) / k
w = d * k / k.mean()
t = stats.ttest_1samp(w, 0.0, alternative='less')
print(json.dumps({'share': 1 - t.pvalue}))`;
    const r = await runPython(['-c', code], { input: JSON.stringify([...errors, unitOf]) });
    expect(r.stderr).toBe('');
    const scipy = JSON.parse(r.stdout) as { share: number };
    expect(scipy.share).toBeGreaterThan(0.55);
    expect(scipy.share).toBeLessThan(0.99);
    expect(Math.abs(paired.better / paired.resamples - scipy.share)).toBeLessThan(0.05);
  });

  it('refuses a units file that does not cover the test rows or is malformed, naming the file and line', async () => {
    const made = await regression('units-broken', 6, drawn(1));
    const ours = await readGradable(made.task, made.ours);
    writeFileSync(made.task.paths.testUnits, 'id,unit\n0,0\n1,0\n');
    expect(() => privateClusters(ours, new Map([['0', 0], ['1', 0]]))).toThrow(/test id "2" has no unit/);
    writeFileSync(made.task.paths.testUnits, 'id,group\n0,0\n');
    await expect(readTestUnits(made.task)).rejects.toThrow(/test_units\.csv: the header is id,group, expected id,unit/);
    writeFileSync(made.task.paths.testUnits, 'id,unit\n0,0\n1,x\n');
    await expect(readTestUnits(made.task)).rejects.toThrow(TestUnitsError);
    await expect(readTestUnits(made.task)).rejects.toThrow(/line 3: unit "x" is not a whole number/);
    writeFileSync(made.task.paths.testUnits, 'id,unit\n0,0\n0,1\n');
    await expect(readTestUnits(made.task)).rejects.toThrow(/line 3: id "0" appears twice/);
  });
});

describe('resolvableCheck', () => {
  it('passes a difference that 1,500 test rows resolve and rejects the same difference on 24', async () => {
    const large = await regression('mse-1500', 1500, patterned);
    const small = await regression('mse-24', 24, patterned);
    const pass = (await resolvableCheck(large.task, { agent: 'baseline:gbm', submission: large.ours }, [{ agent: 'baseline:one-input', submission: large.theirs }]))!;
    const fail = (await resolvableCheck(small.task, { agent: 'baseline:gbm', submission: small.ours }, [{ agent: 'baseline:one-input', submission: small.theirs }]))!;
    expect(pass.ok).toBe(true);
    expect(fail.ok).toBe(false);
    expect(fail.message).toContain('of the 24 private test rows');
    expect(fail.message).toContain('cannot tell a model from baseline:one-input');
    const [compared] = fail.details!.compared as { share: number }[];
    expect(compared!.share).toBeLessThan(MIN_RESOLVED_SHARE);
  });

  it('resamples the units of a split by units, and says so', async () => {
    // 15 units of 100 rows that repeat their unit's errors: 1,500 rows one by one resolve the
    // difference, its 15 units do not.
    const { task, ours, theirs } = await repeatedUnits('mse-units', 15, 100);
    const check = () => resolvableCheck(task, { agent: 'baseline:gbm', submission: ours }, [{ agent: 'baseline:one-input', submission: theirs }]);
    const byUnit = (await check())!;
    expect(byUnit.ok).toBe(false);
    expect(byUnit.message).toContain('the 15 test units');
    expect(byUnit.details!.units).toBe(15);
    rmSync(task.paths.testUnits);
    const byRow = (await check())!;
    expect(byRow.ok).toBe(true);
    expect(byRow.message).toContain('of the 1500 private test rows');
  });

  it('judges by the weakest comparison, and is no check without a baseline submission that reads', async () => {
    const { task, ours, theirs } = await regression('mse-weakest', 24, patterned);
    const trivial = path.join(task.paths.dir, 'trivial.csv');
    writeFileSync(trivial, ['id,y', ...Array.from({ length: 24 }, (_, i) => `${i},5`)].join('\n') + '\n');
    const check = (await resolvableCheck(task, { agent: 'baseline:gbm', submission: ours }, [{ agent: 'baseline:trivial', submission: trivial }, { agent: 'baseline:one-input', submission: theirs }]))!;
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/baseline:trivial in 100\.0%/);
    expect(check.message).toContain('cannot tell a model from baseline:one-input');
    const broken = path.join(task.paths.dir, 'broken.csv');
    writeFileSync(broken, 'id,y\n0,1\n');
    expect(await resolvableCheck(task, { agent: 'baseline:gbm', submission: ours }, [{ agent: 'baseline:one-input', submission: broken }])).toBeNull();
  });
});
