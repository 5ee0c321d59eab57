import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, type GradeReport } from '../../../harness/grading/grade.js';
import { peerGradingOf, runPeer } from '../../../harness/grading/peer/peer-grade.js';
import { EXPORT_LAYOUTS, type ExportLayout } from '../../../harness/task/export/export.js';
import type { Task } from '../../../harness/task/loader.js';
import { REPO_ROOT } from '../../../harness/util/paths.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { exportAndImport, madeSubmissions, preparedCopy } from './round-trip.js';

/**
 * The Done-when: `arena tasks export` of tasks/human-v1, to both layouts, re-imports (the
 * exported folder in one command) to tasks that grade every submission as the original does: the
 * sample, the perfect submission and a deliberately bad one, on both boards, to 1e-9, by the
 * grader the import chose and by the exported grader itself (the peer's code in the sandbox).
 */
const HUMAN = path.join(REPO_ROOT, 'tasks', 'human-v1');

const suite = JSON.parse(readFileSync(path.join(HUMAN, 'suite.json'), 'utf8')) as { tasks: string[] };
// All twelve, Fashion-MNIST's 14,000 images included: it adds about 3 minutes to this test's 13
// (measured at load 5-10 on 2 cores), the two sandboxed prepare runs of each copy being most of it.
const ids = suite.tasks;
const root = tempDir('arena-export-suite-');
const ours = new Map<string, Task>();
const back: Record<ExportLayout, Map<string, Task>> = {} as never;

beforeAll(async () => {
  const dir = path.join(root, 'ours');
  mkdirSync(dir, { recursive: true });
  for (const id of ids) ours.set(id, await preparedCopy(path.join(HUMAN, id), root));
  writeFileSync(path.join(dir, 'suite.json'), JSON.stringify({ ...suite, tasks: ids }, null, 2));
  for (const layout of EXPORT_LAYOUTS) back[layout] = await exportAndImport(dir, ids, layout, root);
}, 1_800_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectSameGrade(ours: GradeReport, theirs: GradeReport, what: string): void {
  expect([theirs.valid, theirs.errors], what).toEqual([ours.valid, []]);
  expect(theirs.rows, what).toEqual(ours.rows);
  expect(Math.abs(theirs.score! - ours.score!), `${what} private ${theirs.score} vs ${ours.score}`).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(theirs.publicScore! - ours.publicScore!), `${what} public ${theirs.publicScore} vs ${ours.publicScore}`).toBeLessThanOrEqual(1e-9);
}

describe('arena tasks export of tasks/human-v1', () => {
  it('exports and re-imports every task of the suite, with the direction and answers unchanged', () => {
    expect(ids.length).toBe(12);
    for (const layout of EXPORT_LAYOUTS) {
      expect([...back[layout].keys()].sort()).toEqual([...ids].sort());
      for (const [id, task] of back[layout]) {
        expect(task.manifest.metric.higherIsBetter, `${id} ${layout}`).toBe(ours.get(id)!.manifest.metric.higherIsBetter);
        expect(readFileSync(task.paths.answers, 'utf8'), `${id} ${layout}`).toBe(readFileSync(ours.get(id)!.paths.answers, 'utf8'));
      }
    }
  });

  const cases = ids.flatMap((id) => EXPORT_LAYOUTS.map((layout) => [id, layout] as const));
  it.each(cases)('%s to %s and back grades the sample, a perfect and a bad submission identically', async (id, layout) => {
    const original = ours.get(id)!;
    const imported = back[layout].get(id)!;
    const dir = path.join(root, 'subs', layout);
    mkdirSync(dir, { recursive: true });
    const subs = Object.entries(madeSubmissions(original, dir));
    // The exported grader itself, whatever the import chose: the peer's code in one sandbox run for the three.
    const peer = peerGradingOf(imported)!;
    const run = { origin: peer.origin, codeDir: path.join(imported.paths.dir, peer.code), privateDir: imported.paths.privateDir, answersFile: peer.answers, idColumn: imported.manifest.idColumn };
    const byExportedCode = await runPeer(run, subs.map(([, sub]) => sub));
    for (const [i, [name, sub]] of subs.entries()) {
      const what = `${id} ${layout} ${name}`;
      const expected = await gradeSubmission(original, sub);
      expect(expected.valid, `${what}: ${JSON.stringify(expected.errors)}`).toBe(true);
      const asImported = await gradeSubmission(imported, sub);
      expectSameGrade(expected, asImported, `${what} (graded by ${asImported.gradedBy})`);
      const exported = byExportedCode[i]!;
      if (exported.invalid !== null) throw new Error(`${what}: the exported grader refuses it: ${exported.invalid}`);
      expect(exported.rows, what).toEqual(expected.rows);
      expect(Math.abs(exported.private! - expected.score!), `${what} private by the exported grader`).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(exported.public! - expected.publicScore!), `${what} public by the exported grader`).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(exported.full - asImported.fullScore!), `${what} fullScore ${exported.full} vs ${asImported.fullScore}`).toBeLessThanOrEqual(1e-9);
    }
  }, 300_000);
});
