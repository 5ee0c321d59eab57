/**
 * Regression metrics, matching scikit-learn 1.2.1 element-wise formulas and numpy's summation
 * order.
 */
import { defineMetric, type MetricSpec } from './definition.js';
import { requireDomain } from './domain.js';
import { inputOfKind, requireFinite, rowCount } from './input.js';
import { medianInPlace } from './select.js';
import { numpyMean, numpySumOf, type FillTerms } from './summation.js';
import type { MetricDefinition, MetricInput } from './types.js';

export interface Pairs {
  yTrue: Float64Array;
  yPred: Float64Array;
  n: number;
}

function valuesInput(input: MetricInput, metric: string, minRows: number): Pairs {
  const x = inputOfKind(input, metric, ['values']);
  const n = rowCount(metric, minRows, x.yTrue, x.yPred);
  requireFinite(x.yTrue, 'yTrue');
  requireFinite(x.yPred, 'yPred');
  return { yTrue: x.yTrue, yPred: x.yPred, n };
}

const squaredErrors = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const d = yTrue[start + j]! - yPred[start + j]!;
    out[j] = d * d;
  }
};

export const absoluteErrors = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) out[j] = Math.abs(yPred[start + j]! - yTrue[start + j]!);
};

/** sklearn's mean_absolute_percentage_error terms: |y − ŷ| / max(|y|, eps), huge but finite for a zero target. */
const percentageErrors = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const t = yTrue[start + j]!;
    out[j] = Math.abs(yPred[start + j]! - t) / Math.max(Math.abs(t), Number.EPSILON);
  }
};

/** Squared differences of log1p values, as mean_squared_log_error computes them. */
const squaredLogErrors = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const d = Math.log1p(yTrue[start + j]!) - Math.log1p(yPred[start + j]!);
    out[j] = d * d;
  }
};

export const meanOf = (pairs: Pairs, terms: (pairs: Pairs) => FillTerms) => numpySumOf(pairs.n, terms(pairs)) / pairs.n;

function medianAbsoluteError({ yTrue, yPred, n }: Pairs): number {
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = Math.abs(yPred[i]! - yTrue[i]!);
  return medianInPlace(errors);
}

/**
 * Coefficient of determination with sklearn's force_finite convention: a perfect fit scores 1 and
 * an imperfect fit of a constant target scores 0 (instead of NaN or −∞).
 */
function r2(pairs: Pairs): number {
  const { yTrue, n } = pairs;
  const residual = numpySumOf(n, squaredErrors(pairs));
  const mean = numpyMean(yTrue);
  const total = numpySumOf(n, (out, start, count) => {
    for (let j = 0; j < count; j++) {
      const d = yTrue[start + j]! - mean;
      out[j] = d * d;
    }
  });
  if (residual === 0) return 1;
  if (total === 0) return 0;
  return 1 - residual / total;
}

type ValueScore = (pairs: Pairs, params: Readonly<Record<string, unknown>>) => number;

export type ValueMetricSpec = Omit<MetricSpec, 'accepts' | 'compute' | 'higherIsBetter' | 'optimum'> &
  Partial<Pick<MetricSpec, 'higherIsBetter' | 'optimum'>> & {
    /** sklearn returns NaN for fewer rows; we throw. */
    minRows?: number;
  };

/** A metric on one number per row, lower-is-better with optimum 0 unless said otherwise; its domain is enforced before scoring. */
export function valueMetric({ minRows = 1, ...spec }: ValueMetricSpec, score: ValueScore): MetricDefinition {
  const { domain } = spec;
  return defineMetric({
    higherIsBetter: false,
    optimum: 0,
    accepts: ['values'],
    ...spec,
    compute: (input, params) => {
      const pairs = valuesInput(input, spec.name, minRows);
      if (domain) requireDomain(spec.name, domain, pairs.yTrue, pairs.yPred);
      return score(pairs, params);
    },
  });
}

const SAME_UNITS = 'it is in the target\'s own units, so a reader sees directly how far off predictions are';

