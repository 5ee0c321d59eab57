import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { getMetric, METRICS, metricNames } from '../../harness/grading/metrics/catalog.js';
import { naiveScale } from '../../harness/grading/metrics/mase.js';
import { averageRanks } from '../../harness/grading/metrics/rank.js';
import { medianInPlace } from '../../harness/grading/metrics/select.js';
import { ascendingOrder } from '../../harness/grading/metrics/sort.js';
import { numpyMean, numpySum } from '../../harness/grading/metrics/summation.js';
import { MetricError, type MetricInput } from '../../harness/grading/metrics/types.js';
import { mulberry32, normal, type Rng } from './random.js';

const PYTHON = '/usr/bin/python3';
const REFERENCE_SCRIPT = fileURLToPath(new URL('./sklearn_reference.py', import.meta.url));
const RELATIVE_TOLERANCE = 1e-9;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

const randomInt = (rng: Rng, below: number) => Math.floor(rng() * below);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[randomInt(rng, items.length)]!;

/** Class names whose sorted order is their index order, as sklearn sorts labels. */
const classNames = (k: number) => Array.from({ length: k }, (_, i) => `c${String(i).padStart(2, '0')}`);

// ---------------------------------------------------------------------------------------------
// Cases: one metric input each, scored by several metrics here and by sklearn in one Python call

type CaseInput =
  | { kind: 'labels'; yTrue: number[]; yPred: number[]; classes: string[] }
  | { kind: 'binary-scores'; yTrue: number[]; score: number[] }
  | { kind: 'class-probabilities'; yTrue: number[]; proba: number[]; classes: string[] }
  | { kind: 'values'; yTrue: number[]; yPred: number[] }
  | { kind: 'rankings'; relevant: string[][]; predicted: string[][] };

interface MetricCall {
  /** Unique within the case, e.g. "f1[positiveClass=c00]". */
  key: string;
  name: string;
  params: Record<string, unknown>;
  /** The case was built to be degenerate for this metric: sklearn must reject it too. */
  expectError: boolean;
}

interface Case {
  id: string;
  input: CaseInput;
  metrics: MetricCall[];
}

type Reference = { value: number } | { error: string } | { nonfinite: string };

const LABEL_METRICS = [
  'accuracy', 'balanced_accuracy', 'f1', 'f1_macro', 'f1_micro', 'f1_weighted',
  'precision_macro', 'recall_macro', 'mcc', 'cohen_kappa', 'quadratic_weighted_kappa',
];
const SCORE_METRICS = ['log_loss', 'roc_auc', 'average_precision'];
const PROBA_METRICS = ['log_loss', 'roc_auc'];
const DEVIANCE_METRICS = ['poisson_deviance', 'gamma_deviance', 'tweedie_deviance'];
const VALUE_METRICS = ['mse', 'rmse', 'mae', 'rmsle', 'r2', 'mape', 'median_ae', 'spearman', ...DEVIANCE_METRICS];

function calls(names: readonly string[], expectError: readonly string[] = []): MetricCall[] {
  return names.map((name) => ({ key: name, name, params: {}, expectError: expectError.includes(name) }));
}

function withParams(name: string, params: Record<string, unknown>, expectError = false): MetricCall {
  return { key: `${name}${JSON.stringify(params)}`, name, params, expectError };
}

interface LabelOptions {
  /** Classes y_true draws from (default all). */
  truthClasses?: number[];
  /** Classes a wrong prediction draws from (default all). */
  predClasses?: number[];
  /** Probability that a prediction copies the truth (when the true class is predictable). */
  accuracy?: number;
}

function labelsInput(rng: Rng, n: number, k: number, opts: LabelOptions = {}): CaseInput {
  const all = Array.from({ length: k }, (_, c) => c);
  const truthClasses = opts.truthClasses ?? all;
  const predClasses = opts.predClasses ?? all;
  const accuracy = opts.accuracy ?? 0.6;
  const yTrue = Array.from({ length: n }, () => pick(rng, truthClasses));
  const yPred = yTrue.map((t) => (predClasses.includes(t) && rng() < accuracy ? t : pick(rng, predClasses)));
  return { kind: 'labels', yTrue, yPred, classes: classNames(k) };
}

function labelCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  const add = (id: string, input: CaseInput, metrics = calls(LABEL_METRICS)) => cases.push({ id, input, metrics });
  for (const n of [1, 2, 3, 10, 100, 5000]) add(`labels binary n=${n}`, labelsInput(rng, n, 2));
  for (const n of [1, 2, 3, 50, 1000, 20000]) add(`labels 5 classes n=${n}`, labelsInput(rng, n, 5, { accuracy: 0.8 }));
  add('labels 12 classes n=3000', labelsInput(rng, 3000, 12, { accuracy: 0.3 }), calls(LABEL_METRICS, ['f1']));
  add('labels all predictions one class', labelsInput(rng, 40, 3, { predClasses: [1], accuracy: 0 }), calls(LABEL_METRICS, ['f1']));
  add('labels binary all predictions one class', labelsInput(rng, 40, 2, { predClasses: [0], accuracy: 0 }));
  add('labels a class never predicted', labelsInput(rng, 200, 4, { predClasses: [0, 1, 3] }), calls(LABEL_METRICS, ['f1']));
  add('labels a class absent from y_true', labelsInput(rng, 200, 4, { truthClasses: [1, 2, 3] }), calls(LABEL_METRICS, ['f1']));
  add(
    'labels only classes 1, 3, 5 of 6 occur (kappa keeps the gaps of the declared scale)',
    labelsInput(rng, 300, 6, { truthClasses: [1, 3, 5], predClasses: [1, 3, 5] }),
    calls(LABEL_METRICS, ['f1']),
  );
  add(
    'labels one label everywhere',
    labelsInput(rng, 30, 3, { truthClasses: [1], predClasses: [1], accuracy: 1 }),
    calls(LABEL_METRICS, ['cohen_kappa', 'quadratic_weighted_kappa']),
  );
  add('labels truth one class, predictions another', labelsInput(rng, 30, 2, { truthClasses: [0], predClasses: [1], accuracy: 0 }));
  add('labels perfect 4 classes', labelsInput(rng, 100, 4, { accuracy: 1 }), calls(LABEL_METRICS, ['f1']));
  add('labels ordinal 0..4 mostly off by one', ordinalOffByOne(rng, 2000), calls(LABEL_METRICS, ['f1']));
  add(
    'labels levels 0, 1, 4 of 5 occur (an uneven gap: distances by declared position)',
    labelsInput(rng, 600, 5, { truthClasses: [0, 1, 4], predClasses: [0, 1, 4] }),
    calls(LABEL_METRICS, ['f1']),
  );
  add(
    'labels ordinal scale named out of alphabetical order',
    { ...ordinalOffByOne(rng, 1000), classes: ['none', 'low', 'medium', 'high', 'extreme'] },
    calls(LABEL_METRICS, ['f1']),
  );

  const binary = labelsInput(rng, 500, 2, { accuracy: 0.7 });
  add('f1 positive class c00', binary, [withParams('f1', { positiveClass: 'c00' }), withParams('f1', { positiveClass: 'c01' })]);
  add('f1 positive class absent from one-label data', labelsInput(rng, 20, 2, { truthClasses: [0], predClasses: [0], accuracy: 1 }), [
    withParams('f1', { positiveClass: 'c01' }),
  ]);
  add('f1 two labels present, positive class neither', labelsInput(rng, 50, 3, { truthClasses: [0, 2], predClasses: [0, 2] }), [
    withParams('f1', { positiveClass: 'c01' }, true),
  ]);
  return cases;
}

function ordinalOffByOne(rng: Rng, n: number): CaseInput {
  const yTrue = Array.from({ length: n }, () => randomInt(rng, 5));
  const yPred = yTrue.map((t) => Math.min(4, Math.max(0, t + pick(rng, [-2, -1, 0, 0, 0, 1]))));
  return { kind: 'labels', yTrue, yPred, classes: classNames(5) };
}

