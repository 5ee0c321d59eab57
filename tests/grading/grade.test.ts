import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

const root = tempDir();
let labelTask: Task;
let probaTask: Task;
let binaryTask: Task;
let regressionTask: Task;

// Ten test rows; rows 0-2 public, 3-9 private.
const ids = Array.from({ length: 10 }, (_, i) => String(100 + i));
const truth = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a'];
const board = (i: number) => (i < 3 ? 'public' : 'private') as 'public' | 'private';

function submission(name: string, text: string): string {
  const file = path.join(root, 'subs', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function labelsCsv(labels: string[], header = 'id,label'): string {
  return [header, ...labels.map((l, i) => `${ids[i]},${l}`)].join('\n') + '\n';
}

beforeAll(async () => {
  writeGradableTask(root, manifest({ id: 'labels' }), ids.map((id, i) => ({ id, target: truth[i]!, board: board(i) })));
  labelTask = await loadTask(path.join(root, 'labels'));
  writeGradableTask(
    root,
    manifest({
      id: 'proba',
      metric: { name: 'log_loss', higherIsBetter: false, params: {} },
      submission: { columns: [{ name: 'id', type: 'id' }, ...['a', 'b', 'c'].map((c) => ({ name: c, type: 'probability' as const }))] },
    }),
    ids.map((id, i) => ({ id, target: truth[i]!, board: board(i) })),
  );
  probaTask = await loadTask(path.join(root, 'proba'));
  writeGradableTask(
    root,
    manifest({
      id: 'binary',
      objective: 'binary',
      classes: ['no', 'yes'],
      metric: { name: 'roc_auc', higherIsBetter: true, params: { positiveClass: 'yes' } },
      submission: { columns: [{ name: 'id', type: 'id' }, { name: 'label', type: 'probability' }] },
    }),
    ids.map((id, i) => ({ id, target: i % 2 ? 'yes' : 'no', board: i % 5 < 2 ? 'public' : 'private' })),
  );
  binaryTask = await loadTask(path.join(root, 'binary'));
  writeGradableTask(
    root,
    manifest({
      id: 'regression',
      objective: 'regression',
      classes: undefined,
      metric: { name: 'rmse', higherIsBetter: false, params: {} },
      targetColumns: ['y'],
      submission: { columns: [{ name: 'id', type: 'id' }, { name: 'y', type: 'number' }] },
    }),
    ids.map((id, i) => ({ id, target: String(i * 1.5), board: board(i) })),
  );
  regressionTask = await loadTask(path.join(root, 'regression'));
});

describe('gradeSubmission scores', () => {
  it('scores private rows as `score` and public rows as `publicScore`', async () => {
    // Right on all public rows, right on 4 of 7 private rows.
    const pred = truth.map((t, i) => (i >= 3 && i < 6 ? (t === 'a' ? 'b' : 'a') : t));
    const report = await gradeSubmission(labelTask, submission('partly.csv', labelsCsv(pred)));
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.publicScore).toBe(1);
    expect(report.score).toBeCloseTo(4 / 7, 12);
    expect(report.rows).toEqual({ public: 3, private: 7 });
  });

  it('accepts rows in any order and columns in any order', async () => {
    const lines = ['label,id', ...truth.map((t, i) => `${t},${ids[i]}`).reverse()];
    const report = await gradeSubmission(labelTask, submission('shuffled.csv', lines.join('\n')));
    expect(report.valid).toBe(true);
    expect(report.score).toBe(1);
  });

  it('scores binary probabilities for the named positive class', async () => {
    // A perfect ranking: positives (odd rows) get higher scores.
    const lines = ['id,label', ...ids.map((id, i) => `${id},${i % 2 ? 0.9 : 0.1}`)];
    const good = await gradeSubmission(binaryTask, submission('auc.csv', lines.join('\n')));
    expect(good.score).toBe(1);
    const inverted = ['id,label', ...ids.map((id, i) => `${id},${i % 2 ? 0.1 : 0.9}`)];
    const bad = await gradeSubmission(binaryTask, submission('auc-inv.csv', inverted.join('\n')));
    expect(bad.score).toBe(0);
  });

  it('scores regression values', async () => {
    const lines = ['id,y', ...ids.map((id, i) => `${id},${i * 1.5 + (i >= 3 ? 2 : 0)}`)];
    const report = await gradeSubmission(regressionTask, submission('reg.csv', lines.join('\n')));
    expect(report.publicScore).toBe(0);
    expect(report.score).toBeCloseTo(2, 12);
  });
});

describe('gradeSubmission rejects bad submissions with precise errors', () => {
  const cases: { name: string; task: () => Task; text?: string; setup?: (file: string) => string; code: string; row?: number; column?: string }[] = [
    { name: 'missing file', task: () => labelTask, setup: () => path.join(root, 'nope.csv'), code: 'file_missing' },
    { name: 'empty file', task: () => labelTask, text: '', code: 'file_empty' },
    { name: 'binary file', task: () => labelTask, text: 'id,label\n\u0000\u0001\u0002', code: 'not_csv' },
    { name: 'broken quoting', task: () => labelTask, text: 'id,label\n100,"a\n', code: 'not_csv' },
    { name: 'header only', task: () => labelTask, text: 'id,label\n', code: 'no_rows' },
    { name: 'missing column', task: () => labelTask, text: 'id\n100\n', code: 'missing_column', column: 'label' },
    { name: 'extra column', task: () => labelTask, text: labelsCsv(truth).replace('id,label', 'id,label,x').replace(/\n(\d+,\w)/g, '\n$1,0'), code: 'extra_column', column: 'x' },
    { name: 'renamed column', task: () => labelTask, text: labelsCsv(truth, 'id,Label'), code: 'renamed_column', column: 'Label' },
    { name: 'duplicate id', task: () => labelTask, text: labelsCsv(truth) + `${ids[0]},a\n`, code: 'duplicate_id', row: 12 },
    { name: 'missing id', task: () => labelTask, text: labelsCsv(truth.slice(0, 9)), code: 'missing_id' },
    { name: 'unknown id', task: () => labelTask, text: labelsCsv(truth) + '999,a\n', code: 'unknown_id', row: 12 },
    { name: 'ragged row', task: () => labelTask, text: labelsCsv(truth).replace(`${ids[4]},b`, `${ids[4]},b,extra`), code: 'ragged_row', row: 6 },
    { name: 'unknown label', task: () => labelTask, text: labelsCsv(truth.map((t, i) => (i === 2 ? 'zebra' : t))), code: 'unknown_label', row: 4, column: 'label' },
    { name: 'empty label', task: () => labelTask, text: labelsCsv(truth.map((t, i) => (i === 2 ? '' : t))), code: 'missing_value', row: 4 },
    {
      name: 'non-numeric probability',
      task: () => probaTask,
      text: ['id,a,b,c', ...ids.map((id, i) => `${id},${i === 1 ? 'high' : 0.2},0.4,0.4`)].join('\n'),
      code: 'non_numeric',
      row: 3,
      column: 'a',
    },
    { name: 'NaN', task: () => probaTask, text: ['id,a,b,c', ...ids.map((id, i) => `${id},${i === 1 ? 'NaN' : 0.2},0.4,0.4`)].join('\n'), code: 'non_finite', row: 3 },
    { name: 'inf', task: () => regressionTask, text: ['id,y', ...ids.map((id, i) => `${id},${i === 0 ? 'inf' : 1}`)].join('\n'), code: 'non_finite', row: 2 },
    { name: 'probability > 1', task: () => probaTask, text: ['id,a,b,c', ...ids.map((id, i) => `${id},${i === 1 ? 1.5 : 0.2},0.4,0.4`)].join('\n'), code: 'probability_out_of_range', row: 3 },
    { name: 'negative probability', task: () => binaryTask, text: ['id,label', ...ids.map((id, i) => `${id},${i === 0 ? -0.1 : 0.5}`)].join('\n'), code: 'probability_out_of_range', row: 2 },
    { name: 'rows not summing to 1', task: () => probaTask, text: ['id,a,b,c', ...ids.map((id, i) => `${id},0.2,0.4,${i === 5 ? 0.1 : 0.4}`)].join('\n'), code: 'probabilities_not_normalized', row: 7 },
    {
      name: 'symlink',
      task: () => labelTask,
      setup: () => {
        const real = submission('real.csv', labelsCsv(truth));
        const link = path.join(root, 'subs', 'link.csv');
        symlinkSync(real, link);
        return link;
      },
      code: 'symlink',
    },
    {
      name: 'directory',
      task: () => labelTask,
      setup: () => {
        const dir = path.join(root, 'subs', 'adir');
        mkdirSync(dir, { recursive: true });
        return dir;
      },
      code: 'not_a_file',
    },
    { name: 'far too large', task: () => labelTask, text: 'id,label\n' + 'x'.repeat(70 * 1024 * 1024), code: 'file_too_large' },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.code}`, async () => {
      const file = c.setup ? c.setup('') : submission(`${c.name.replace(/\W+/g, '-')}.csv`, c.text ?? '');
      const report = await gradeSubmission(c.task(), file);
      expect(report.valid).toBe(false);
      expect(report.score).toBeNull();
      const error = report.errors.find((e) => e.code === c.code);
      expect(error, JSON.stringify(report.errors)).toBeDefined();
      expect(error!.message.length).toBeGreaterThan(10);
      if (c.row !== undefined) expect(error!.row).toBe(c.row);
      if (c.column !== undefined) expect(error!.column).toBe(c.column);
    });
  }

  it('summarizes a flood of errors instead of listing each', async () => {
    const lines = ['id,label', ...Array.from({ length: 500 }, (_, i) => `${5000 + i},a`)];
    const report = await gradeSubmission(labelTask, submission('flood.csv', lines.join('\n')));
    const unknown = report.errors.filter((e) => e.code === 'unknown_id');
    expect(unknown.length).toBe(6);
    expect(unknown[5]!.message).toMatch(/495 more rows .* \(500 in all\)/);
  });
});
