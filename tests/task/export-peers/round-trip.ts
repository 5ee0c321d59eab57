import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { submissionFormat } from '../../../harness/grading/submission-format.js';
import { exportTasks, type ExportLayout } from '../../../harness/task/export/export.js';
import { importTasks } from '../../../harness/task/import/import.js';
import { loadTask, type Task } from '../../../harness/task/loader.js';
import { prepareTask } from '../../../harness/task/prepare.js';
import { parseCsv } from '../../../harness/tabular/csv.js';
import { runPython } from '../../../harness/util/python.js';
import { PEERS } from '../import-peers/peer-fixtures.js';

/** A copy of a task directory (without its data), prepared, under root/ours. */
export async function preparedCopy(taskDir: string, root: string): Promise<Task> {
  const dir = path.join(root, 'ours', path.basename(taskDir));
  cpSync(taskDir, dir, { recursive: true, filter: (src) => !src.startsWith(path.join(taskDir, 'data')) });
  const task = await loadTask(dir);
  await prepareTask(task);
  return task;
}

/**
 * Exports tasks (a task or a suite directory) to a peer's layout, runs each exported prepare as the
 * peer does (tests/fixtures/peers/peer_prepare.py) into the peer's data directory, imports the
 * exported folder back in one command and prepares every imported task. Returns them by id.
 */
export async function exportAndImport(dir: string, ids: readonly string[], layout: ExportLayout, root: string): Promise<Map<string, Task>> {
  const out = path.join(root, `export-${layout}`);
  const exported = await exportTasks(layout, dir, out);
  expect(exported.skipped).toEqual([]);
  const data = path.join(root, `data-${layout}`);
  for (const id of ids) {
    const comp = path.join(out, id);
    const prepared = path.join(data, id, layout === 'mle-bench' ? 'prepared' : 'data');
    const r = await runPython([path.join(PEERS, 'peer_prepare.py'), layout, comp, path.join(comp, 'raw'), path.join(prepared, 'public'), path.join(prepared, 'private')]);
    expect(r.stderr, `${id}: the exported prepare`).toBe('');
  }
  const imported = await importTasks(layout, out, path.join(root, `suite-${layout}`), { dataRoot: data });
  expect(imported.skipped).toEqual([]);
  const back = new Map<string, Task>();
  for (const id of ids) {
    const task = await loadTask(path.join(imported.suite, id));
    await prepareTask(task);
    back.set(id, task);
  }
  return back;
}

/**
 * Submissions of a prepared task besides its sample: the perfect one (the answers themselves) and
 * a deliberately bad one (each label moved to the next class, each probability given to the
 * wrong class, values in reversed row order, rankings reversed), in the task's submission columns.
 */
export function madeSubmissions(task: Task, dir: string): { sample: string; perfect: string; bad: string } {
  const { manifest } = task;
  const format = submissionFormat(manifest);
  const { header, rows } = parseCsv(readFileSync(task.paths.answers, 'utf8'));
  const idAt = header.indexOf(manifest.idColumn);
  const truthAt = header.indexOf(manifest.targetColumns[0]!);
  const classes = format.classes;
  const truth = rows.map((r) => r[truthAt]!);
  const next = (label: string) => classes[(classes.indexOf(label) + 1) % classes.length]!;
  const cells = (label: string, bad: boolean, r: number): string[] =>
    format.valueColumns.map((col) => {
      if (col.type === 'ranking') return (bad ? [...label.split(' ')].reverse().concat('unlisted') : label.split(' ')).join(' ');
      if (col.type === 'probability' && format.valueColumns.length === 1) return String(Number((label === classes[format.positiveClass]) !== bad));
      if (col.type === 'probability' && !bad) return String(Number(label === col.name));
      if (col.type === 'probability') return String(next(label) === col.name ? 0.9 : 0.1 / (classes.length - 1));
      if (col.type === 'number' && classes.length === 0) return bad ? truth[truth.length - 1 - r]! : label;
      return bad ? next(label) : label;
    });
  const write = (name: string, bad: boolean) => {
    const file = path.join(dir, `${manifest.id}-${name}.csv`);
    const lines = rows.map((row, r) => [row[idAt]!, ...cells(truth[r]!, bad, r)].join(','));
    writeFileSync(file, [[manifest.idColumn, ...format.valueColumns.map((c) => c.name)].join(','), ...lines].join('\n') + '\n');
    return file;
  };
  return { sample: task.paths.sampleSubmission, perfect: write('perfect', false), bad: write('bad', true) };
}
