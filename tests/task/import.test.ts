import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { mapMetricScript } from '../../harness/task/import/metric-mapping.js';
import { importTasks } from '../../harness/task/import/import.js';
import { loadSuite, loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { checkTaskStructure } from '../../harness/verification/structure.js';
import { tempDir } from '../helpers/fixture-task.js';

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Small prepared data as both projects leave it: public/ and private/<answers>. */
function writeData(dir: string, answersName: string, target: (i: number) => string): void {
  const train = ['PassengerId,Age,Transported', ...Array.from({ length: 30 }, (_, i) => `t${i},${20 + i},${target(i)}`)];
  const test = ['PassengerId,Age', ...Array.from({ length: 20 }, (_, i) => `s${i},${30 + i}`)];
  const answers = ['PassengerId,Transported', ...Array.from({ length: 20 }, (_, i) => `s${i},${target(i)}`)];
  const sample = ['PassengerId,Transported', ...Array.from({ length: 20 }, (_, i) => `s${i},${target(0)}`)];
  write(path.join(dir, 'public', 'train.csv'), train.join('\n') + '\n');
  write(path.join(dir, 'public', 'test.csv'), test.join('\n') + '\n');
  write(path.join(dir, 'public', 'sample_submission.csv'), sample.join('\n') + '\n');
  write(path.join(dir, 'private', answersName), answers.join('\n') + '\n');
}

const DESCRIPTION = '# Spaceship Fixture\n\nPredict whether a passenger was transported. ' + 'The data has an age column. '.repeat(10);

describe('mapMetricScript', () => {
  it.each([
    ['from sklearn.metrics import accuracy_score\nreturn accuracy_score(a, b)', 'accuracy'],
    ['return f1_score(y, p, average="macro")', 'f1_macro'],
    ['return f1_score(y, p)', 'f1'],
    ['return np.sqrt(mean_squared_error(y, p))', 'rmse'],
    ['return mean_squared_error(y, p)', 'mse'],
    ['return mean_squared_error(y, p, squared=False)', 'rmse'],
    ['return cohen_kappa_score(y, p, weights="quadratic")', 'quadratic_weighted_kappa'],
    ['return roc_auc_score(y, p)', 'roc_auc'],
  ])('maps %j to %s', (source, metric) => {
    expect(mapMetricScript(source)).toBe(metric);
  });

  it('keeps scripts that compute several or no catalog metrics', () => {
    expect(mapMetricScript('a = accuracy_score(y, p)\nb = roc_auc_score(y, q)\nreturn a + b')).toBeNull();
    expect(mapMetricScript('return custom_weighted_score(y, p)')).toBeNull();
    expect(mapMetricScript('from sklearn.metrics import accuracy_score\nreturn my_score(y, p)')).toBeNull();
  });
});

describe('arena tasks import', () => {
  it('imports an MLE-Dojo competition with a catalog metric, prepares it and grades its sample', async () => {
    const root = tempDir();
    const comp = path.join(root, 'dojo', 'spaceship-fixture');
    write(path.join(comp, 'info', 'description.txt'), DESCRIPTION);
    write(path.join(comp, 'info', 'private_leaderboard.csv'), 'teamName,score\nA,0.9\nB,0.5\n');
    write(
      path.join(comp, 'utils', 'metric.py'),
      'from mledojo.metrics.base import CompetitionMetrics\nfrom sklearn.metrics import accuracy_score\n' +
        'class M(CompetitionMetrics):\n    def __init__(self, value="Transported", higher_is_better: bool = True):\n        super().__init__(higher_is_better)\n' +
        '    def evaluate(self, y_true, y_pred):\n        return accuracy_score(y_true["Transported"], y_pred["Transported"])\n',
    );
    writeData(path.join(comp, 'data'), 'test_answer.csv', (i) => (i % 3 === 0 ? 'True' : 'False'));
    const out = path.join(root, 'suite');
    const result = await importTasks('mle-dojo', path.join(root, 'dojo'), out);
    expect(result.skipped).toEqual([]);
    expect(result.imported).toEqual([{ id: 'spaceship-fixture', metric: 'accuracy', customMetric: false }]);

    const suite = await loadSuite(out);
    const task = suite.tasks[0]!;
    expect(task.manifest.title).toBe('Spaceship Fixture');
    expect(task.manifest.classes).toEqual(['False', 'True']);
    expect(task.manifest.objective).toBe('binary');
    expect(readFileSync(path.join(task.paths.dir, 'leaderboard.csv'), 'utf8')).toContain('teamName');

    const prepared = await prepareTask(task);
    expect(prepared.deterministic).toBe(true);
    const answers = readFileSync(task.paths.answers, 'utf8');
    expect(answers.split('\n')[0]).toBe('PassengerId,Transported,leaderboard');
    expect((answers.match(/,public/g) ?? []).length).toBe(6);
    const check = await checkTaskStructure(await loadTask(task.paths.dir));
    expect(check.problems).toEqual([]);
    const sample = await gradeSubmission(task, task.paths.sampleSubmission);
    expect(sample.valid).toBe(true);
  });

  it('imports an MLE-bench competition with its own grade.py as a custom metric that runs', async () => {
    const root = tempDir();
    const comp = path.join(root, 'bench', 'weighted-fixture');
    write(path.join(comp, 'description.md'), DESCRIPTION);
    write(
      path.join(comp, 'config.yaml'),
      'id: weighted-fixture\nname: Weighted Fixture\ncompetition_type: simple\ndataset:\n  answers: weighted-fixture/prepared/private/test.csv\n  sample_submission: weighted-fixture/prepared/public/sample_submission.csv\ngrader:\n  name: weighted\n  grade_fn: mlebench.competitions.weighted-fixture.grade:grade\n',
    );
    write(path.join(comp, 'leaderboard.csv'), 'score,teamId\n0.2,1\n0.5,2\n0.9,3\n');
    write(
      path.join(comp, 'grade.py'),
      'from mlebench.grade_helpers import InvalidSubmissionError\n' +
        'def grade(submission, answers):\n    if len(submission) != len(answers):\n        raise InvalidSubmissionError("length")\n' +
        '    wrong = (submission["Transported"].astype(float) - answers["Transported"].astype(float)).abs()\n    return float((wrong * 2).mean())\n',
    );
    writeData(path.join(comp, 'prepared'), 'test.csv', (i) => String(i % 2));
    const out = path.join(root, 'suite');
    const result = await importTasks('mle-bench', path.join(root, 'bench'), out);
    expect(result.skipped).toEqual([]);
    expect(result.imported).toEqual([{ id: 'weighted-fixture', metric: 'custom', customMetric: true }]);
    const task = await loadTask(path.join(out, 'weighted-fixture'));
    // leaderboard.csv lists the best first; its scores rise, so lower is better.
    expect(task.manifest.metric.higherIsBetter).toBe(false);
    await prepareTask(task);
    const sample = await gradeSubmission(task, task.paths.sampleSubmission);
    expect(sample.errors).toEqual([]);
    // The sample predicts 0 everywhere, so their metric is twice the share of ones among the private rows.
    const priv = readFileSync(task.paths.answers, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((r) => r[2] === 'private');
    expect(priv.length).toBe(14);
    const ones = priv.filter((r) => r[1] === '1').length;
    expect(sample.score).toBeCloseTo((2 * ones) / 14, 12);
  });

  it('skips a directory without prepared data and says why', async () => {
    const root = tempDir();
    const comp = path.join(root, 'dojo', 'no-data');
    write(path.join(comp, 'info', 'description.txt'), DESCRIPTION);
    write(path.join(comp, 'utils', 'metric.py'), 'return accuracy_score(a, b)');
    const result = await importTasks('mle-dojo', path.join(root, 'dojo'), path.join(root, 'suite'));
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/no prepared data.*--data/);
  });
});
