/**
 * Spearman rank correlation as scipy.stats.spearmanr: the Pearson correlation of average ranks
 * (ties share their mean rank), computed as numpy.corrcoef does and clipped to [−1, 1].
 */
import { averageRanks } from './rank.js';
import { valuesInput, type Pairs } from './regression.js';
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
  {
    name: 'spearman',
    higherIsBetter: true,
    accepts: ['values'],
    description: 'Spearman rank correlation between predictions and truth (tied values get their average rank).',
    // scipy gives NaN for fewer than two rows; valuesInput throws instead.
    compute: (input) => spearman(valuesInput(input, 'spearman', 2)),
  },
];