function scoresInput(rng: Rng, n: number, score: (y: number) => number, positiveRate = 0.4): CaseInput {
  const yTrue = Array.from({ length: n }, () => (rng() < positiveRate ? 1 : 0));
  return { kind: 'binary-scores', yTrue, score: yTrue.map(score) };
}

function binaryScoreCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  const add = (id: string, input: CaseInput, metrics = calls(SCORE_METRICS)) => cases.push({ id, input, metrics });
  const informative = (y: number) => Math.min(1, Math.max(0, 0.5 + 0.15 * normal(rng) + (y ? 0.1 : -0.1)));
  for (const n of [1, 2, 3, 10, 1000, 20000]) add(`scores random n=${n}`, scoresInput(rng, n, () => rng()));
  add('scores informative n=5000', scoresInput(rng, 5000, informative));
  add('scores heavy ties incl. exact 0 and 1', scoresInput(rng, 5000, () => pick(rng, [0, 0.25, 0.5, 0.75, 1])));
  add('scores two distinct values', scoresInput(rng, 300, (y) => (rng() < 0.7 ? y : 1 - y)));
  add('scores all equal', scoresInput(rng, 100, () => 0.3));
  add('scores perfectly wrong at 0 and 1 (clipping)', scoresInput(rng, 50, (y) => 1 - y));
  add('scores perfectly right at 0 and 1 (clipping)', scoresInput(rng, 50, (y) => y));
  add('scores y_true all negative', scoresInput(rng, 60, () => rng(), 0), calls(SCORE_METRICS, ['roc_auc']));
  add('scores y_true all positive', scoresInput(rng, 60, () => rng(), 1), calls(SCORE_METRICS, ['roc_auc']));
  add('scores rare positives n=20000', scoresInput(rng, 20000, informative, 0.01));
  add('scores tiny and near-1 values', scoresInput(rng, 400, () => pick(rng, [1e-20, 1e-16, 0.5, 1 - 1e-16, 1 - 1e-17])));
  add('scores n=200000', scoresInput(rng, 200_000, informative));
  return cases;
}

function normalized(row: number[]): number[] {
  const sum = row.reduce((a, b) => a + b, 0);
  return row.map((v) => v / sum);
}

function probaInput(rng: Rng, n: number, k: number, row: (y: number) => number[], truthClasses?: number[]): CaseInput {
  const classes = Array.from({ length: k }, (_, c) => c);
  const yTrue = Array.from({ length: n }, () => pick(rng, truthClasses ?? classes));
  return { kind: 'class-probabilities', yTrue, proba: yTrue.flatMap(row), classes: classNames(k) };
}

function probaCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  const add = (id: string, input: CaseInput, metrics = calls(PROBA_METRICS)) => cases.push({ id, input, metrics });
  const informative = (k: number) => (y: number) => normalized(Array.from({ length: k }, (_, c) => rng() + (c === y ? 0.6 : 0)));
  for (const n of [1, 2, 3, 10, 1000]) add(`proba 3 classes n=${n}`, probaInput(rng, n, 3, informative(3)));
  add('proba 2 classes n=500', probaInput(rng, 500, 2, informative(2)));
  add('proba 10 classes n=20000', probaInput(rng, 20000, 10, informative(10)));
  add(
    'proba unnormalised rows (log_loss renormalises, roc_auc refuses)',
    probaInput(rng, 300, 4, () => Array.from({ length: 4 }, () => rng() * 2)),
    calls(PROBA_METRICS, ['roc_auc']),
  );
  add('proba unnormalised 2 classes', probaInput(rng, 300, 2, () => [rng(), rng()]));
  add('proba one-hot at exactly 0 and 1 (clipping)', probaInput(rng, 200, 3, (y) => [0, 1, 2].map((c) => (c === (rng() < 0.8 ? y : (y + 1) % 3) ? 1 : 0))));
  add('proba heavy ties', probaInput(rng, 3000, 3, () => pick(rng, [[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.25, 0.25], [0, 0, 1]])));
  add('proba class absent from y_true', probaInput(rng, 400, 4, informative(4), [0, 1, 3]), calls(PROBA_METRICS, ['roc_auc']));
  add('proba one class in y_true', probaInput(rng, 50, 3, informative(3), [2]), calls(PROBA_METRICS, ['roc_auc']));
  add('proba 25 classes', probaInput(rng, 5000, 25, informative(25)));
  return cases;
}

