import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASELINE_IDS } from '../../agents/baselines/population.js';
import { solverConfig } from '../../agents/baselines/solver-code.js';
import type { EpisodeRow } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { datasetDataDigest } from '../../harness/datasets/data-digest.js';
import { resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { METRICS } from '../../harness/grading/metrics/catalog.js';
import { naiveScaleOfCsv } from '../../harness/grading/mase-scale.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import type { Recipe } from '../../harness/task/recipe.js';
import type { TaskManifest } from '../../harness/task/schema.js';
import { manifest } from '../helpers/fixture-task.js';
import { scratchDirs } from './scratch-dirs.js';

const run = promisify(execFile);
const solverRoot = path.resolve('agents/baselines/python');
const scratch = scratchDirs();
const AGENTS = ['baseline:trivial', 'baseline:linear', 'baseline:gbm'];
/** The rest of the population, multi-step agents and their ensembles included, on a smaller count table. */
const OTHERS = BASELINE_IDS.filter((id) => !AGENTS.includes(id));
const SUITE = 'value-domain-suite';

/** Runs Python with the solver package importable and prints one JSON value, parsed with `schema`. */
async function python<T>(code: string, schema: z.ZodType<T>): Promise<T> {
  const { stdout } = await run('/usr/bin/python3', ['-c', code], { cwd: solverRoot, env: { PATH: '/usr/bin:/bin', PYTHONPATH: solverRoot, PYTHONDONTWRITEBYTECODE: '1' } });
  return schema.parse(JSON.parse(stdout));
}

const common = { fileColumns: [], classes: null, submission: 'values', positiveClass: null, lags: null, publicFraction: 0.3 } as const;

/** RAND's health insurance experiment: outpatient visits a year (`mdvis`), a count, scored by the Poisson deviance. */
const HIE_INPUTS = ['lncoins', 'idp', 'lpi', 'fmde', 'physlm', 'disea', 'hlthg', 'hlthf', 'hlthp'];
const hieRecipe: Recipe = {
  ...common,
  preparer: 'tabular-v1',
  table: 'data.csv',
  inputs: HIE_INPUTS,
  target: { source: 'mdvis', name: 'mdvis', derive: { kind: 'copy' } },
  split: { kind: 'random' },
  maxRows: 100_000,
  testFraction: 0.25,
  seed: 5,
};

/** Yearly sunspot numbers: the last 31 years forecast from the year and lags of 31–34 years (the Smith heuristic's plan), scored by MASE. */
const HORIZON = 31;
const sunspotsRecipe: Recipe = {
  ...common,
  preparer: 'tabular-v1',
  table: 'data.csv',
  inputs: ['YEAR'],
  target: { source: 'SUNACTIVITY', name: 'SUNACTIVITY', derive: { kind: 'copy' } },
  split: { kind: 'temporal', column: 'YEAR' },
  lags: { lags: [HORIZON, HORIZON + 1, HORIZON + 2, HORIZON + 3] },
  maxRows: 100_000,
  testFraction: HORIZON / 309,
  seed: 5,
};

async function recipeTask(root: string, id: string, dataset: string, recipe: Recipe, facts: Pick<TaskManifest, 'objective' | 'metric'>): Promise<Task> {
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  const target = recipe.target.name;
  const m = manifest({
    id,
    dataset: { name: dataset, source: 'statsmodels', license: 'public domain', sha256: { 'dataset.json': await datasetDataDigest(await resolveDatasetDir(dataset)) } },
    ...facts,
    targetColumns: [target],
    classes: undefined,
    submission: { columns: [{ name: 'id', type: 'id' }, { name: target, type: 'number' }] },
  });
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ ...m, recipe }));
  writeFileSync(path.join(dir, 'description.md'), 'A recipe task on values. '.repeat(20));
  const task = await loadTask(dir);
  await prepareTask(task);
  return task;
}

let tasks: Task[] = [];
let episodes: EpisodeRow[] = [];
let population: EpisodeRow[] = [];

