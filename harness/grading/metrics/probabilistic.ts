/**
 * Log loss as scikit-learn 1.2.1's log_loss with eps="auto" and the task's classes passed as
 * `labels` (so a class absent from y_true is fine): probabilities are clipped to
 * [eps, 1 − eps] with eps the float64 machine epsilon, each row is renormalised to sum to 1, and
 * the loss is the mean negative log of the true class's probability.
 */
import { inputOfKind, requireClassIndices, requireFinite, rowCount } from './input.js';
import { numpySumOf, pairwiseSum, type FillTerms } from './summation.js';
import { defineMetric } from './definition.js';
import type { MetricDefinition, MetricInput } from './types.js';

const EPS = Number.EPSILON;
const ONE_MINUS_EPS = 1 - EPS;

/** np.clip(p, eps, 1 - eps). */
function clip(p: number): number {
  return Math.min(Math.max(p, EPS), ONE_MINUS_EPS);
}

/** Binary scores expand to the two columns [1 − p, p] after clipping, as sklearn does. */
function binaryLogLoss(yTrue: Uint8Array, score: Float64Array): number {
  const n = yTrue.length;
  const losses: FillTerms = (out, start, count) => {
    for (let j = 0; j < count; j++) {
      const p = clip(score[start + j]!);
      const q = 1 - p;
      out[j] = -Math.log((yTrue[start + j] ? p : q) / (q + p));
    }
  };
  return numpySumOf(n, losses) / n;
}

function multiclassLogLoss(yTrue: Int32Array, proba: Float64Array, k: number): number {
  const n = yTrue.length;
  const row = new Float64Array(k);
  const losses: FillTerms = (out, start, count) => {
    for (let j = 0; j < count; j++) {
      const offset = (start + j) * k;
      for (let c = 0; c < k; c++) row[c] = clip(proba[offset + c]!);
      // numpy sums each row pairwise; matching its order keeps the renormalisation bit-identical.
      out[j] = -Math.log(row[yTrue[start + j]!]! / pairwiseSum(row, 0, k));
    }
  };
  return numpySumOf(n, losses) / n;
}

function logLoss(input: MetricInput): number {
  const x = inputOfKind(input, 'log_loss', ['binary-scores', 'class-probabilities']);
  if (x.kind === 'binary-scores') {
    rowCount('log_loss', 1, x.yTrue, x.score);
    requireFinite(x.score, 'score');
    return binaryLogLoss(x.yTrue, x.score);
  }
  const k = x.classes.length;
  if (k < 2) throw new Error(`log_loss needs at least two classes, got ${JSON.stringify(x.classes)}`);
  const n = rowCount('log_loss', 1, x.yTrue);
  if (x.proba.length !== n * k) throw new Error(`log_loss: ${x.proba.length} probabilities for ${n} rows × ${k} classes`);
  requireClassIndices(x.yTrue, k, 'yTrue');
  requireFinite(x.proba, 'proba');
  return multiclassLogLoss(x.yTrue, x.proba, k);
}

const PROPER = 'a proper scoring rule: it rewards calibrated probabilities, and a confident wrong prediction costs far more than a hesitant one';

export const probabilisticMetrics: readonly MetricDefinition[] = [
  defineMetric({
    name: 'log_loss',
    title: 'log loss',
    higherIsBetter: false,
    // Probabilities are clipped to [eps, 1 − eps], so a one-hot truth scores about k·eps, not exactly 0.
    optimum: 0,
    optimumTolerance: 1e-6,
    accepts: ['binary-scores', 'class-probabilities'],
    description:
      'Log loss, the mean negative log-probability given to the true class: −mean(log p_true), with probabilities clipped to [eps, 1 − eps] (eps = 2.2e-16) and each row renormalised to sum to 1; 0 is perfect.',
    fits: [
      { kind: 'binary', why: `the probabilities themselves will be used (risks, expected costs); ${PROPER}` },
      { kind: 'multiclass', why: `the probability of every class will be used; ${PROPER}`, preferred: true },
    ],
    sklearn: [{ function: 'log_loss', call: 'log_loss(y_true, y_proba, labels=classes)' }],
    compute: (input) => logLoss(input),
  }),
];