function valuesInput(n: number, truth: () => number, pred: (t: number) => number): CaseInput {
  const yTrue = Array.from({ length: n }, truth);
  return { kind: 'values', yTrue, yPred: yTrue.map(pred) };
}

/** Guarantees a negative target, so RMSLE must be rejected however few rows there are. */
function withNegativeTruth(input: CaseInput): CaseInput {
  if (input.kind !== 'values') throw new Error('values input expected');
  return { ...input, yTrue: [-1 - Math.abs(input.yTrue[0]!), ...input.yTrue.slice(1)] };
}

/** Guarantees a prediction of exactly 0, which the Poisson and Tweedie deviances must refuse. */
function withZeroPrediction(input: CaseInput): CaseInput {
  if (input.kind !== 'values') throw new Error('values input expected');
  return { ...input, yPred: [0, ...input.yPred.slice(1)] };
}

function valueCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  const add = (id: string, input: CaseInput, metrics = calls(VALUE_METRICS)) => cases.push({ id, input, metrics });
  const noisy = (t: number) => t + normal(rng);
  const exponential = () => -Math.log(1 - rng()) * 3;
  for (const n of [1, 2, 3, 10, 1000, 1001, 20000]) {
    add(
      `values normal with negatives n=${n}`,
      withNegativeTruth(valuesInput(n, () => 10 * normal(rng) - 5, noisy)),
      calls(VALUE_METRICS, n < 2 ? ['rmsle', 'r2', 'spearman'] : ['rmsle']),
    );
  }
  for (const n of [2, 3, 500, 20001]) add(`values non-negative n=${n}`, valuesInput(n, exponential, (t) => Math.abs(noisy(t))));
  add('values non-negative with exact zeros', valuesInput(300, () => (rng() < 0.3 ? 0 : exponential()), (t) => (rng() < 0.2 ? 0 : t * (0.5 + rng()))));
  add('values negative prediction only', valuesInput(100, exponential, (t) => t - 1), calls(VALUE_METRICS, ['rmsle']));
  add('values truth zero and negative (mape epsilon)', valuesInput(200, () => pick(rng, [0, -1, -2.5, 3]), noisy), calls(VALUE_METRICS, ['rmsle']));
  add('values constant truth, perfect', valuesInput(20, () => 4.5, (t) => t), calls(VALUE_METRICS, ['spearman']));
  add('values constant truth, imperfect', valuesInput(20, () => -2, (t) => t + 1e-8), calls(VALUE_METRICS, ['rmsle', 'spearman']));
  add('values constant prediction', valuesInput(20, exponential, () => 1), calls(VALUE_METRICS, ['spearman']));
  add('values heavy ties (small integers)', valuesInput(5000, () => randomInt(rng, 6), (t) => Math.max(0, t + randomInt(rng, 3) - 1)));
  add('values huge magnitudes', valuesInput(1000, () => 1e12 * normal(rng), (t) => t * (1 + 1e-3 * normal(rng))), calls(VALUE_METRICS, ['rmsle']));
  add('values n=200000', valuesInput(200_000, exponential, (t) => Math.abs(noisy(t))));
  return cases;
}

