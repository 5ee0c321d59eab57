import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCustomMetric } from '../../harness/grading/custom-metric.js';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { catalogMetricOf } from '../../harness/task/import/catalog-match.js';
import { mapMetricScript } from '../../harness/task/import/metric-mapping.js';
import { importTasks } from '../../harness/task/import/import.js';
import { formatImportReport } from '../../harness/task/import/report.js';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { tempDir as newTempDir } from '../helpers/fixture-task.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
const tempDir = () => {
  const dir = newTempDir();
  roots.push(dir);
  return dir;
};

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Small prepared data as MLE-bench leaves it under its data directory: <id>/prepared/{public,private}. */
function writeData(dir: string): void {
  const target = (i: number) => String(i % 2);
  write(path.join(dir, 'public', 'train.csv'), ['id,x,y', ...Array.from({ length: 30 }, (_, i) => `t${i},${i},${target(i)}`)].join('\n') + '\n');
  write(path.join(dir, 'public', 'test.csv'), ['id,x', ...Array.from({ length: 20 }, (_, i) => `s${i},${i}`)].join('\n') + '\n');
  write(path.join(dir, 'public', 'sample_submission.csv'), ['id,y', ...Array.from({ length: 20 }, (_, i) => `s${i},0`)].join('\n') + '\n');
  write(path.join(dir, 'private', 'test.csv'), ['id,y', ...Array.from({ length: 20 }, (_, i) => `s${i},${target(i)}`)].join('\n') + '\n');
}

const GRADE = 'from mlebench.grade_helpers import InvalidSubmissionError\ndef grade(submission, answers):\n    return float((submission["y"] == answers["y"]).mean())\n';

/** A competition folder of MLE-bench's layout, its prepared data under `data`. */
function competition(root: string, data: string, id: string, files: { grade?: string; leaderboard?: string; answers?: string }): void {
  const dir = path.join(root, id);
  write(path.join(dir, 'description.md'), `# ${id}\n\nPredict y from x.\n`);
  write(path.join(dir, 'config.yaml'), `id: ${id}\nname: ${id}\ndataset:\n  answers: ${id}/prepared/private/${files.answers ?? 'test.csv'}\n  sample_submission: ${id}/prepared/public/sample_submission.csv\ngrader:\n  name: custom-score\n  grade_fn: mlebench.competitions.${id}.grade:grade\n`);
  write(path.join(dir, 'grade.py'), files.grade ?? GRADE);
  if (files.leaderboard) write(path.join(dir, 'leaderboard.csv'), files.leaderboard);
  writeData(path.join(data, id, 'prepared'));
}

describe('mapMetricScript', () => {
  it.each([
    ['from sklearn.metrics import accuracy_score\nreturn accuracy_score(a, b)', 'accuracy'],
    ['return f1_score(y, p, average="macro")', 'f1_macro'],
    ['return np.sqrt(mean_squared_error(y, p))', 'rmse'],
    ['return mean_squared_error(y, p)', 'mse'],
    ['return cohen_kappa_score(y, p, weights="quadratic")', 'quadratic_weighted_kappa'],
    ['return roc_auc_score(y, p)', 'roc_auc'],
  ])('maps %j to %s', (source, metric) => {
    expect(mapMetricScript(source)).toBe(metric);
  });

  it('keeps scripts that compute several or no catalog metrics', () => {
    expect(mapMetricScript('a = accuracy_score(y, p)\nb = roc_auc_score(y, q)\nreturn a + b')).toBeNull();
    expect(mapMetricScript('from sklearn.metrics import accuracy_score\nreturn my_score(y, p)')).toBeNull();
  });

  it('names the catalog metric by a called function named like its title, or by the grader\'s name', () => {
    expect(catalogMetricOf('return mean_average_precision_at_k(actual=a, predicted=p, k=12)', 'MAP@12')).toEqual({ metric: 'map_at_k', evidence: 'the function the grader calls' });
    expect(catalogMetricOf('return (metrics.root_mean_squared_log_error(a, b) + c) / 2', 'mean-column-wise-rmsle')).toEqual({ metric: 'rmsle', evidence: 'the grader\'s name "mean-column-wise-rmsle"' });
    expect(catalogMetricOf('return my_score(y, p)', 'custom-score')).toBeNull();
  });
});

