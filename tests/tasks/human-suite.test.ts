import { datasetDataDigest } from '../../harness/datasets/data-digest.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { findDataset } from '../../harness/datasets/registry.js';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { getMetric } from '../../harness/grading/metrics/catalog.js';
import { submissionFormat } from '../../harness/grading/submission-format.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { taskPaths, type Task } from '../../harness/task/loader.js';
import { LEADERBOARD_COLUMN, SuiteManifest, TaskManifest } from '../../harness/task/schema.js';
import { hashTree, sha256File } from '../../harness/util/hash-tree.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';

/**
 * The human-designed reference suite, tasks/human-v1: every manifest is checked statically, and the
 * small tabular tasks are materialized end to end from raw datasets converted afresh into a temp
 * ARENA_HOME (never from whatever happens to be fetched on this machine).
 */

const SUITE_DIR = path.join(REPO_ROOT, 'tasks', 'human-v1');
const RUN_PREPARE = path.join(REPO_ROOT, 'harness', 'task', 'python', 'run_prepare.py');

const taskIds = readdirSync(SUITE_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function readManifest(id: string): TaskManifest {
  return TaskManifest.parse(JSON.parse(readFileSync(path.join(SUITE_DIR, id, 'task.json'), 'utf8')));
}

function readTable(file: string): { header: string[]; rows: string[][] } {
  return parseCsv(readFileSync(file, 'utf8'));
}

function column(table: { header: string[]; rows: string[][] }, name: string): string[] {
  const at = table.header.indexOf(name);
  if (at < 0) throw new Error(`no column "${name}" in [${table.header.join(', ')}]`);
  return table.rows.map((r) => r[at]!);
}

/** A Python constant of prepare.py, e.g. `SEED = 2026`. */
function pythonConstant(source: string, name: string): string | undefined {
  return new RegExp(`^${name} = (.+)$`, 'm').exec(source)?.[1]?.trim();
}

describe('tasks/human-v1 manifests', () => {
  it('suite.json is a valid SuiteManifest that lists exactly the task directories', () => {
    const suite = SuiteManifest.parse(JSON.parse(readFileSync(path.join(SUITE_DIR, 'suite.json'), 'utf8')));
    expect(suite.name).toBe('human-v1');
    expect(suite.origin).toBe('human');
    expect(suite.version).toBe('1.0.0');
    expect(suite.description.length).toBeGreaterThan(20);
    expect([...suite.tasks].sort()).toEqual(taskIds);
    expect(new Set(suite.tasks).size).toBe(suite.tasks.length);
    expect(taskIds).toHaveLength(12);
  });

  it.each(taskIds)('%s: task.json is valid and consistent with the catalog, the registry and prepare.py', (id) => {
    const m = readManifest(id);
    expect(m.id).toBe(id);
    expect(m.provenance.roles['designer']?.by).toBe('human');
    expect(m.provenance.createdAt).toBe('2026-11-26T00:00:00Z');
    // Anchors measured by `arena tasks anchor`: the reference baseline beats the trivial one, short of the optimum.
    const { trivial, reference, optimum } = m.anchors;
    expect([trivial, reference, optimum].every((v) => typeof v === 'number')).toBe(true);
    const better = (a: number, b: number) => (m.metric.higherIsBetter ? a > b : a < b);
    expect(better(reference!, trivial!), `${id}: reference ${reference} vs trivial ${trivial}`).toBe(true);
    expect(better(reference!, optimum!)).toBe(false);
    expect(optimum).toBeCloseTo(getMetric(m.metric.name)!.optimum, 6);
    expect(m.idColumn).toBe('id');
    expect(m.targetColumns).toHaveLength(1);

    // The metric exists, its direction is right, and it can read the declared submission columns.
    const metric = getMetric(m.metric.name);
    expect(metric, `metric ${m.metric.name}`).toBeDefined();
    expect(m.metric.higherIsBetter).toBe(metric!.higherIsBetter);
    const format = submissionFormat(m);
    expect(format.inputKind).not.toBeNull();
    expect(metric!.accepts).toContain(format.inputKind);
    if (format.inputKind === 'binary-scores') expect(m.classes).toContain(m.metric.params['positiveClass']);
    if (m.objective === 'regression') expect(m.classes).toBeUndefined();
    else expect(new Set(m.classes).size).toBe(m.classes!.length);

    // The dataset is a registered one, and the hashed raw files are the ones prepare.py reads.
    const dataset = findDataset(m.dataset.name);
    expect(dataset, `dataset ${m.dataset.name}`).toBeDefined();
    expect(dataset!.modality).toBe(m.modality);
    const rawFiles = Object.keys(m.dataset.sha256);
    if (m.modality === 'image') {
      // dataset.json lists every image's sha256 and is verified against them on fetch,
      // so hashing it pins all the images without listing thousands of files here.
      expect(rawFiles.sort()).toEqual(['dataset.json', 'labels.csv']);
    } else {
      expect(rawFiles).toEqual(['data.csv']);
    }

    // prepare.py's constants agree with the manifest.
    const prepare = readFileSync(path.join(SUITE_DIR, id, 'prepare.py'), 'utf8');
    expect(prepare).toMatch(/^def prepare\(raw_dir: Path, public_dir: Path, private_dir: Path\) -> None:$/m);
    expect(Number(pythonConstant(prepare, 'SEED'))).toBe(m.split.seed);
    expect(Number(pythonConstant(prepare, 'PUBLIC_FRACTION'))).toBe(m.split.publicLeaderboardFraction);
    expect(Number(pythonConstant(prepare, 'TEST_ROWS'))).toBe(m.split.rows.test);
    expect(pythonConstant(prepare, 'TARGET')).toBe(JSON.stringify(m.targetColumns[0]));
  });

  it.each(taskIds)('%s: description.md documents the data, the metric and its direction, and the submission', (id) => {
    const m = readManifest(id);
    const text = readFileSync(path.join(SUITE_DIR, id, 'description.md'), 'utf8');
    expect(text.length).toBeGreaterThan(1500);
    for (const heading of ['## Overview', '## Task', '## Data', '## Evaluation', '## Submission Format', '## Notes']) expect(text).toContain(heading);
    const prose = text.replace(/\s+/g, ' ');
    expect(prose).toContain(m.metric.higherIsBetter ? 'higher is better' : 'lower is better');
    expect(prose).not.toContain(m.metric.higherIsBetter ? 'lower is better' : 'higher is better');
    for (const c of m.submission.columns) expect(text).toContain(`\`${c.name}\``);
    expect(text).toContain(`\n${m.submission.columns.map((c) => c.name).join(',')}\n`);
    const counts = (n: number) => [String(n), n.toLocaleString('en-US')];
    expect(counts(m.split.rows.train).some((s) => prose.includes(`— ${s} `))).toBe(true);
    expect(counts(m.split.rows.test).some((s) => prose.includes(`— ${s} `))).toBe(true);
    expect(prose).toContain(`**public** leaderboard (${Math.round(m.split.publicLeaderboardFraction * 100)}% of the test rows)`);
  });

  it('covers the modalities and the planned variety of metrics', () => {
    const manifests = taskIds.map(readManifest);
    const metrics = new Set(manifests.map((m) => m.metric.name));
    for (const name of ['accuracy', 'roc_auc', 'log_loss', 'rmse']) expect(metrics).toContain(name);
    expect(['f1_macro', 'balanced_accuracy'].some((n) => metrics.has(n))).toBe(true);
    expect(['r2', 'mae'].some((n) => metrics.has(n))).toBe(true);
    expect(['mcc', 'quadratic_weighted_kappa'].some((n) => metrics.has(n))).toBe(true);
    expect(manifests.some((m) => m.metric.name === 'log_loss' && m.objective === 'multiclass')).toBe(true);
    expect(new Set(manifests.map((m) => m.modality))).toEqual(new Set(['tabular', 'image', 'text']));
    expect(new Set(manifests.map((m) => m.dataset.name)).size).toBe(12);
  });
});

/** Small tabular tasks whose raw data converts in seconds: prepared end to end here. */
const SMALL_TASKS = ['iris-species', 'wine-cultivar', 'breast-cancer-diagnosis', 'diabetes-progression', 'boston-house-prices', 'seattle-weather-type'];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-human-suite-'));
const previousHome = process.env.ARENA_HOME;
const rawDirs = new Map<string, string>();

beforeAll(async () => {
  process.env.ARENA_HOME = path.join(scratch, 'home');
  for (const id of SMALL_TASKS) {
    const { dataset } = readManifest(id);
    rawDirs.set(id, (await fetchDataset(dataset.name)).dir);
  }
});

afterAll(() => {
  if (previousHome === undefined) delete process.env.ARENA_HOME;
  else process.env.ARENA_HOME = previousHome;
  rmSync(scratch, { recursive: true, force: true });
});

async function runPrepare(id: string, outDir: string): Promise<void> {
  mkdirSync(path.join(outDir, 'public'), { recursive: true });
  mkdirSync(path.join(outDir, 'private'), { recursive: true });
  const result = await runPython([RUN_PREPARE, path.join(SUITE_DIR, id, 'prepare.py'), rawDirs.get(id)!, path.join(outDir, 'public'), path.join(outDir, 'private')], { cwd: outDir });
  if (result.code !== 0) throw new Error(`${id}/prepare.py exited with ${result.code}:\n${result.stderr}`);
}

describe.each(SMALL_TASKS)('%s, prepared from a freshly converted raw dataset', (id) => {
  const m = readManifest(id);
  const target = m.targetColumns[0]!;
  const out = path.join(scratch, 'out', id);
  const file = (rel: string) => path.join(out, 'a', rel);
  let train: ReturnType<typeof readTable>;
  let test: ReturnType<typeof readTable>;
  let sample: ReturnType<typeof readTable>;
  let answers: ReturnType<typeof readTable>;

  beforeAll(async () => {
    await runPrepare(id, path.join(out, 'a'));
    await runPrepare(id, path.join(out, 'b'));
    train = readTable(file('public/train.csv'));
    test = readTable(file('public/test.csv'));
    sample = readTable(file('public/sample_submission.csv'));
    answers = readTable(file('private/answers.csv'));
  });

  it('reads raw files whose sha256 are the ones recorded in task.json (dataset.json: the digest of the data it lists)', async () => {
    const raw = rawDirs.get(id)!;
    for (const [rel, sha] of Object.entries(m.dataset.sha256)) {
      expect(rel === 'dataset.json' ? await datasetDataDigest(raw) : await sha256File(path.join(raw, rel)), rel).toBe(sha);
    }
  });

  it('gives byte-identical outputs on two runs, and exactly the four expected files', async () => {
    const a = await hashTree(path.join(out, 'a'));
    const b = await hashTree(path.join(out, 'b'));
    expect(Object.keys(a)).toEqual(['private/answers.csv', 'public/sample_submission.csv', 'public/test.csv', 'public/train.csv']);
    expect(b).toEqual(a);
  });

  it('writes the declared columns: train = id + features + target, test = train without the target', () => {
    expect(train.header[0]).toBe('id');
    expect(train.header).toContain(target);
    expect(test.header).not.toContain(target);
    expect(test.header).toEqual(train.header.filter((c) => c !== target));
    expect(test.header.length).toBeGreaterThan(1);
    expect(sample.header).toEqual(m.submission.columns.map((c) => c.name));
    expect(answers.header).toEqual(['id', target, LEADERBOARD_COLUMN]);
    expect(train.rows.length).toBe(m.split.rows.train);
    expect(test.rows.length).toBe(m.split.rows.test);
  });

  it('aligns unique ids across test, sample submission and answers, disjoint from train', () => {
    const testIds = column(test, 'id');
    const trainIds = column(train, 'id');
    expect(new Set(testIds).size).toBe(testIds.length);
    expect(new Set(trainIds).size).toBe(trainIds.length);
    expect(column(sample, 'id')).toEqual(testIds);
    expect([...column(answers, 'id')].sort()).toEqual([...testIds].sort());
    const inTest = new Set(testIds);
    expect(trainIds.filter((i) => inTest.has(i))).toEqual([]);
    // Fresh integer ids 0..n-1 over train and test together.
    const all = [...trainIds, ...testIds].map(Number).sort((x, y) => x - y);
    expect(all).toEqual(all.map((_, i) => i));
  });

  it('splits the test rows into public and private leaderboards at the declared share', () => {
    const board = column(answers, LEADERBOARD_COLUMN);
    expect(new Set(board)).toEqual(new Set(['public', 'private']));
    const publicRows = board.filter((b) => b === 'public').length;
    expect(Math.abs(publicRows - m.split.publicLeaderboardFraction * board.length)).toBeLessThanOrEqual(0.5);
  });

  it('has targets of the declared kind, ids in no target order, and no feature that copies the target', () => {
    const trainTarget = column(train, target);
    const testTarget = column(answers, target);
    if (m.classes) {
      for (const v of [...trainTarget, ...testTarget]) expect(m.classes).toContain(v);
      // Stratified: every class in train, and test class shares close to train's.
      for (const c of m.classes) {
        const share = (vs: string[]) => vs.filter((v) => v === c).length / vs.length;
        expect(share(trainTarget)).toBeGreaterThan(0);
        expect(Math.abs(share(trainTarget) - share(testTarget))).toBeLessThan(0.03);
      }
      // In id order the labels keep changing (a label-sorted order would change K - 1 times).
      const changes = trainTarget.filter((v, i) => i > 0 && v !== trainTarget[i - 1]).length;
      expect(changes).toBeGreaterThan(trainTarget.length / 4);
    } else {
      for (const v of [...trainTarget, ...testTarget]) expect(Number.isFinite(Number(v)) && v.trim() !== '').toBe(true);
      const ups = trainTarget.filter((v, i) => i > 0 && Number(v) > Number(trainTarget[i - 1])).length;
      expect(ups / trainTarget.length).toBeGreaterThan(0.3);
      expect(ups / trainTarget.length).toBeLessThan(0.7);
    }
    for (const feature of test.header.filter((c) => c !== 'id')) {
      const values = column(train, feature);
      expect(values.every((v, i) => v === trainTarget[i]), `${feature} copies the target`).toBe(false);
      if (m.classes && new Set(values).size <= m.classes.length) {
        const labelOf = new Map<string, Set<string>>();
        values.forEach((v, i) => labelOf.set(v, (labelOf.get(v) ?? new Set()).add(trainTarget[i]!)));
        expect([...labelOf.values()].every((s) => s.size === 1), `${feature} determines the target`).toBe(false);
      }
    }
  });

  it('grades the sample submission as valid, and a perfect submission at the optimum', async () => {
    const task: Task = { manifest: m, paths: { ...taskPaths(path.join(SUITE_DIR, id)), privateDir: path.join(out, 'a', 'private'), answers: file('private/answers.csv') } };
    const graded = await gradeSubmission(task, file('public/sample_submission.csv'));
    expect(graded.errors).toEqual([]);
    expect(graded.valid).toBe(true);
    expect(graded.rows.public + graded.rows.private).toBe(m.split.rows.test);

    const truth = column(answers, target);
    const lines = [m.submission.columns.map((c) => c.name).join(',')];
    column(answers, 'id').forEach((rowId, i) => {
      const cells = m.submission.columns.slice(1).map((c) => {
        if (c.type === 'probability' && m.submission.columns.length === 2) return truth[i] === m.metric.params['positiveClass'] ? '1' : '0';
        if (c.type === 'probability') return truth[i] === c.name ? '1' : '0';
        return truth[i]!;
      });
      lines.push([rowId, ...cells].join(','));
    });
    const perfectFile = path.join(out, 'perfect.csv');
    writeFileSync(perfectFile, lines.join('\n') + '\n');
    const perfect = await gradeSubmission(task, perfectFile);
    expect(perfect.errors).toEqual([]);
    const optimum = m.metric.higherIsBetter ? 1 : 0;
    expect(perfect.score).toBeCloseTo(optimum, 6);
    expect(perfect.publicScore).toBeCloseTo(optimum, 6);
    // The constant sample submission is far from perfect.
    expect(Math.abs(graded.score! - optimum)).toBeGreaterThan(0.2);
  });
});