/** Knuth's Poisson sampler: fine for the small rates used here. */
function poisson(rng: Rng, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/** Counts, zero-inflated and positive targets with strictly positive predictions, where the deviances are defined. */
function countCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  const metrics = [
    ...calls(VALUE_METRICS),
    withParams('tweedie_deviance', { power: 1.2 }),
    withParams('tweedie_deviance', { power: 1.9 }),
    withParams('tweedie_deviance', { power: 1.1 }),
    withParams('mase', { scale: 1.75 }),
  ];
  const rejecting = (...names: string[]) =>
    metrics.map((m) => (names.includes(m.name) ? { ...m, expectError: true } : m));
  const add = (id: string, input: CaseInput, list = metrics) => cases.push({ id, input, metrics: list });
  const rateEstimate = (t: number) => (t + 0.5) * (0.5 + rng());
  for (const n of [1, 2, 3, 10, 1000, 20001]) add(`counts poisson rate 3 n=${n}`, valuesInput(n, () => poisson(rng, 3), rateEstimate));
  add('counts zero-inflated (70% zeros)', valuesInput(3000, () => (rng() < 0.7 ? 0 : poisson(rng, 5)), rateEstimate), rejecting('gamma_deviance'));
  add('counts heavy ties, predictions the same few rates', valuesInput(2000, () => poisson(rng, 1), () => pick(rng, [0.5, 1, 2])));
  add('counts large (rate 1e6)', valuesInput(500, () => 1e6 + Math.round(1000 * normal(rng)), (t) => t * (1 + 1e-3 * normal(rng))));
  add('positive skewed amounts', valuesInput(1000, () => Math.exp(2 * normal(rng)), (t) => t * Math.exp(0.3 * normal(rng))));
  add('positive amounts, perfect', valuesInput(100, () => Math.exp(normal(rng)), (t) => t));
  add(
    'counts perfect, zeros predicted as the smallest positive double',
    valuesInput(400, () => poisson(rng, 2), (t) => (t === 0 ? Number.MIN_VALUE : t)),
    rejecting('gamma_deviance'),
  );
  add('counts tiny predictions (1e-300)', valuesInput(50, () => poisson(rng, 1), () => 1e-300));
  add(
    'counts one prediction exactly 0',
    withZeroPrediction(valuesInput(50, () => 1 + poisson(rng, 2), (t) => t)),
    rejecting('poisson_deviance', 'gamma_deviance', 'tweedie_deviance'),
  );
  add('counts all truth 0 (gamma undefined)', valuesInput(30, () => 0, () => 0.2 + rng()), rejecting('gamma_deviance'));
  return cases;
}

function rankingInput(rng: Rng, n: number): CaseInput {
  const item = () => `i${randomInt(rng, 15)}`;
  const relevant = Array.from({ length: n }, () => Array.from({ length: randomInt(rng, 5) }, item));
  const predicted = Array.from({ length: n }, () => Array.from({ length: randomInt(rng, 13) }, item));
  return { kind: 'rankings', relevant, predicted };
}

function rankingCases(rng: Rng): Case[] {
  const metrics = [withParams('map_at_k', {}), withParams('map_at_k', { k: 1 }), withParams('map_at_k', { k: 3 }), withParams('map_at_k', { k: 12 })];
  const cases: Case[] = [1, 2, 3, 50, 2000].map((n) => ({ id: `rankings n=${n}`, input: rankingInput(rng, n), metrics }));
  cases.push({ id: 'rankings all rows empty', input: { kind: 'rankings', relevant: [[], []], predicted: [['a'], []] }, metrics });
  cases.push({
    id: 'rankings duplicates in predictions and truth',
    input: { kind: 'rankings', relevant: [['a', 'a', 'b'], ['x']], predicted: [['a', 'a', 'b', 'a', 'c'], ['x', 'x']] },
    metrics,
  });
  return cases;
}

function toMetricInput(input: CaseInput): MetricInput {
  switch (input.kind) {
    case 'labels':
      return { kind: 'labels', yTrue: Int32Array.from(input.yTrue), yPred: Int32Array.from(input.yPred), classes: input.classes };
    case 'binary-scores':
      return { kind: 'binary-scores', yTrue: Uint8Array.from(input.yTrue), score: Float64Array.from(input.score) };
    case 'class-probabilities':
      return { kind: 'class-probabilities', yTrue: Int32Array.from(input.yTrue), proba: Float64Array.from(input.proba), classes: input.classes };
    case 'values':
      return { kind: 'values', yTrue: Float64Array.from(input.yTrue), yPred: Float64Array.from(input.yPred) };
    case 'rankings':
      return input;
  }
}

