import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { naiveScaleOfCsv } from '../../harness/grading/mase-scale.js';
import { metricDefinition } from '../../harness/grading/metrics/catalog.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import { perfectScore } from '../../harness/verification/integrity.js';
import { checkTaskStructure } from '../../harness/verification/structure.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

/**
 * Tasks scored with the count and forecast metrics, end to end: a zero-inflated count graded with
 * the Poisson deviance (its perfect submission at the optimum although the truth holds zeros, a
 * zero prediction refused as metric_failed), and MASE whose scale task.json must state.
 */

const root = tempDir();
const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
// Rows 0-2 public, 3-9 private; six of the ten counts are zero.
const counts = [0, 2, 0, 0, 5, 0, 1, 0, 3, 0];
const board = (i: number) => (i < 3 ? 'public' : 'private') as const;

function valueTask(id: string, metric: TaskManifest['metric'], truth: readonly number[]): TaskManifest {
  const m = manifest({
    id,
    objective: 'regression',
    classes: undefined,
    metric,
    targetColumns: ['y'],
    submission: { columns: [{ name: 'id', type: 'id' }, { name: 'y', type: 'number' }] },
  });
  writeGradableTask(root, m, ids.map((rowId, i) => ({ id: rowId, target: String(truth[i]), board: board(i) })));
  return m;
}

function submission(name: string, predictions: readonly number[]): string {
  const file = path.join(root, 'subs', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, ['id,y', ...predictions.map((p, i) => `${ids[i]},${p}`)].join('\n') + '\n');
  return file;
}

let poissonTask: Task;
let maseTask: Task;
let maseWithoutScale: Task;

beforeAll(async () => {
  valueTask('affairs-poisson', { name: 'poisson_deviance', higherIsBetter: false, params: {} }, counts);
  poissonTask = await loadTask(path.join(root, 'affairs-poisson'));
  const level = [10, 12, 11, 13, 15, 14, 16, 18, 17, 19];
  valueTask('level-mase', { name: 'mase', higherIsBetter: false, params: { scale: 1.5 } }, level);
  maseTask = await loadTask(path.join(root, 'level-mase'));
  valueTask('level-mase-unscaled', { name: 'mase', higherIsBetter: false, params: {} }, level);
  maseWithoutScale = await loadTask(path.join(root, 'level-mase-unscaled'));
});

describe('a zero-inflated count task scored with the Poisson deviance', () => {
  it('grades a rate prediction on the private rows as the deviance formula gives by hand', async () => {
    const rate = 1.1;
    const report = await gradeSubmission(poissonTask, submission('rate.csv', ids.map(() => rate)));
    expect(report.errors).toEqual([]);
    const privateCounts = counts.slice(3);
    const byHand = privateCounts.map((y) => 2 * ((y === 0 ? 0 : y * Math.log(y / rate)) - y + rate));
    expect(report.score).toBeCloseTo(byHand.reduce((a, b) => a + b, 0) / privateCounts.length, 12);
  });

  it('refuses a zero prediction as metric_failed, naming the row', async () => {
    const report = await gradeSubmission(poissonTask, submission('zero.csv', ids.map((_, i) => (i === 5 ? 0 : 1))));
    expect(report.valid).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ code: 'metric_failed' });
    expect(report.errors[0]!.message).toMatch(/strictly positive y_pred; row \d+ has y_true=0, y_pred=0/);
  });

  it('scores the perfect submission at the optimum although most of the truth is zero', async () => {
    const d = metricDefinition('poisson_deviance');
    expect(Math.abs((await perfectScore(poissonTask)) - d.optimum)).toBeLessThanOrEqual(d.optimumTolerance);
  });
});

describe('a forecast scored with MASE', () => {
  it('divides the mean absolute error by the scale task.json states', async () => {
    // The naive forecast repeats the last training value, 10, for every test row.
    const report = await gradeSubmission(maseTask, submission('naive.csv', ids.map(() => 10)));
    const privateErrors = [13, 15, 14, 16, 18, 17, 19].map((y) => y - 10);
    expect(report.score).toBeCloseTo(privateErrors.reduce((a, b) => a + b, 0) / 7 / 1.5, 12);
  });

  it('is a broken task without params.scale: the structure check names the field, grading throws', async () => {
    const check = await checkTaskStructure(maseWithoutScale);
    expect(check.problems).toContainEqual(expect.stringMatching(/field metric\.params\.scale: is required: the mean absolute error of the naive forecast/));
    expect((await checkTaskStructure(maseTask)).problems.filter((p) => p.includes('metric.params'))).toEqual([]);
    await expect(gradeSubmission(maseWithoutScale, submission('any.csv', ids.map(() => 1)))).rejects.toThrow(/mase: metric\.params\.scale/);
  });
});

describe('MASE scale from a training CSV', () => {
  const csv = (name: string, lines: string[]) => {
    const file = path.join(root, 'train', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  it('takes the naive errors in file order, per series in a panel, at the season length', async () => {
    // 1, 3, 2, 5, 4: naive errors 2, 1, 3, 1, mean 7/4.
    const single = csv('single.csv', ['t,y', '1,1', '2,3', '3,2', '4,5', '5,4']);
    expect(await naiveScaleOfCsv(single, 'y')).toBe(1.75);
    // Period 2: |2 − 1|, |5 − 3|, |4 − 2| = 1, 2, 2, mean 5/3.
    expect(await naiveScaleOfCsv(single, 'y', { period: 2 })).toBeCloseTo(5 / 3, 15);
    // Two interleaved series a: 10, 12, 11 and b: 100, 90: errors 2, 1 and 10, never |100 − 12|.
    const panel = csv('panel.csv', ['store,y', 'a,10', 'b,100', 'a,12', 'b,90', 'a,11']);
    expect(await naiveScaleOfCsv(panel, 'y', { seriesColumn: 'store' })).toBeCloseTo(13 / 3, 15);
  });

  it('names the file, line and column of what it cannot use', async () => {
    const bad = csv('bad.csv', ['t,y', '1,1', '2,oops']);
    await expect(naiveScaleOfCsv(bad, 'y')).rejects.toThrow(/bad\.csv: line 3, column "y": "oops" is not a finite number/);
    await expect(naiveScaleOfCsv(bad, 'z')).rejects.toThrow(/bad\.csv: no column "z"/);
    const flat = csv('flat.csv', ['t,y', '1,4', '2,4', '3,4']);
    await expect(naiveScaleOfCsv(flat, 'y')).rejects.toThrow(/flat\.csv: column "y": .*positive finite scale/);
  });
});
