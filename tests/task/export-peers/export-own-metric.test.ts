import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../../harness/grading/grade.js';
import { gradeByPeer, peerGradingOf } from '../../../harness/grading/peer/peer-grade.js';
import { asPeerReports } from '../../../harness/grading/peer/peer-rounding.js';
import { EXPORT_LAYOUTS, type ExportLayout } from '../../../harness/task/export/export.js';
import { loadTask, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { parseCsv } from '../../../harness/tabular/csv.js';
import { REPO_ROOT } from '../../../harness/util/paths.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { exportAndImport, madeSubmissions } from './round-trip.js';

/**
 * Export of the tasks a catalog call cannot grade by scikit-learn: a task with its own metric.py
 * (capped-error: the mean of min(|error|, 2)) and a ranking task (basket-next-items: MAP@5 over
 * space-separated item ids with leading zeros). Both layouts, exported and re-imported, grade as
 * the originals do, and the peer's number on every row is the metric computed here directly.
 */
const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'export-tasks');
const IDS = ['basket-next-items', 'capped-error'] as const;
const root = tempDir('arena-export-own-');
const ours = new Map<string, Task>();
const back: Record<ExportLayout, Map<string, Task>> = {} as never;

beforeAll(async () => {
  const dir = path.join(root, 'ours');
  for (const id of IDS) {
    cpSync(path.join(FIXTURES, id), path.join(dir, id), { recursive: true });
    const task = await loadTask(path.join(dir, id));
    await prepareTask(task);
    ours.set(id, task);
  }
  writeFileSync(path.join(dir, 'suite.json'), JSON.stringify({ name: 'export-fixtures', version: '1.0.0', origin: 'human', description: 'Export fixtures: a task with its own metric.py and a ranking task.', tasks: IDS }));
  for (const layout of EXPORT_LAYOUTS) back[layout] = await exportAndImport(dir, IDS, layout, root);
}, 900_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const rowsOf = (file: string) => parseCsv(readFileSync(file, 'utf8'));

/** MAP@k written out here: per row, precision at each rank <= k that hits a new relevant item, over min(|relevant|, k). */
function mapAtK(submission: string, answers: string, k: number): number {
  const sub = rowsOf(submission);
  const guesses = new Map(sub.rows.map((r) => [r[0]!, r[1]!.split(' ')]));
  const truth = rowsOf(answers).rows;
  let total = 0;
  for (const [id, items] of truth) {
    const relevant = new Set(items!.split(' '));
    const listed = guesses.get(id!)!.slice(0, k);
    let hits = 0;
    let precision = 0;
    listed.forEach((item, i) => {
      if (relevant.has(item) && listed.indexOf(item) === i) precision += ++hits / (i + 1);
    });
    total += precision / Math.min(relevant.size, k);
  }
  return total / truth.length;
}

/** The capped-error metric written out here: mean of min(|prediction - truth|, 2). */
function cappedError(submission: string, answers: string): number {
  const guesses = new Map(rowsOf(submission).rows.map((r) => [r[0]!, Number(r[1])]));
  const truth = rowsOf(answers).rows;
  return truth.reduce((sum, [id, y]) => sum + Math.min(Math.abs(guesses.get(id!)! - Number(y)), 2), 0) / truth.length;
}

const DIRECT: Record<(typeof IDS)[number], (submission: string, answers: string) => number> = {
  'basket-next-items': (s, a) => mapAtK(s, a, 5),
  'capped-error': cappedError,
};

describe('arena tasks export of a task with its own metric.py and of a ranking task', () => {
  it('ships metric.py beside the exported grader, and the direction with it', () => {
    const bench = path.join(root, 'export-mle-bench', 'capped-error');
    const dojo = path.join(root, 'export-mle-dojo', 'capped-error');
    expect(readFileSync(path.join(bench, 'arena_metric.py'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'capped-error', 'metric.py'), 'utf8'));
    expect(existsSync(path.join(dojo, 'utils', 'arena_metric.py'))).toBe(true);
    expect(readFileSync(path.join(bench, 'grade.py'), 'utf8')).toMatch(/^higher_is_better = False$/m);
    for (const layout of EXPORT_LAYOUTS) {
      expect(back[layout].get('capped-error')!.manifest.metric.higherIsBetter).toBe(false);
      expect(back[layout].get('basket-next-items')!.manifest.objective).toBe('ranking');
    }
  });

  const cases = IDS.flatMap((id) => EXPORT_LAYOUTS.map((layout) => [id, layout] as const));
  it.each(cases)('%s to %s and back grades the sample, a perfect and a bad submission identically', async (id, layout) => {
    const original = ours.get(id)!;
    const imported = back[layout].get(id)!;
    const peer = peerGradingOf(imported)!;
    const dir = path.join(root, 'subs', layout);
    mkdirSync(dir, { recursive: true });
    for (const [name, sub] of Object.entries(madeSubmissions(original, dir))) {
      const expected = await gradeSubmission(original, sub);
      expect(expected.valid, `${name}: ${JSON.stringify(expected.errors)}`).toBe(true);
      for (const report of [await gradeSubmission(imported, sub), await gradeByPeer(imported, sub, { ...peer, catalog: null })]) {
        const what = `${id} ${layout} ${name} by ${report.gradedBy}`;
        expect([report.valid, report.errors, report.rows], what).toEqual([true, [], expected.rows]);
        expect(Math.abs(report.score! - expected.score!), `${what} private`).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(report.publicScore! - expected.publicScore!), `${what} public`).toBeLessThanOrEqual(1e-9);
        // As the peer reports it: MLE-bench rounds its grade to 5 places (Python's round, checked against python3 in peer-rounding.test.ts).
        const direct = asPeerReports(layout, DIRECT[id](sub, original.paths.answers));
        expect(Math.abs(report.fullScore! - direct), `${what} full ${report.fullScore} vs ${direct}`).toBeLessThanOrEqual(1e-9);
      }
    }
  }, 300_000);

  it('grades the MLE-bench export of MAP@5 by the catalog, proven at import; metric.py and MLE-Dojo\'s unnamed class by the peer\'s code', () => {
    expect(peerGradingOf(back['mle-bench'].get('basket-next-items')!)!.catalog).toMatchObject({ metric: 'map_at_k', params: { k: 5 }, reproduces: true });
    expect(peerGradingOf(back['mle-bench'].get('capped-error')!)!.catalog).toBeNull();
    expect(peerGradingOf(back['mle-dojo'].get('basket-next-items')!)!.catalog).toBeNull();
  });
});