// ---------------------------------------------------------------------------------------------
// numpy summation: the summation module must reproduce np.sum / np.mean bit for bit

interface SumCase {
  id: string;
  values: number[];
}

function sumCases(rng: Rng): SumCase[] {
  return [5, 8, 9, 100, 128, 129, 1000, 8192, 8193, 20000, 100_003].map((n) => ({
    id: `numpy sum n=${n}`,
    values: Array.from({ length: n }, () => normal(rng) * 10 ** randomInt(rng, 8)),
  }));
}

// ---------------------------------------------------------------------------------------------
// MASE's scale: the naive forecast's in-sample mean absolute error, against numpy

interface ScaleCase {
  id: string;
  values: number[];
  period: number;
}

function scaleCases(rng: Rng): ScaleCase[] {
  const walk = (n: number) => {
    let level = 100;
    return Array.from({ length: n }, () => (level += normal(rng)));
  };
  const seasonal = (n: number) => Array.from({ length: n }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 12) + normal(rng));
  return [
    { id: 'naive scale random walk n=2', values: walk(2), period: 1 },
    { id: 'naive scale random walk n=500', values: walk(500), period: 1 },
    { id: 'naive scale random walk n=100003', values: walk(100_003), period: 1 },
    { id: 'naive scale monthly season m=12', values: seasonal(240), period: 12 },
    { id: 'naive scale integer counts with ties', values: Array.from({ length: 1000 }, () => poisson(rng, 2)), period: 1 },
  ];
}

// ---------------------------------------------------------------------------------------------
// One Python call for everything

const rng = mulberry32(20240611);
const CASES: Case[] = [...labelCases(rng), ...binaryScoreCases(rng), ...probaCases(rng), ...valueCases(rng), ...countCases(rng), ...rankingCases(rng)];
const SUM_CASES = sumCases(rng);
const SCALE_CASES = scaleCases(rng);