beforeAll(async () => {
  const root = scratch.make('value-domains-');
  const hie = await recipeTask(root, 'rand-hie-mdvis-count', 'rand-hie', hieRecipe, { objective: 'regression', metric: { name: 'poisson_deviance', higherIsBetter: false, params: {} } });
  const spots = await recipeTask(root, 'sunspots-forecast', 'sunspots', sunspotsRecipe, { objective: 'forecasting', metric: { name: 'mase', higherIsBetter: false, params: {} } });
  // MASE's scale is the training series' naive error, measured once the split exists (as the Refactor does).
  const scale = await naiveScaleOfCsv(spots.paths.train, 'SUNACTIVITY');
  writeFileSync(spots.paths.manifest, JSON.stringify({ ...spots.manifest, metric: { ...spots.manifest.metric, params: { scale } } }));
  tasks = [hie, await loadTask(spots.paths.dir)];
  const small = await recipeTask(root, 'rand-hie-mdvis-small', 'rand-hie', { ...hieRecipe, maxRows: 3000 }, { objective: 'regression', metric: { name: 'poisson_deviance', higherIsBetter: false, params: {} } });
  const evalOf = async (agents: string[], on: Task[]) => {
    const outDir = path.join(scratch.make('value-domains-run-'), 'run');
    return (await runEval({ suites: [], tasks: on.map((t) => ({ suite: SUITE, dir: t.paths.dir })), agents, seeds: 1, concurrency: 2, runtime: 'local', outDir, stepTimeoutSec: 120 })).episodes;
  };
  episodes = await evalOf(AGENTS, tasks);
  population = await evalOf(OTHERS, [small, tasks[1]!]);
}, 2_400_000);

afterAll(() => {
  scratch.removeAll();
  const rows = [...episodes, ...population].map((e) => `${e.task_id.padEnd(22)} ${e.agent_id.padEnd(26)} ${e.valid ? e.score?.toFixed(4) : `invalid: ${e.error}`}`);
  if (rows.length) console.log(`private scores:\n${rows.join('\n')}`);
});

const scoreOf = (task: string, agent: string) => episodes.find((e) => e.task_id === task && e.agent_id === agent)!;

/** scikit-learn's score of a constant prediction (the training mean or median) on the private rows of a task's answers. */
async function constantScore(task: Task, statistic: 'mean' | 'median', metric: string, scale = 1): Promise<number> {
  const target = task.manifest.targetColumns[0]!;
  const code = [
    'import json, numpy as np, pandas as pd',
    'from sklearn import metrics',
    `train, answers = pd.read_csv(${JSON.stringify(task.paths.train)}), pd.read_csv(${JSON.stringify(task.paths.answers)})`,
    `truth = answers[answers["leaderboard"] == "private"][${JSON.stringify(target)}].to_numpy(float)`,
    `pred = np.full(len(truth), train[${JSON.stringify(target)}].${statistic}())`,
    `print(json.dumps(float(metrics.${metric}(truth, pred)) / ${scale}))`,
  ].join('\n');
  return python(code, z.number());
}

/** scikit-learn's MAE over the scale of the naive forecast that repeats `lag` years back, read off the raw yearly series by year, on a task's private rows. */
async function naiveScore(task: Task, dataset: string, lag: number, scale: number): Promise<number> {
  const target = task.manifest.targetColumns[0]!;
  const code = [
    'import json, pandas as pd',
    'from sklearn import metrics',
    `raw = pd.read_csv(${JSON.stringify(path.join(await resolveDatasetDir(dataset), 'data.csv'))})`,
    `by_year = pd.Series(raw[${JSON.stringify(target)}].to_numpy(), index=raw["YEAR"].astype(int))`,
    `test, answers = pd.read_csv(${JSON.stringify(task.paths.test)}, dtype={"id": str}), pd.read_csv(${JSON.stringify(task.paths.answers)}, dtype={"id": str})`,
    'rows = answers[answers["leaderboard"] == "private"].merge(test, on="id")',
    `pred = by_year.reindex(rows["YEAR"].astype(int) - ${lag}).to_numpy()`,
    `print(json.dumps(float(metrics.mean_absolute_error(rows[${JSON.stringify(target)}].to_numpy(float), pred)) / ${scale}))`,
  ].join('\n');
  return python(code, z.number());
}

