import { ascendingOrder } from './sort.js';

/**
 * Cumulative true and false positives at each distinct score, from the highest score down: the
 * points of sklearn's _binary_clf_curve (unit weights). Tied scores form one threshold.
 */
export interface ThresholdCounts {
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

export function thresholdCounts(isPositive: Uint8Array, score: Float64Array): ThresholdCounts {
  const n = score.length;
  const order = ascendingOrder(score);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let thresholds = 0;
  let tp = 0;
  let fp = 0;
  for (let j = n - 1; j >= 0; j--) {
    const row = order[j]!;
    if (isPositive[row]) tp++;
    else fp++;
    if (j === 0 || score[order[j - 1]!] !== score[row]) {
      tps[thresholds] = tp;
      fps[thresholds] = fp;
      thresholds++;
    }
  }
  return { tps: tps.subarray(0, thresholds), fps: fps.subarray(0, thresholds), positives: tp, negatives: fp };
}
