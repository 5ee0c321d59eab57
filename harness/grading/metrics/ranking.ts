/**
 * Mean average precision at k over ranked predictions, as the widely used Kaggle / ml_metrics
 * `mapk`: per row, the precision at each rank ≤ k that hits a new relevant item, summed and
 * divided by min(|relevant|, k). A repeated prediction counts once; a row with nothing relevant
 * scores 0.
 */
import { z } from 'zod';
import { defineMetric, metricParams } from './definition.js';
import { inputOfKind, rowCount } from './input.js';
import { numpyMean } from './summation.js';
import type { MetricDefinition, MetricInput } from './types.js';

const MAP_PARAMS = z.object({ k: z.number().int().positive('must be a positive integer').default(10) });

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
  const { k } = metricParams('map_at_k', MAP_PARAMS, params);
  const perRow = new Float64Array(n);
  for (let r = 0; r < n; r++) perRow[r] = averagePrecisionAtK(x.relevant[r]!, x.predicted[r]!, k);
  return numpyMean(perRow);
}

export const rankingMetrics: readonly MetricDefinition[] = [
  defineMetric({
    name: 'map_at_k',
    title: 'mean average precision at k',
    higherIsBetter: true,
    optimum: 1,
    accepts: ['rankings'],
    description:
      'Mean average precision at k (params.k, default 10): per row, Σ over the ranks i ≤ k that hit a new relevant item of (hits so far / i), divided by min(relevant items, k), averaged over rows; 1 is perfect.',
    fits: [{ kind: 'ranking', why: 'a user reads the first k items of each list, and a relevant item ranked higher is worth more', preferred: true }],
    params: MAP_PARAMS,
    compute: mapAtK,
  }),
];