describe('baselines on count and forecast tasks built by recipes', () => {
  it('every submission of trivial, linear and gbm is valid and scores finitely; gbm beats the constant', async () => {
    expect(episodes).toHaveLength(AGENTS.length * tasks.length);
    for (const e of episodes) {
      expect(e.valid, `${e.id}: ${e.error}`).toBe(1);
      expect(Number.isFinite(e.score), `${e.id}: ${e.score}`).toBe(true);
    }
    const [, spots] = tasks;
    expect(scoreOf('rand-hie-mdvis-count', 'baseline:gbm').score!).toBeLessThan(scoreOf('rand-hie-mdvis-count', 'baseline:trivial').score!);
    // A forecast's trivial is its naive forecast, which 31 years ahead (three solar cycles) gbm need not beat; the training median it must.
    const scale = spots!.manifest.metric.params['scale'] as number;
    expect(scoreOf('sunspots-forecast', 'baseline:gbm').score!).toBeLessThan(await constantScore(spots!, 'median', 'mean_absolute_error', scale));
  });

  it('every other baseline, multi-step ones included, submits valid, finitely scored predictions on both metrics', () => {
    expect(population).toHaveLength(OTHERS.length * 2);
    for (const e of population) {
      expect(e.valid, `${e.id}: ${e.error}`).toBe(1);
      expect(Number.isFinite(e.score), `${e.id}: ${e.score}`).toBe(true);
    }
  });

  it('trivial predicts what the metric wants: the mean under the Poisson deviance; for a forecast the naive value of its shortest lag, 31 years back (scikit-learn\'s scores)', async () => {
    const [hie, spots] = tasks;
    expect(scoreOf('rand-hie-mdvis-count', 'baseline:trivial').score).toBeCloseTo(await constantScore(hie!, 'mean', 'mean_poisson_deviance'), 9);
    const scale = spots!.manifest.metric.params['scale'] as number;
    expect(scoreOf('sunspots-forecast', 'baseline:trivial').score).toBeCloseTo(await naiveScore(spots!, 'sunspots', HORIZON, scale), 9);
  });
});

describe('the solver and the metric registry', () => {
  it('every step config carries the registry\'s domain, which the solver accepts', async () => {
    const withDomain = [...METRICS.values()].filter((d) => d.domain);
    expect(withDomain.map((d) => d.name)).toEqual(expect.arrayContaining(['poisson_deviance', 'gamma_deviance', 'tweedie_deviance', 'rmsle']));
    const configs = withDomain.map((d) => solverConfig({ model: 'linear' }, manifest({ id: 'x', metric: { name: d.name, higherIsBetter: d.higherIsBetter, params: {} } }), { seed: 0, timeLimitSec: 60 }));
    for (const [i, c] of configs.entries()) expect(c.metricDomain, c.metric).toEqual(withDomain[i]!.domain);
    const code = `import json\nfrom arena_solvers.config import parse_config\nprint(json.dumps([parse_config(c).metric_domain for c in json.loads(${JSON.stringify(JSON.stringify(configs))})]))`;
    const parsed = await python(code, z.array(z.object({ truth: z.string(), prediction: z.string() })));
    expect(parsed).toEqual(withDomain.map((d) => d.domain));
  });

  it('params reach the solver with the registry\'s defaults: Tweedie\'s power', () => {
    const m = manifest({ id: 'x', metric: { name: 'tweedie_deviance', higherIsBetter: false, params: {} } });
    expect(solverConfig({ model: 'gbm' }, m, { seed: 0, timeLimitSec: 60 }).metricParams).toEqual({ power: 1.5 });
    const unknown = manifest({ id: 'y', metric: { name: 'custom', higherIsBetter: false, params: { k: 3 } } });
    expect(solverConfig({ model: 'gbm' }, unknown, { seed: 0, timeLimitSec: 60 })).toMatchObject({ metricDomain: null, metricParams: { k: 3 } });
  });

  it('the solver\'s loss table names only registry metrics on values, each new one included', async () => {
    const names = await python('import json\nfrom arena_solvers.objectives import LOSSES\nprint(json.dumps(sorted(LOSSES)))', z.array(z.string()));
    const onValues = [...METRICS.values()].filter((d) => d.accepts.includes('values')).map((d) => d.name);
    for (const name of names) expect(onValues, name).toContain(name);
    expect(names).toEqual(expect.arrayContaining(['poisson_deviance', 'gamma_deviance', 'tweedie_deviance', 'mase']));
    // The rest are fitted by squared errors (the mean is their best constant; Spearman needs only the order):
    // a value metric added to the registry fails here until the solver decides what it optimises.
    expect(onValues.filter((n) => !names.includes(n)).sort()).toEqual(['mse', 'r2', 'rmse', 'spearman']);
  });
});