function runReference(): Record<string, Record<string, Reference>> {
  const payload = [
    ...CASES.map((c) => ({ id: c.id, ...c.input, metrics: c.metrics.map(({ key, name, params }) => ({ key, name, params })) })),
    ...SUM_CASES.map((c) => ({ id: c.id, kind: 'numpy', values: c.values, metrics: [{ key: 'sum', name: 'sum' }, { key: 'mean', name: 'mean' }] })),
    ...SCALE_CASES.map((c) => ({ id: c.id, kind: 'series', values: c.values, metrics: [{ key: 'scale', name: 'naive_scale', params: { period: c.period } }] })),
  ];
  const run = spawnSync(PYTHON, [REFERENCE_SCRIPT], { input: JSON.stringify(payload), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`sklearn_reference.py failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Record<string, Reference>>;
}

let reference: Record<string, Record<string, Reference>>;
beforeAll(() => {
  reference = runReference();
});

function within(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
}

/** Scores one metric call and describes any disagreement with sklearn, or returns null. */
function disagreement(input: MetricInput, call: MetricCall, ref: Reference | undefined): string | null {
  if (!ref) return `${call.key}: no reference value`;
  const definition = getMetric(call.name);
  if (!definition) return `${call.key}: not in the catalog`;
  let outcome: { value: number } | { error: unknown };
  try {
    outcome = { value: definition.compute(input, call.params) };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in ref) {
    if (call.expectError) return `${call.key}: built to be degenerate, but sklearn returned ${ref.value}`;
    if ('error' in outcome) return `${call.key}: sklearn ${ref.value}, ours threw ${String(outcome.error)}`;
    return within(outcome.value, ref.value) ? null : `${call.key}: sklearn ${ref.value}, ours ${outcome.value}`;
  }
  const sklearn = 'error' in ref ? `raised "${ref.error}"` : `returned ${ref.nonfinite}`;
  if (!('error' in outcome)) return `${call.key}: sklearn ${sklearn}, ours returned ${outcome.value}`;
  if (!(outcome.error instanceof MetricError)) return `${call.key}: sklearn ${sklearn}, ours threw a non-MetricError ${String(outcome.error)}`;
  return null;
}

describe('metrics match scikit-learn 1.2.1 / scipy', () => {
  it.each(CASES)('$id', (c) => {
    const input = toMetricInput(c.input);
    const refs = reference[c.id];
    expect(refs, 'reference results for this case').toBeDefined();
    const problems = c.metrics.map((call) => disagreement(input, call, refs?.[call.key])).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('every catalog metric is cross-checked on at least one case', () => {
    const checked = new Set(CASES.flatMap((c) => c.metrics.map((m) => m.name)));
    expect(metricNames().filter((name) => !checked.has(name))).toEqual([]);
  });

  it('the degenerate cases reach the MetricError path for each documented rejection', () => {
    const rejected = new Set<string>();
    for (const c of CASES) {
      for (const call of c.metrics) {
        const ref = reference[c.id]?.[call.key];
        if (ref && !('value' in ref)) rejected.add(`${c.input.kind}:${call.name}`);
      }
    }
    for (const expected of [
      'binary-scores:roc_auc', 'class-probabilities:roc_auc', 'values:rmsle', 'values:r2', 'values:spearman',
      'labels:cohen_kappa', 'labels:quadratic_weighted_kappa', 'labels:f1',
      'values:poisson_deviance', 'values:gamma_deviance', 'values:tweedie_deviance',
    ]) {
      expect(rejected, expected).toContain(expected);
    }
  });
});

describe('MASE', () => {
  it.each(SCALE_CASES)('$id: naiveScale matches numpy mean(|y[m:] − y[:−m]|)', (c) => {
    const ref = reference[c.id]!['scale'] as { value: number };
    expect(within(naiveScale(Float64Array.from(c.values), c.period), ref.value)).toBe(true);
  });

  it('scores a hand-checked example', () => {
    // Training series 1, 3, 2, 5, 4: naive errors |3−1|, |2−3|, |5−2|, |4−5| = 2, 1, 3, 1, so the scale is 7/4.
    const scale = naiveScale(Float64Array.of(1, 3, 2, 5, 4));
    expect(scale).toBe(1.75);
    // Forecasts 5 and 7 of the next values 6 and 5: MAE (1 + 2) / 2 = 1.5, MASE 1.5 / 1.75 = 6/7.
    const input: MetricInput = { kind: 'values', yTrue: Float64Array.of(6, 5), yPred: Float64Array.of(5, 7) };
    expect(getMetric('mase')!.compute(input, { scale })).toBeCloseTo(6 / 7, 15);
    // The naive forecast itself (the last value, 4, for both) scores its test MAE over the training one.
    expect(getMetric('mase')!.compute({ ...input, yPred: Float64Array.of(4, 4) }, { scale })).toBeCloseTo(1.5 / 1.75, 15);
  });

  it('refuses a missing or non-positive scale as a task error, and an undefined scale', () => {
    const input: MetricInput = { kind: 'values', yTrue: Float64Array.of(1, 2), yPred: Float64Array.of(1, 3) };
    const mase = getMetric('mase')!;
    expect(() => mase.compute(input, {})).toThrow(/metric\.params\.scale: is required/);
    expect(() => mase.compute(input, { scale: 0 })).toThrow(/metric\.params\.scale: must be positive/);
    expect(() => mase.compute(input, { scale: 0 })).not.toThrow(MetricError);
    expect(() => naiveScale(Float64Array.of(3, 3, 3))).toThrow(/positive finite scale/);
    expect(() => naiveScale(Float64Array.of(1, 2), 2)).toThrow(/no naive forecast/);
  });
});

describe('numpy-order summation', () => {
  it.each(SUM_CASES)('$id is bit-identical to np.sum and np.mean', (c) => {
    const values = Float64Array.from(c.values);
    const ref = reference[c.id]!;
    expect(numpySum(values)).toBe((ref['sum'] as { value: number }).value);
    expect(numpyMean(values)).toBe((ref['mean'] as { value: number }).value);
  });
});

// ---------------------------------------------------------------------------------------------
// Pure TypeScript checks

describe('catalog', () => {
  it('lists every required metric with a description, direction and accepted inputs', () => {
    const required = [...LABEL_METRICS, ...SCORE_METRICS, ...VALUE_METRICS, 'mase', 'map_at_k'];
    expect(metricNames()).toEqual([...new Set(required)].sort());
    for (const [name, d] of METRICS) {
      expect(d.name).toBe(name);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.accepts.length).toBeGreaterThan(0);
    }
    const lowerIsBetter = metricNames().filter((n) => !getMetric(n)!.higherIsBetter);
    expect(lowerIsBetter).toEqual(['gamma_deviance', 'log_loss', 'mae', 'mape', 'mase', 'median_ae', 'mse', 'poisson_deviance', 'rmse', 'rmsle', 'tweedie_deviance']);
    expect(getMetric('no_such_metric')).toBeUndefined();
  });

  it('rejects an input kind the metric does not accept as a harness bug, not a MetricError', () => {
    const values: MetricInput = { kind: 'values', yTrue: Float64Array.of(1, 2), yPred: Float64Array.of(1, 2) };
    const accuracyOfValues = () => getMetric('accuracy')!.compute(values, {});
    expect(accuracyOfValues).toThrow(/cannot score values input/);
    expect(accuracyOfValues).not.toThrow(MetricError);
  });

  it('rejects bad params as task errors and empty or non-finite inputs as MetricError', () => {
    const rankings: MetricInput = { kind: 'rankings', relevant: [['a']], predicted: [['a']] };
    expect(() => getMetric('map_at_k')!.compute(rankings, { k: 0 })).toThrow(/positive integer/);
    const labels: MetricInput = { kind: 'labels', yTrue: Int32Array.of(0, 1), yPred: Int32Array.of(1, 1), classes: ['a', 'b'] };
    expect(() => getMetric('f1')!.compute(labels, { positiveClass: 'z' })).toThrow(/not one of the classes/);
    expect(getMetric('f1')!.compute(labels, { positiveClass: 'b' })).toBeCloseTo(2 / 3, 15);
    const empty: MetricInput = { kind: 'values', yTrue: new Float64Array(0), yPred: new Float64Array(0) };
    expect(() => getMetric('rmse')!.compute(empty, {})).toThrow(MetricError);
    const nan: MetricInput = { kind: 'binary-scores', yTrue: Uint8Array.of(0, 1), score: Float64Array.of(0.2, Number.NaN) };
    expect(() => getMetric('roc_auc')!.compute(nan, {})).toThrow(MetricError);
  });
});

describe('sorting and selection primitives', () => {
  const sample = (r: Rng, n: number) =>
    Float64Array.from({ length: n }, () => pick(r, [() => normal(r), () => randomInt(r, 5) - 2, () => -0, () => Infinity, () => -Infinity, () => 1e-310])());

  it('ascendingOrder is a stable ascending argsort, with -0 tied to +0', () => {
    const r = mulberry32(7);
    for (const n of [0, 1, 2, 17, 5000]) {
      const values = sample(r, n);
      const expected = Array.from(values.keys()).sort((a, b) => (values[a] === values[b] ? a - b : values[a]! < values[b]! ? -1 : 1));
      expect(Array.from(ascendingOrder(values))).toEqual(expected);
    }
  });

  it('averageRanks gives tied values the mean of their ranks', () => {
    expect(Array.from(averageRanks(Float64Array.of(3, -0, 1, 0, 3, 3)))).toEqual([5, 1.5, 3, 1.5, 5, 5]);
  });

  it('medianInPlace matches the sorted middle for odd and even counts with ties', () => {
    const r = mulberry32(11);
    for (const n of [1, 2, 3, 4, 10, 101, 1000, 4001]) {
      const values = Float64Array.from({ length: n }, () => (r() < 0.5 ? randomInt(r, 4) : normal(r)));
      const sorted = Float64Array.from(values).sort();
      const expected = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(medianInPlace(values)).toBe(expected);
    }
  });
});
