/**
 * Regression metrics, matching scikit-learn 1.2.1 element-wise formulas and numpy's summation
 * order.
 */
import { inputOfKind, requireFinite, rowCount } from './input.js';
import { medianInPlace } from './select.js';
import { numpyMean, numpySumOf, type FillTerms } from './summation.js';
import { MetricError, type MetricDefinition, type MetricInput } from './types.js';

export interface Pairs {
  yTrue: Float64Array;
  yPred: Float64Array;
  n: number;
}

export function valuesInput(input: MetricInput, metric: string, minRows: number): Pairs {
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

const absoluteErrors = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
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

const meanOf = (pairs: Pairs, terms: (pairs: Pairs) => FillTerms) => numpySumOf(pairs.n, terms(pairs)) / pairs.n;

/** sklearn refuses negative targets or predictions for RMSLE. */
function rmsle(pairs: Pairs): number {
  const { yTrue, yPred, n } = pairs;
  for (let i = 0; i < n; i++) {
    if (yTrue[i]! < 0 || yPred[i]! < 0) {
      throw new MetricError(`RMSLE is undefined for negative values; row ${i} has y_true=${yTrue[i]}, y_pred=${yPred[i]}`);
    }
  }
  return Math.sqrt(meanOf(pairs, squaredLogErrors));
}

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

function regressionMetric(
  name: string,
  description: string,
  score: (pairs: Pairs) => number,
  { minRows = 1, higherIsBetter = false } = {},
): MetricDefinition {
  return {
    name,
    higherIsBetter,
    accepts: ['values'],
    description,
    compute: (input) => score(valuesInput(input, name, minRows)),
  };
}

export const regressionMetrics: readonly MetricDefinition[] = [
  regressionMetric('mse', 'Mean squared error.', (p) => meanOf(p, squaredErrors)),
  regressionMetric('rmse', 'Root mean squared error.', (p) => Math.sqrt(meanOf(p, squaredErrors))),
  regressionMetric('mae', 'Mean absolute error.', (p) => meanOf(p, absoluteErrors)),
  regressionMetric('rmsle', 'Root mean squared error of log(1 + value); values must be non-negative.', rmsle),
  regressionMetric('mape', 'Mean absolute percentage error as a fraction (|error| / max(|truth|, eps)).', (p) => meanOf(p, percentageErrors)),
  regressionMetric('median_ae', 'Median absolute error.', medianAbsoluteError),
  // sklearn returns NaN (with a warning) for fewer than two rows; we throw.
  regressionMetric('r2', 'Coefficient of determination R²: 1 − residual / total sum of squares.', r2, { minRows: 2, higherIsBetter: true }),
];
