import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptsForm,
  METRICS,
  metricDefinition,
  metricFit,
  metricFor,
  metricsFor,
  metricNames,
  metricSentence,
  submissionForms,
} from '../../harness/grading/metrics/catalog.js';
import { perfectPrediction } from '../../harness/grading/metrics/domain.js';
import { submissionColumnsFor, submissionFormat } from '../../harness/grading/submission-format.js';
import { TargetKind, type MetricDefinition, type MetricInput, type SklearnName, type ValueDomain } from '../../harness/grading/metrics/types.js';
import { mapMetricScript } from '../../harness/task/import/metric-mapping.js';
import { manifest } from '../helpers/fixture-task.js';
import { mulberry32, normal, type Rng } from './random.js';

/**
 * The metric registry's facts, checked: each documented scikit-learn call, run by scikit-learn
 * 1.2.1, gives our score; a perfect submission scores the optimum within the tolerance; every
 * target kind has a preferred metric that fits it; scripts calling the documented functions map.
 */

const PYTHON = '/usr/bin/python3';
const CALLS_SCRIPT = fileURLToPath(new URL('./sklearn_calls.py', import.meta.url));

const N = 300;
const classNames = (k: number) => Array.from({ length: k }, (_, i) => `c${i}`);

/** Truth drawn inside a value domain: zeros included when the domain allows them. */
function truthIn(rng: Rng, domain: ValueDomain): number {
  if (domain === 'positive') return Math.exp(normal(rng));
  if (domain === 'non-negative') return rng() < 0.3 ? 0 : Math.round(Math.exp(1.5 * normal(rng)));
  return 10 * normal(rng);
}

function predictionIn(rng: Rng, domain: ValueDomain, truth: number): number {
  if (domain === 'real') return truth + normal(rng);
  return (truth + 0.5) * Math.exp(0.4 * normal(rng));
}

/** What one documented call is evaluated on: the Python names it binds and the same data as our input. */
interface CallCase {
  key: string;
  since: string | undefined;
  definition: MetricDefinition;
  python: Record<string, unknown>;
  input: MetricInput;
  params: Record<string, unknown>;
}

function callCase(rng: Rng, d: MetricDefinition, s: SklearnName, index: number): CallCase {
  const key = `${d.name}#${index}: ${s.call}`;
  const base = { key, definition: d, since: s.since };
  if (d.accepts.includes('labels')) {
    const classes = classNames(d.name === 'f1' ? 2 : 5);
    const yTrue = Array.from({ length: N }, () => Math.floor(rng() * classes.length));
    const yPred = yTrue.map((t) => (rng() < 0.6 ? t : Math.floor(rng() * classes.length)));
    const params = d.name === 'f1' ? { positiveClass: classes[1] } : {};
    return {
      ...base,
      python: { call: s.call, y_true: yTrue.map((c) => classes[c]), y_pred: yPred.map((c) => classes[c]), classes, positive_class: classes[1], params },
      input: { kind: 'labels', yTrue: Int32Array.from(yTrue), yPred: Int32Array.from(yPred), classes },
      params,
    };
  }
  if (s.call.includes('y_proba')) {
    const classes = classNames(4);
    const yTrue = Array.from({ length: N }, () => Math.floor(rng() * classes.length));
    const rows = yTrue.map((t) => {
      const raw = classes.map((_, c) => rng() + (c === t ? 0.5 : 0));
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / sum);
    });
    return {
      ...base,
      python: { call: s.call, y_true: yTrue.map((c) => classes[c]), y_proba: rows, classes },
      input: { kind: 'class-probabilities', yTrue: Int32Array.from(yTrue), proba: Float64Array.from(rows.flat()), classes },
      params: {},
    };
  }
  if (s.call.includes('y_score')) {
    const yTrue = Array.from({ length: N }, () => (rng() < 0.3 ? 1 : 0));
    const score = yTrue.map((y) => Math.min(1, Math.max(0, 0.5 + 0.2 * normal(rng) + (y ? 0.1 : -0.1))));
    return {
      ...base,
      python: { call: s.call, y_true: yTrue, y_score: score },
      input: { kind: 'binary-scores', yTrue: Uint8Array.from(yTrue), score: Float64Array.from(score) },
      params: {},
    };
  }
  const domain = d.domain ?? { truth: 'real', prediction: 'real' };
  const yTrue = Array.from({ length: N }, () => truthIn(rng, domain.truth));
  const yPred = yTrue.map((t) => predictionIn(rng, domain.prediction, t));
  const params = d.name === 'tweedie_deviance' ? { power: 1.5 } : {};
  return {
    ...base,
    python: { call: s.call, y_true: yTrue, y_pred: yPred, params },
    input: { kind: 'values', yTrue: Float64Array.from(yTrue), yPred: Float64Array.from(yPred) },
    params,
  };
}

