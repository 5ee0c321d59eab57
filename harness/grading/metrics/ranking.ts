/**
 * Mean average precision at k over ranked predictions, as the widely used Kaggle / ml_metrics
 * `mapk`: per row, the precision at each rank ≤ k that hits a new relevant item, summed and
 * divided by min(|relevant|, k). A repeated prediction counts once; a row with nothing relevant
 * scores 0.
 */
import { inputOfKind, rowCount } from './input.js';
import { numpyMean } from './summation.js';
import type { MetricDefinition, MetricInput } from './types.js';

const DEFAULT_K = 10;

function cutoff(params: Readonly<Record<string, unknown>>): number {
  const k = params['k'] ?? DEFAULT_K;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new Error(`map_at_k: params.k must be a positive integer, got ${JSON.stringify(k)}`);
  }
  return k;
}

/** ml_metrics `apk`; `relevant.length` counts duplicates, as `len(actual)` does there. */
function averagePrecisionAtK(relevant: readonly string[], predicted: readonly string[], k: number): number {
  if (relevant.length === 0) return 0;
  const considered = Math.min(k, predicted.length);
  let hits = 0;
  let score = 0;
  for (let i = 0; i < considered; i++) {
    const item = predicted[i]!;
    if (relevant.includes(item) && predicted.indexOf(item) === i) {
      hits++;
      score += hits / (i + 1);
    }
  }
  return score / Math.min(relevant.length, k);
}

function mapAtK(input: MetricInput, params: Readonly<Record<string, unknown>>): number {
  const x = inputOfKind(input, 'map_at_k', ['rankings']);
  const n = rowCount('map_at_k', 1, x.relevant, x.predicted);
  const k = cutoff(params);
  const perRow = new Float64Array(n);
  for (let r = 0; r < n; r++) perRow[r] = averagePrecisionAtK(x.relevant[r]!, x.predicted[r]!, k);
  return numpyMean(perRow);
}

export const rankingMetrics: readonly MetricDefinition[] = [
  {
    name: 'map_at_k',
    higherIsBetter: true,
    accepts: ['rankings'],
    description: 'Mean over rows of average precision at k of the ranked predictions (params.k, default 10).',
    compute: mapAtK,
  },
];
