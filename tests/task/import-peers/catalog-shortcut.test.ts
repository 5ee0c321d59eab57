import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gradeSubmission } from '../../../harness/grading/grade.js';
import { peerGradingOf } from '../../../harness/grading/peer/peer-grade.js';
import { importTasks, type ImportResult } from '../../../harness/task/import/import.js';
import { formatImportReport } from '../../../harness/task/import/report.js';
import { loadSuite, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { oracleScores, peerData, PEERS, submissionsFor } from './peer-fixtures.js';

/** Every sandboxed grading run, counted: a task the catalog grades must start none. */
const sandboxRuns = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../harness/grading/sandboxed-python.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../harness/grading/sandboxed-python.js')>();
  return {
    ...real,
    runGradingScript: (...args: Parameters<typeof real.runGradingScript>) => {
      sandboxRuns.count++;
      return real.runGradingScript(...args);
    },
  };
});

/**
 * The catalog shortcut (issue #13, item 2): at import the peer's grader and the catalog metric its
 * files name are run on the same submissions; the catalog grades the task only where it gave the
 * peer's numbers to 1e-9. The taxi-fare fixture's grade.py is scikit-learn's RMSE, so the catalog's
 * rmse stands in (MLE-bench's 5-place rounding applied); a copy whose grade.py rounds its RMSE to
 * 2 places (a peer's own rounding) is refuted, and its own code grades it.
 */
const TAXI = 'new-york-city-taxi-fare-prediction';
const ROUNDED = 'taxi-fare-rounded';
const root = tempDir('arena-catalog-shortcut-');
let result: ImportResult;
const tasks = new Map<string, Task>();

beforeAll(async () => {
  const data = await peerData(root, 'mle-bench', [TAXI]);
  const comps = path.join(root, 'competitions');
  cpSync(path.join(PEERS, 'mle-bench', TAXI), path.join(comps, TAXI), { recursive: true });
  const rounded = path.join(comps, ROUNDED);
  cpSync(path.join(PEERS, 'mle-bench', TAXI), rounded, { recursive: true });
  const config = path.join(rounded, 'config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(`id: ${TAXI}`, `id: ${ROUNDED}`));
  const grade = path.join(rounded, 'grade.py');
  writeFileSync(grade, readFileSync(grade, 'utf8').replace('return root_mean_squared_error(truth, guess)', 'return round(root_mean_squared_error(truth, guess), 2)'));
  result = await importTasks('mle-bench', comps, path.join(root, 'suite'), { dataRoot: data });
  for (const task of (await loadSuite(result.suite)).tasks) {
    await prepareTask(task);
    tasks.set(task.manifest.id, task);
  }
}, 600_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const imported = (id: string) => result.imported.find((t) => t.id === id)!;

describe('a catalog metric grades an imported task only where it gives the peer\'s number', () => {
  it('records at import whether the catalog metric reproduces the peer, and the report says which and why', () => {
    expect(result.skipped).toEqual([]);
    const taxi = peerGradingOf(tasks.get(TAXI)!)!.catalog!;
    expect(taxi).toMatchObject({ metric: 'rmse', params: {}, reproduces: true });
    expect(taxi.why).toMatch(/^it gives the peer's numbers to 1e-9 on the sample, perfect, near, far submissions, on every row and on both boards$/);
    expect(formatImportReport(imported(TAXI))).toMatch(/metric: root-mean-squared-error, computed by the catalog metric rmse \(it gives the peer's numbers/);
    const rounded = peerGradingOf(tasks.get(ROUNDED)!)!.catalog!;
    expect(rounded).toMatchObject({ metric: 'rmse', reproduces: false });
    expect(rounded.why).toMatch(/^on the sample submission \(every row, as the peer reports it\) the catalog metric gives \S+ where the peer's grader gives \S+$/);
    expect(imported(ROUNDED).metric.computedBy).toMatch(/^the peer's code \(grade\.py\) in the sandbox: the catalog metric rmse does not stand in \(on the sample submission/);
  });

  it('grades the proven task without a sandbox, to the peer\'s own number; the refuted one by the peer\'s code', async () => {
    const task = tasks.get(TAXI)!;
    const answers = path.join(task.paths.privateDir, 'peer', 'test.csv');
    const subs = await submissionsFor(TAXI, task.paths.publicDir, answers, path.join(root, 'subs'));
    const files = ['sample.csv', 'near.csv'].map((f) => path.join(subs, f));
    const expected = await oracleScores('mle-bench', TAXI, files.map((f) => [f, answers]));
    for (const [i, file] of files.entries()) {
      sandboxRuns.count = 0;
      const report = await gradeSubmission(task, file);
      expect([report.valid, report.gradedBy, sandboxRuns.count]).toEqual([true, 'catalog', 0]);
      expect(Math.abs(report.fullScore! - expected[i]!), `${file}: ${report.fullScore} vs ${expected[i]}`).toBeLessThanOrEqual(1e-9);

      sandboxRuns.count = 0;
      const byPeer = await gradeSubmission(tasks.get(ROUNDED)!, file);
      expect([byPeer.valid, byPeer.gradedBy, sandboxRuns.count]).toEqual([true, 'peer-code', 1]);
      // The copy's grade.py rounds to 2 places; the oracle's RMSE (5 places) rounded the same way.
      expect(Math.abs(byPeer.fullScore! - Number(expected[i]!.toFixed(2)))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(byPeer.score! - report.score!)).toBeLessThanOrEqual(0.005);
    }
  }, 300_000);

  it('leaves a submission our reading refuses to the peer\'s code, whose verdict stands', async () => {
    const task = tasks.get(TAXI)!;
    const bad = path.join(root, 'no-fare.csv');
    writeFileSync(bad, 'key,fare\n' + readFileSync(task.paths.sampleSubmission, 'utf8').split('\n').slice(1).join('\n'));
    sandboxRuns.count = 0;
    const report = await gradeSubmission(task, bad);
    expect([report.valid, report.gradedBy, sandboxRuns.count]).toEqual([false, 'peer-code', 1]);
    expect(report.errors[0]!.message).toMatch(/the peer's grader \(mle-bench root-mean-squared-error\) refused the submission: InvalidSubmissionError: the submission has no fare_amount column/);
  }, 120_000);
});
