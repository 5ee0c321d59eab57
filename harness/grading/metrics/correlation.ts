/**
 * Spearman rank correlation as scipy.stats.spearmanr: the Pearson correlation of average ranks
 * (ties share their mean rank), computed as numpy.corrcoef does and clipped to [−1, 1].
 */
import { averageRanks } from './rank.js';
import { valueMetric, type Pairs } from './regression.js';
import { numpySumOf } from './summation.js';
import { MetricError, type MetricDefinition } from './types.js';

function isConstant(values: Float64Array): boolean {
  const first = values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}

/** scipy returns NaN for a constant input (the correlation is undefined); we throw. */
function spearman({ yTrue, yPred, n }: Pairs): number {
  if (isConstant(yTrue) || isConstant(yPred)) {
    throw new MetricError(`Spearman correlation is undefined when ${isConstant(yTrue) ? 'y_true' : 'y_pred'} is constant`);
  }
  const ranksTrue = averageRanks(yTrue);
  const ranksPred = averageRanks(yPred);
  // Average ranks always sum to n(n+1)/2, so their mean is exactly (n+1)/2.
  const meanRank = (n + 1) / 2;
  const sumOfProducts = (x: Float64Array, y: Float64Array) =>
    numpySumOf(n, (out, start, count) => {
      for (let j = 0; j < count; j++) out[j] = (x[start + j]! - meanRank) * (y[start + j]! - meanRank);
    });
  const dof = n - 1;
  const covariance = sumOfProducts(ranksTrue, ranksPred) / dof;
  const r = covariance / Math.sqrt(sumOfProducts(ranksTrue, ranksTrue) / dof) / Math.sqrt(sumOfProducts(ranksPred, ranksPred) / dof);
  return Math.min(1, Math.max(-1, r));
}

export const correlationMetrics: readonly MetricDefinition[] = [
  valueMetric(
    {
      name: 'spearman',
      title: 'Spearman rank correlation',
      higherIsBetter: true,
      optimum: 1,
      description:
        'Spearman rank correlation, the Pearson correlation between the ranks of the predictions and of the truth (tied values get their average rank); 1 is perfect, 0 is no relation.',
      fits: [{ kind: 'continuous', why: 'only the order of the rows matters (which to act on first), not the predicted values themselves' }],
      sklearn: [{ function: 'spearmanr', call: 'scipy.stats.spearmanr(y_true, y_pred).correlation' }],
      // scipy gives NaN for fewer than two rows; we throw.
      minRows: 2,
    },
    spearman,
  ),
];