const rng = mulberry32(20261202);
const CALL_CASES = [...METRICS.values()].flatMap((d) => d.sklearn.map((s, i) => callCase(rng, d, s, i)));

let python: Record<string, { value: number } | { error: string }>;
beforeAll(() => {
  const payload = CALL_CASES.map((c) => ({ key: c.key, ...c.python }));
  const run = spawnSync(PYTHON, [CALLS_SCRIPT], { input: JSON.stringify(payload), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`sklearn_calls.py failed (${run.status}): ${run.stderr}`);
  python = JSON.parse(run.stdout) as typeof python;
});

describe('the documented scikit-learn calls give our scores', () => {
  it.each(CALL_CASES.filter((c) => !c.since).map((c) => [c.key, c] as const))('%s', (_, c) => {
    const result = python[c.key];
    expect(result, 'scikit-learn ran the documented call').toHaveProperty('value');
    const expected = (result as { value: number }).value;
    const actual = c.definition.compute(c.input, c.params);
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  });

  it.each(CALL_CASES.filter((c) => c.since).map((c) => [c.key, c] as const))('%s is indeed missing from scikit-learn 1.2.1', (_, c) => {
    expect(python[c.key]).toEqual({ error: expect.stringMatching(/^NameError/) });
  });

  it('names a scikit-learn or scipy function for every metric but MASE and MAP@k, which have none', () => {
    expect([...METRICS.values()].filter((d) => d.sklearn.length === 0).map((d) => d.name)).toEqual(['mase', 'map_at_k']);
  });
});

/** The truth submitted as the prediction, in each input kind the metric accepts. */
function perfectInputs(d: MetricDefinition, r: Rng): MetricInput[] {
  const classes = classNames(d.name === 'f1' ? 2 : 4);
  const labels = Int32Array.from({ length: N }, () => Math.floor(r() * classes.length));
  const binary = Uint8Array.from({ length: N }, () => (r() < 0.4 ? 1 : 0));
  const byKind = {
    labels: () => ({ kind: 'labels' as const, yTrue: labels, yPred: labels, classes }),
    'binary-scores': () => ({ kind: 'binary-scores' as const, yTrue: binary, score: Float64Array.from(binary) }),
    'class-probabilities': () => ({
      kind: 'class-probabilities' as const,
      yTrue: labels,
      proba: Float64Array.from(Array.from(labels).flatMap((t) => classes.map((_, c) => (c === t ? 1 : 0)))),
      classes,
    }),
    values: () => {
      const domain = d.domain ?? { truth: 'real', prediction: 'real' };
      const yTrue = Float64Array.from({ length: N }, () => truthIn(r, domain.truth));
      return { kind: 'values' as const, yTrue, yPred: yTrue.map((t) => perfectPrediction(t, domain.prediction)) };
    },
    rankings: () => {
      const relevant = Array.from({ length: N }, (_, i) => [`a${i}`, `b${i}`]);
      return { kind: 'rankings' as const, relevant, predicted: relevant };
    },
  };
  return d.accepts.map((k) => byKind[k]());
}

describe('registry facts', () => {
  it.each([...METRICS.keys()])('a perfect %s submission scores the optimum within the tolerance', (name) => {
    const d = metricDefinition(name);
    const params = name === 'mase' ? { scale: 2.5 } : {};
    for (const input of perfectInputs(d, mulberry32(name.length))) {
      expect(Math.abs(d.compute(input, params) - d.optimum), input.kind).toBeLessThanOrEqual(d.optimumTolerance);
    }
  });

  it.each([1.1, 1.9])('a perfect Tweedie submission at power %d scores the optimum although the truth holds zeros', (power) => {
    const d = metricDefinition('tweedie_deviance');
    const [input] = perfectInputs(d, mulberry32(5));
    expect(input!.kind === 'values' && input!.yTrue.includes(0)).toBe(true);
    expect(Math.abs(d.compute(input!, { power }) - d.optimum)).toBeLessThanOrEqual(d.optimumTolerance);
  });

  it('log loss needs its wider tolerance: a one-hot truth is clipped to 1 − eps', () => {
    const d = metricDefinition('log_loss');
    const [scores] = perfectInputs(d, mulberry32(3));
    expect(d.compute(scores!, {})).toBeGreaterThan(1e-16);
    expect(d.optimumTolerance).toBe(1e-6);
    expect(metricDefinition('rmse').optimumTolerance).toBe(1e-9);
  });

  it('describes each metric in one sentence that states its formula or rule, and names it in words', () => {
    for (const d of METRICS.values()) {
      expect(d.description, d.name).toMatch(/^[A-Z].*\.$/);
      // One sentence: no full stop followed by a capitalised word inside it.
      expect(d.description, d.name).not.toMatch(/\.\s+[A-Z]/);
      expect(d.description, d.name).toMatch(/[=(/Σ]/);
      expect(d.title.length, d.name).toBeGreaterThan(2);
      expect(metricSentence(d)).toContain(d.higherIsBetter ? 'higher is better' : 'lower is better');
    }
  });

  it('has one preferred metric per target kind, which fits it and comes first', () => {
    const preferred = Object.fromEntries(TargetKind.options.map((k) => [k, metricFor(k).name]));
    expect(preferred).toEqual({
      binary: 'roc_auc',
      multiclass: 'log_loss',
      ordinal: 'quadratic_weighted_kappa',
      count: 'poisson_deviance',
      'zero-inflated': 'tweedie_deviance',
      'non-negative': 'rmsle',
      positive: 'rmsle',
      continuous: 'rmse',
      ranking: 'map_at_k',
      forecast: 'mase',
    });
    for (const kind of TargetKind.options) {
      const list = metricsFor(kind);
      expect(list[0]).toBe(metricFor(kind));
      expect(new Set(list).size).toBe(list.length);
      for (const d of list) expect(metricFit(d.name, kind)?.why.length, `${d.name} for ${kind}`).toBeGreaterThan(20);
    }
  });

  it('fits ordinal targets with kappa or MAE, counts with Poisson deviance or MAE, never MAPE on a forecast', () => {
    expect(metricsFor('ordinal').map((d) => d.name)).toEqual(['quadratic_weighted_kappa', 'mae']);
    expect(metricsFor('count').map((d) => d.name)).toEqual(['poisson_deviance', 'mae']);
    expect(metricsFor('zero-inflated').map((d) => d.name)).toEqual(['tweedie_deviance', 'poisson_deviance']);
    expect(metricsFor('forecast').map((d) => d.name)).toEqual(['mase', 'rmse', 'mae']);
    expect(metricFit('mape', 'forecast')).toBeUndefined();
    expect(metricFit('rmsle', 'zero-inflated')).toBeUndefined();
  });

  it('a metric fits only target kinds whose submissions it can score', () => {
    const formsOfKind: Record<TargetKind, string[]> = {
      binary: ['labels', 'probabilities'],
      multiclass: ['labels', 'probabilities'],
      ordinal: ['labels', 'values'],
      count: ['values'],
      'zero-inflated': ['values'],
      'non-negative': ['values'],
      positive: ['values'],
      continuous: ['values'],
      ranking: ['ranking'],
      forecast: ['values'],
    };
    for (const d of METRICS.values()) {
      for (const fit of d.fits) expect(submissionForms(d).some((f) => formsOfKind[fit.kind].includes(f)), `${d.name} for ${fit.kind}`).toBe(true);
    }
  });

  it('names the submission forms of each input kind', () => {
    expect(submissionForms(metricDefinition('roc_auc'))).toEqual(['probabilities']);
    expect(submissionForms(metricDefinition('map_at_k'))).toEqual(['ranking']);
    expect(acceptsForm(metricDefinition('quadratic_weighted_kappa'), 'labels')).toBe(true);
    expect(acceptsForm(metricDefinition('quadratic_weighted_kappa'), 'values')).toBe(false);
    expect(acceptsForm(metricDefinition('poisson_deviance'), 'values')).toBe(true);
  });

  it('builds submission columns for each form that the submission format reads back as an input the metric scores', () => {
    for (const d of METRICS.values()) {
      for (const form of submissionForms(d)) {
        const variants = form === 'probabilities' ? [{ classes: ['no', 'yes'], positiveClass: 'yes' }, { classes: ['a', 'b', 'c'] }] : [{ classes: ['a', 'b', 'c'] }];
        const kinds = variants.map(({ classes, positiveClass }) => {
          const columns = [{ name: 'id', type: 'id' as const }, ...submissionColumnsFor(form, 'y', classes, positiveClass)];
          const params = positiveClass ? { positiveClass } : {};
          const m = manifest({ id: 'forms', classes, metric: { name: d.name, higherIsBetter: d.higherIsBetter, params }, submission: { columns } });
          return submissionFormat(m).inputKind;
        });
        expect(kinds.some((k) => k !== null && d.accepts.includes(k)), `${d.name} as ${form}: ${kinds.join(', ')}`).toBe(true);
      }
    }
  });

  it('refuses an unknown metric naming the catalog', () => {
    expect(() => metricDefinition('rmsle2')).toThrow(/"rmsle2" is not in the metric catalog \(accuracy, .*rmsle/);
  });

  it('reads params with each metric\'s schema, naming the field', () => {
    const values: MetricInput = { kind: 'values', yTrue: Float64Array.of(1, 2), yPred: Float64Array.of(1, 3) };
    expect(() => metricDefinition('tweedie_deviance').compute(values, { power: 1.95 })).toThrow(/metric\.params\.power: must be at most 1\.9/);
    expect(() => metricDefinition('tweedie_deviance').compute(values, { power: 1.05 })).toThrow(/metric\.params\.power: must be at least 1\.1/);
    expect(metricDefinition('tweedie_deviance').params.safeParse({}).data).toEqual({ power: 1.5 });
    expect(metricDefinition('mase').params.safeParse({}).success).toBe(false);
    expect(metricDefinition('mase').params.safeParse({ scale: 2 }).data).toEqual({ scale: 2, period: 1 });
    expect(metricDefinition('mase').params.safeParse({ scale: 2, period: 0.5 }).success).toBe(false);
    // Keys a metric does not read are left alone: the submission format reads positiveClass.
    expect(metricDefinition('roc_auc').params.safeParse({ positiveClass: 'yes' }).success).toBe(true);
  });
});

describe('foreign metric scripts map by the documented scikit-learn names', () => {
  it.each([
    ['return mean_poisson_deviance(y, p)', 'poisson_deviance'],
    ['return mean_tweedie_deviance(y, p, power=1)', 'poisson_deviance'],
    ['return mean_gamma_deviance(y, p)', 'gamma_deviance'],
    ['return mean_tweedie_deviance(y, p, power=2.0)', 'gamma_deviance'],
    ['return mean_tweedie_deviance(y, p, power=1.5)', 'tweedie_deviance'],
    ['return median_absolute_error(y, p)', 'median_ae'],
    ['return precision_score(y, p, average="macro")', 'precision_macro'],
    ['return f1_score(y, p, average="binary")', 'f1'],
    ['return balanced_accuracy_score(y, p)', 'balanced_accuracy'],
    ['return skm.root_mean_squared_error(y, p)', 'rmse'],
    ['return spearmanr(y, p).correlation', 'spearman'],
  ])('maps %j to %s', (source, metric) => {
    expect(mapMetricScript(source)).toBe(metric);
  });

  it.each([
    // A Tweedie power other than the default would need params.power; the script is kept instead.
    'return mean_tweedie_deviance(y, p, power=1.3)',
    'return mean_tweedie_deviance(y, p)',
    'return precision_score(y, p)',
  ])('keeps %j as a custom metric', (source) => {
    expect(mapMetricScript(source)).toBeNull();
  });
});

describe('one place for metric facts', () => {
  const harness = fileURLToPath(new URL('../../harness/', import.meta.url));
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|py)$/.test(e.name) ? [path.join(dir, e.name)] : [],
    );

  it('no harness code outside the registry lists three or more catalog metrics (a table of metric facts)', () => {
    const names = metricNames();
    const named = (text: string) => names.filter((n) => new RegExp(`['"\`]${n}['"\`]|\\b${n}\\s*:`).test(text));
    const tables = sources(harness)
      .filter((f) => !f.startsWith(path.join(harness, 'grading', 'metrics')))
      .map((f) => [path.relative(harness, f), named(readFileSync(f, 'utf8'))] as const)
      .filter(([, found]) => found.length >= 3);
    expect(tables).toEqual([]);
  });
});