describe('arena tasks import: bad competitions', () => {
  it('skips each bad competition with one line saying why, and imports the rest of the folder', async () => {
    const root = tempDir();
    const comps = path.join(root, 'competitions');
    const data = path.join(root, 'data');
    competition(comps, data, 'good-one', { leaderboard: 'teamId,score\n1,0.9\n2,0.7\n3,0.4\n' });
    competition(comps, data, 'pointer-board', { leaderboard: 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'ab'.repeat(32) + '\nsize 1234\n', grade: GRADE.replace('return float(', 'from sklearn.metrics import accuracy_score\n    return accuracy_score(submission["y"], answers["y"]) + 0 * float(') });
    competition(comps, data, 'missing-answers', { leaderboard: 'teamId,score\n1,0.9\n2,0.1\n', answers: 'nowhere.csv' });
    competition(comps, data, 'raising-grader', { leaderboard: 'teamId,score\n1,0.9\n2,0.1\n', grade: 'import mlebench.nonexistent_helpers\n' + GRADE });
    competition(comps, data, 'unknown-metric', {});
    const result = await importTasks('mle-bench', comps, path.join(root, 'suite'), { dataRoot: data });
    expect(result.imported.map((t) => t.id).sort()).toEqual(['good-one', 'pointer-board']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [path.basename(s.dir), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['missing-answers', 'raising-grader', 'unknown-metric']);
    for (const reason of Object.values(reasons)) expect(reason.split('\n')).toHaveLength(1);
    expect(reasons['missing-answers']).toMatch(/answers missing-answers\/prepared\/private\/nowhere\.csv \(config\.yaml dataset\.answers\) not found; run `mlebench prepare -c missing-answers` and pass its data directory with --data/);
    expect(reasons['raising-grader']).toMatch(/raising-grader\/grade\.py cannot run here: ModuleNotFoundError: No module named 'mlebench\.nonexistent_helpers'/);
    expect(reasons['unknown-metric']).toMatch(/unknown-metric\/grade\.py: the direction of the metric is unknown \(no leaderboard scores, no higher_is_better, no catalog metric called\)/);

    const good = result.imported.find((t) => t.id === 'good-one')!;
    expect(good.direction).toEqual({ higherIsBetter: true, from: 'leaderboard order (leaderboard.csv: best first)' });
    expect(good.sampleScore).toBe(0.5);
    const pointer = result.imported.find((t) => t.id === 'pointer-board')!;
    expect(pointer.leaderboard).toBe('Git LFS pointer');
    expect(pointer.direction.from).toBe('catalog metric accuracy (by the scikit-learn call in the grader)');
    const report = formatImportReport(pointer);
    // 0/1 answers are read as numbers, which accuracy does not score: the peer's code grades it.
    expect(report).toMatch(/^imported pointer-board \(mle-bench\)\n {2}metric: custom-score, computed by the peer's code \(grade\.py\) in the sandbox: the catalog metric accuracy does not stand in \(accuracy scores labels; the submission's columns \(y: number\) give values\) \(catalog equivalent: accuracy\)\n {2}direction: higher is better/);
    expect(report).toMatch(/note: .*leaderboard\.csv is a Git LFS pointer \(oid abababababab…\), not the scores/);

    // Prepared and graded: the peer's grader on our boards, the same grader behind the task's metric.py (custom metric runner, sandboxed).
    const task = await loadTask(path.join(result.suite, 'good-one'));
    await prepareTask(task);
    const graded = await gradeSubmission(task, task.paths.sampleSubmission);
    expect([graded.valid, graded.fullScore, graded.rows]).toEqual([true, 0.5, { public: 6, private: 14 }]);
    expect(graded.standing).toMatchObject({ teams: 3, medal: null, position: 3, humanRank: 1 / 3 });
    const viaMetricPy = await runCustomMetric(task, task.paths.sampleSubmission);
    expect(viaMetricPy).toEqual({ public: graded.publicScore, private: graded.score });
  }, 300_000);

  it('says where to find the data when MLE-Dojo has not prepared a competition', async () => {
    const root = tempDir();
    const comp = path.join(root, 'dojo', 'no-data');
    write(path.join(comp, 'info', 'description.txt'), 'Predict y.\n');
    write(path.join(comp, 'utils', 'metric.py'), 'return accuracy_score(a, b)');
    const result = await importTasks('mle-dojo', path.join(root, 'dojo'), path.join(root, 'suite'));
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/no prepared data \(data\/private\/test_answer\.csv\); pass --data/);
  });
});
