/**
 * ROC AUC and average precision, matching scikit-learn 1.2.1's roc_auc_score and
 * average_precision_score with tied scores handled the same way (one threshold per distinct score).
 */
import { inputOfKind, requireClassIndices, requireFinite, rowCount } from './input.js';
import { numpyMean, numpySum, pairwiseSum } from './summation.js';
import { thresholdCounts, type ThresholdCounts } from './thresholds.js';
import { defineMetric } from './definition.js';
import { MetricError, type MetricDefinition, type MetricInput } from './types.js';

/**
 * Trapezoidal area under the ROC curve through the distinct thresholds. Doubled areas are integers
 * below 2^53 for any realistic row count, so the sum is exact and the single division rounds once.
 */
function rocAreaOf({ tps, fps, positives, negatives }: ThresholdCounts): number {
  let doubledArea = 0;
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < tps.length; j++) {
    doubledArea += (fps[j]! - fp) * (tps[j]! + tp);
    tp = tps[j]!;
    fp = fps[j]!;
  }
  return doubledArea / (2 * positives * negatives);
}

/** sklearn raises when y_true holds one class; so do we. */
function binaryRocAuc(isPositive: Uint8Array, score: Float64Array, what: string): number {
  const counts = thresholdCounts(isPositive, score);
  if (counts.positives === 0 || counts.negatives === 0) {
    throw new MetricError(`ROC AUC is undefined${what}: y_true holds only ${counts.positives === 0 ? 'negatives' : 'positives'}`);
  }
  return rocAreaOf(counts);
}

/** numpy's allclose(1, rowSum): sklearn refuses multiclass scores whose rows do not sum to 1. */
function requireRowsSumToOne(proba: Float64Array, n: number, k: number): void {
  for (let i = 0; i < n; i++) {
    const sum = pairwiseSum(proba, i * k, k);
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new MetricError(`multiclass ROC AUC needs probabilities summing to 1 per row; row ${i} sums to ${sum}`);
    }
  }
}

/**
 * One-vs-rest macro ROC AUC over all k classes (roc_auc_score(multi_class="ovr",
 * average="macro", labels=classes)): a class absent from y_true makes its AUC, and so the score,
 * undefined. Two classes score column 1 as binary scores, as roc_auc_score(y, proba[:, 1]).
 */
function oneVsRestRocAuc(yTrue: Int32Array, proba: Float64Array, k: number): number {
  const n = yTrue.length;
  const isClass = new Uint8Array(n);
  const column = new Float64Array(n);
  const fillClass = (c: number) => {
    for (let i = 0; i < n; i++) {
      isClass[i] = yTrue[i] === c ? 1 : 0;
      column[i] = proba[i * k + c]!;
    }
  };
  if (k === 2) {
    fillClass(1);
    return binaryRocAuc(isClass, column, '');
  }
  requireRowsSumToOne(proba, n, k);
  const perClass = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    fillClass(c);
    perClass[c] = binaryRocAuc(isClass, column, ` for class index ${c}`);
  }
  return numpyMean(perClass);
}

function rocAuc(input: MetricInput): number {
  const x = inputOfKind(input, 'roc_auc', ['binary-scores', 'class-probabilities']);
  if (x.kind === 'binary-scores') {
    rowCount('roc_auc', 1, x.yTrue, x.score);
    requireFinite(x.score, 'score');
    return binaryRocAuc(x.yTrue, x.score, '');
  }
  const k = x.classes.length;
  if (k < 2) throw new Error(`roc_auc needs at least two classes, got ${JSON.stringify(x.classes)}`);
  const n = rowCount('roc_auc', 1, x.yTrue);
  if (x.proba.length !== n * k) throw new Error(`roc_auc: ${x.proba.length} probabilities for ${n} rows × ${k} classes`);
  requireClassIndices(x.yTrue, k, 'yTrue');
  requireFinite(x.proba, 'proba');
  return oneVsRestRocAuc(x.yTrue, x.proba, k);
}

/**
 * Step-wise (not interpolated) area under the precision-recall curve: the sum over thresholds of
 * the recall gained times the precision there. With no positive row sklearn returns 0; so do we.
 */
function averagePrecision(input: MetricInput): number {
  const x = inputOfKind(input, 'average_precision', ['binary-scores']);
  rowCount('average_precision', 1, x.yTrue, x.score);
  requireFinite(x.score, 'score');
  const { tps, fps, positives } = thresholdCounts(x.yTrue, x.score);
  if (positives === 0) return 0;
  const m = tps.length;
  // sklearn sums these terms from the lowest threshold up; keep its order for numpy's summation.
  const terms = new Float64Array(m);
  let recall = 0;
  for (let j = 0; j < m; j++) {
    const nextRecall = tps[j]! / positives;
    terms[m - 1 - j] = (nextRecall - recall) * (tps[j]! / (tps[j]! + fps[j]!));
    recall = nextRecall;
  }
  return numpySum(terms);
}

export const aucMetrics: readonly MetricDefinition[] = [
  defineMetric({
    name: 'roc_auc',
    title: 'area under the ROC curve',
    higherIsBetter: true,
    optimum: 1,
    accepts: ['binary-scores', 'class-probabilities'],
    description:
      'Area under the ROC curve, the probability that a random positive row gets a higher score than a random negative one (ties count half); multiclass is the unweighted mean of the one-vs-rest AUCs; 1 is perfect, 0.5 is chance.',
    fits: [
      {
        kind: 'binary',
        why: 'what matters is ranking the positive rows above the negative ones, whatever threshold is later chosen, and the score does not move with the share of positives',
        preferred: true,
      },
    ],
    sklearn: [
      { function: 'roc_auc_score', call: 'roc_auc_score(y_true, y_score)' },
      { function: 'roc_auc_score', call: 'roc_auc_score(y_true, y_proba, multi_class="ovr", average="macro", labels=classes)' },
    ],
    compute: (input) => rocAuc(input),
  }),
  defineMetric({
    name: 'average_precision',
    title: 'average precision',
    higherIsBetter: true,
    optimum: 1,
    accepts: ['binary-scores'],
    description:
      'Average precision, the area under the precision–recall curve as a step function: Σ_n (R_n − R_{n−1}) · P_n over the distinct score thresholds, with no interpolation; 1 is perfect, the share of positives is chance.',
    fits: [
      {
        kind: 'binary',
        why: 'the positive class is rare and the task is to find it: unlike ROC AUC, the many easy negatives do not inflate the score',
        // Rare: below 15% of the rows.
        preferredWhen: ({ classShares = [] }) => classShares.length === 2 && Math.min(...classShares) < 0.15,
      },
    ],
    sklearn: [{ function: 'average_precision_score', call: 'average_precision_score(y_true, y_score)' }],
    compute: (input) => averagePrecision(input),
  }),
];