export const regressionMetrics: readonly MetricDefinition[] = [
  valueMetric(
    {
      name: 'mse',
      title: 'mean squared error',
      description: 'Mean squared error, mean((prediction − truth)²); 0 is perfect.',
      sklearn: [{ function: 'mean_squared_error', call: 'mean_squared_error(y_true, y_pred)', when: /^(?![\s\S]*(sqrt|squared\s*=\s*False))/ }],
    },
    (p) => meanOf(p, squaredErrors),
  ),
  valueMetric(
    {
      name: 'rmse',
      title: 'root mean squared error',
      description: 'Root mean squared error, sqrt(mean((prediction − truth)²)), in the target\'s units; 0 is perfect.',
      fits: [
        { kind: 'continuous', why: `errors are roughly symmetric and a large miss costs more than several small ones; ${SAME_UNITS}`, preferred: true },
        { kind: 'forecast', why: `large misses of the series matter most; ${SAME_UNITS}` },
      ],
      sklearn: [
        { function: 'mean_squared_error', call: 'mean_squared_error(y_true, y_pred, squared=False)', when: /sqrt|squared\s*=\s*False/ },
        { function: 'root_mean_squared_error', call: 'root_mean_squared_error(y_true, y_pred)', since: '1.4' },
      ],
    },
    (p) => Math.sqrt(meanOf(p, squaredErrors)),
  ),
  valueMetric(
    {
      name: 'mae',
      title: 'mean absolute error',
      description: 'Mean absolute error, mean(|prediction − truth|), in the target\'s units; 0 is perfect.',
      fits: [
        { kind: 'continuous', why: `the target has heavy tails or outliers that should not dominate the score; ${SAME_UNITS}` },
        { kind: 'ordinal', why: 'the levels are submitted as numbers on their scale, and the score is the mean number of levels a prediction is off' },
        { kind: 'count', why: 'the score is the mean number of events a prediction is off, robust to the occasional very large count' },
        { kind: 'non-negative', why: `the target is skewed and absolute errors matter more than relative ones; ${SAME_UNITS}` },
        { kind: 'forecast', why: `a miss costs in proportion to its size; ${SAME_UNITS}` },
      ],
      sklearn: [{ function: 'mean_absolute_error', call: 'mean_absolute_error(y_true, y_pred)' }],
    },
    (p) => meanOf(p, absoluteErrors),
  ),
  valueMetric(
    {
      name: 'rmsle',
      title: 'root mean squared logarithmic error',
      description: 'Root mean squared logarithmic error, sqrt(mean((log(1 + prediction) − log(1 + truth))²)); truth and predictions must be non-negative; 0 is perfect.',
      fits: [
        {
          kind: 'non-negative',
          why: 'the target is right-skewed over orders of magnitude, so relative errors matter: missing 10 by 5 costs about as much as missing 1,000 by 500',
          preferred: true,
        },
        { kind: 'positive', why: 'the target is a positive, right-skewed amount whose errors matter relative to its size: missing 200 by 20 costs about as much as missing 2,000 by 200', preferred: true },
      ],
      sklearn: [{ function: 'mean_squared_log_error', call: 'mean_squared_log_error(y_true, y_pred, squared=False)', when: /sqrt|squared\s*=\s*False/ }],
      domain: { truth: 'non-negative', prediction: 'non-negative' },
    },
    (p) => Math.sqrt(meanOf(p, squaredLogErrors)),
  ),
  valueMetric(
    {
      name: 'mape',
      title: 'mean absolute percentage error',
      description: 'Mean absolute percentage error as a fraction, mean(|prediction − truth| / max(|truth|, eps)) with eps = 2.2e-16; 0 is perfect.',
      fits: [
        {
          kind: 'positive',
          why: 'errors matter relative to the value and the values vary over a range comparable to their size (on a level series far from zero, such as CO2 near 355 ppm, every percentage is tiny and MAPE says little)',
        },
      ],
      sklearn: [{ function: 'mean_absolute_percentage_error', call: 'mean_absolute_percentage_error(y_true, y_pred)' }],
    },
    (p) => meanOf(p, percentageErrors),
  ),
  valueMetric(
    {
      name: 'median_ae',
      title: 'median absolute error',
      description: 'Median absolute error, median(|prediction − truth|), in the target\'s units; 0 is perfect.',
      fits: [{ kind: 'continuous', why: 'the data hold gross outliers that no model should chase: the score is the error of the typical row' }],
      sklearn: [{ function: 'median_absolute_error', call: 'median_absolute_error(y_true, y_pred)' }],
    },
    medianAbsoluteError,
  ),
  valueMetric(
    {
      name: 'r2',
      title: 'coefficient of determination',
      higherIsBetter: true,
      optimum: 1,
      description:
        'Coefficient of determination R² = 1 − Σ(truth − prediction)² / Σ(truth − mean(truth))², the share of the variance explained; 1 is perfect, 0 is predicting the mean (a constant truth scores 1 when matched exactly, else 0).',
      fits: [{ kind: 'continuous', why: 'a scale-free score is wanted: the share of the target\'s variance the model explains' }],
      sklearn: [{ function: 'r2_score', call: 'r2_score(y_true, y_pred)' }],
      minRows: 2,
    },
    r2,
  ),
];
