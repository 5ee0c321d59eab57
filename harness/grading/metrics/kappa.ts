/**
 * Cohen's kappa, plain and quadratic-weighted, as scikit-learn 1.2.1's cohen_kappa_score with the
 * task's classes passed as `labels`.
 *
 * The quadratic weight of a cell is the squared distance between the positions of its two classes
 * in the task's `classes`, listed in their ordinal order: a level absent from both y_true and
 * y_pred still counts in the distance (without `labels`, sklearn would sort the names of the
 * labels present and close such gaps). Unweighted kappa is the same either way.
 */
import { labelMetric } from './classification.js';
import { confusionMatrix, labelTallies } from './confusion.js';
import type { LabelsInput } from './input.js';
import { numpySum } from './summation.js';
import { MetricError, type MetricDefinition } from './types.js';

/** Disagreement weight of true class index i against predicted class index j. */
type Weight = (i: number, j: number) => number;

const unweighted: Weight = (i, j) => (i === j ? 0 : 1);
const quadratic: Weight = (i, j) => (i - j) * (i - j);

/**
 * 1 − (weighted observed disagreement) / (weighted disagreement expected from the two marginals).
 * The expectation is zero only when a single label occurs in both y_true and y_pred; sklearn then
 * returns NaN, and we throw.
 */
function kappa(labels: LabelsInput, weight: Weight): number {
  const { yTrue, yPred, classes } = labels;
  const tallies = labelTallies(yTrue, yPred, classes.length);
  const m = tallies.present.length;
  const observed = confusionMatrix(yTrue, yPred, tallies.present, classes.length);
  const n = numpySum(tallies.predicted);
  const weightedObserved = new Float64Array(m * m);
  const weightedExpected = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const w = weight(tallies.present[i]!, tallies.present[j]!);
      weightedObserved[i * m + j] = w * observed[i * m + j]!;
      // sklearn's outer(sum0, sum1): predicted counts index the rows, true counts the columns.
      weightedExpected[i * m + j] = w * ((tallies.predicted[i]! * tallies.truth[j]!) / n);
    }
  }
  const expected = numpySum(weightedExpected);
  if (expected === 0) {
    throw new MetricError(`kappa is undefined when y_true and y_pred hold a single label ("${classes[tallies.present[0]!]}")`);
  }
  return 1 - numpySum(weightedObserved) / expected;
}

export const kappaMetrics: readonly MetricDefinition[] = [
  labelMetric(
    {
      name: 'cohen_kappa',
      title: "Cohen's kappa",
      description: "Cohen's kappa, agreement between predicted and true labels beyond chance: 1 − Σ w·O / Σ w·E with w = 1 off the diagonal, O the confusion matrix and E the one expected from its margins; 1 is perfect, 0 is chance.",
      sklearn: [{ function: 'cohen_kappa_score', call: 'cohen_kappa_score(y_true, y_pred)', when: /^(?![\s\S]*quadratic)/ }],
    },
    (l) => kappa(l, unweighted),
  ),
  labelMetric(
    {
      name: 'quadratic_weighted_kappa',
      title: 'quadratic weighted kappa',
      description:
        "Quadratic weighted kappa on ordered classes: 1 − Σ w·O / Σ w·E with w = (i − j)², the squared distance between the positions i and j of the true and predicted classes in task.json's classes (listed in order), O the confusion matrix and E the one expected from its margins; 1 is perfect, 0 is chance.",
      fits: [
        {
          kind: 'ordinal',
          why: 'the classes are ordered levels, so predicting a neighbouring level should cost less than a distant one (the cost grows with the squared distance), and agreement is measured beyond chance',
          preferred: true,
        },
      ],
      sklearn: [{ function: 'cohen_kappa_score', call: 'cohen_kappa_score(y_true, y_pred, labels=classes, weights="quadratic")', when: /quadratic/ }],
    },
    (l) => kappa(l, quadratic),
  ),
];
