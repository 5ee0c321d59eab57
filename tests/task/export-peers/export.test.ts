import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../../harness/grading/grade.js';
import { exportTasks, type ExportLayout } from '../../../harness/task/export/export.js';
import { importTasks } from '../../../harness/task/import/import.js';
import { loadTask, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { REPO_ROOT } from '../../../harness/util/paths.js';
import { runPython } from '../../../harness/util/python.js';
import { tempDir } from '../../helpers/fixture-task.js';
import { oracleScores, PEERS } from '../import-peers/peer-fixtures.js';

const HUMAN = path.join(REPO_ROOT, 'tasks', 'human-v1');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  roots.push(dir);
  return dir;
}

/** Seeded submissions of a prepared task: its sample and random predictions of its format. */
function submissions(task: Task, dir: string): string[] {
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = readFileSync(task.paths.sampleSubmission, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => {
    const id = l.split(',')[0]!;
    const values = header.slice(1).map(() => 0.05 + random());
    const sum = values.reduce((a, b) => a + b, 0);
    return [id, ...values.map((v) => (header.length > 2 ? v / sum : Math.min(v, 1)))].join(',');
  });
  const random1 = path.join(dir, 'random.csv');
  writeFileSync(random1, [header.join(','), ...rows].join('\n') + '\n');
  return [task.paths.sampleSubmission, random1];
}

/** A copy of one of our tasks, prepared, outside the repository. */
async function preparedCopy(id: string, root: string): Promise<Task> {
  const dir = path.join(root, 'ours', id);
  cpSync(path.join(HUMAN, id), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}data`) });
  const task = await loadTask(dir);
  await prepareTask(task);
  return task;
}

/** Exports a task, runs the exported prepare.py as the peer does, and imports the result back. */
async function roundTrip(task: Task, layout: ExportLayout, root: string): Promise<{ back: Task; comp: string }> {
  const out = path.join(root, `export-${layout}`);
  const exported = await exportTasks(layout, task.paths.dir, out);
  expect(exported.skipped).toEqual([]);
  const id = task.manifest.id;
  const comp = path.join(out, id);
  const data = path.join(root, `data-${layout}`);
  const prepared = path.join(data, id, layout === 'mle-bench' ? 'prepared' : 'data');
  const r = await runPython([path.join(PEERS, 'peer_prepare.py'), layout, comp, path.join(comp, 'raw'), path.join(prepared, 'public'), path.join(prepared, 'private')]);
  expect(r.stderr).toBe('');
  const imported = await importTasks(layout, out, path.join(root, `suite-${layout}`), { dataRoot: data });
  expect(imported.skipped).toEqual([]);
  const back = await loadTask(path.join(imported.suite, id));
  await prepareTask(back);
  return { back, comp };
}

describe('arena tasks export', () => {
  it('writes MLE-bench\'s and MLE-Dojo\'s layouts', async () => {
    const root = scratch('arena-export-');
    const task = await loadTask(path.join(HUMAN, 'iris-species'));
    await exportTasks('mle-bench', task.paths.dir, path.join(root, 'bench'));
    const bench = path.join(root, 'bench', 'iris-species');
    const config = parseYaml(readFileSync(path.join(bench, 'config.yaml'), 'utf8'));
    expect(config.dataset).toEqual({ answers: 'iris-species/prepared/private/answers.csv', sample_submission: 'iris-species/prepared/public/sample_submission.csv' });
    expect(config.grader).toEqual({ name: 'log_loss', grade_fn: 'mlebench.competitions.iris-species.grade:grade' });
    for (const f of ['description.md', 'prepare.py', 'grade.py', 'raw/data.csv']) expect(existsSync(path.join(bench, f)), f).toBe(true);
    await exportTasks('mle-dojo', task.paths.dir, path.join(root, 'dojo'));
    const dojo = path.join(root, 'dojo', 'iris-species');
    for (const f of ['info/description.txt', 'utils/prepare.py', 'utils/arena_prepare.py', 'utils/metric.py', 'raw/data.csv']) expect(existsSync(path.join(dojo, f)), f).toBe(true);
    expect(readFileSync(path.join(dojo, 'utils', 'metric.py'), 'utf8')).toMatch(/higher_is_better: bool = False/);
  });

  it.each([
    ['iris-species', 'mle-bench'],
    ['iris-species', 'mle-dojo'],
    ['breast-cancer-diagnosis', 'mle-bench'],
  ] as const)('%s to %s and back grades every submission identically', async (id, layout) => {
    const root = scratch('arena-roundtrip-');
    const ours = await preparedCopy(id, root);
    const { back } = await roundTrip(ours, layout, root);
    const peerAnswers = path.join(back.paths.privateDir, (back.manifest.metric.params['peer'] as { answers: string }).answers);
    expect(back.manifest.metric.higherIsBetter).toBe(ours.manifest.metric.higherIsBetter);
    expect(readFileSync(back.paths.answers, 'utf8')).toBe(readFileSync(ours.paths.answers, 'utf8'));
    for (const sub of submissions(ours, root)) {
      const [a, b] = [await gradeSubmission(ours, sub), await gradeSubmission(back, sub)];
      expect([a.valid, b.valid], sub).toEqual([true, true]);
      expect(Math.abs(a.score! - b.score!), `${sub} private`).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(a.publicScore! - b.publicScore!), `${sub} public`).toBeLessThanOrEqual(1e-9);
      // The exported grader's fullScore is the metric computed directly (peer_oracle.py), rounded as the peer rounds.
      const positive = ours.manifest.metric.params['positiveClass'];
      const [expected] = await oracleScores(layout, id, [[sub, peerAnswers]], positive === undefined ? ours.manifest.metric.name : `${ours.manifest.metric.name}:${String(positive)}`);
      expect(Math.abs(b.fullScore! - expected!), `${sub} full ${b.fullScore} vs ${expected}`).toBeLessThanOrEqual(1e-9);
    }
  }, 600_000);
});
