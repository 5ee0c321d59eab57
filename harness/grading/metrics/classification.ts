/**
 * Metrics on one predicted label per row, matching scikit-learn 1.2.1: labels are the classes
 * present in y_true ∪ y_pred, and an undefined precision, recall or F1 of a label is 0.0
 * (sklearn's zero_division="warn").
 */
import { z } from 'zod';
import { labelTallies, type LabelTallies } from './confusion.js';
import { defineMetric, metricParams, type MetricSpec } from './definition.js';
import { labelsInput, type LabelsInput } from './input.js';
import { numpyMean, numpySum } from './summation.js';
import { MetricError, type MetricDefinition } from './types.js';

type LabelScore = (labels: LabelsInput, params: Readonly<Record<string, unknown>>) => number;

type LabelMetricSpec = Omit<MetricSpec, 'higherIsBetter' | 'optimum' | 'accepts' | 'compute'>;

/** A higher-is-better metric on one label per row whose perfect score is 1. */
export function labelMetric(spec: LabelMetricSpec, score: LabelScore): MetricDefinition {
  return defineMetric({
    higherIsBetter: true,
    optimum: 1,
    accepts: ['labels'],
    ...spec,
    compute: (input, params) => score(labelsInput(input, spec.name), params),
  });
}

function talliesOf(labels: LabelsInput): LabelTallies {
  return labelTallies(labels.yTrue, labels.yPred, labels.classes.length);
}

function total(counts: Float64Array): number {
  let sum = 0;
  for (const c of counts) sum += c;
  return sum;
}

/** sklearn's _prf_divide with zero_division="warn": a zero denominator gives 0. */
function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** F1 from precision and recall, in sklearn's operation order; 0 when both are 0. */
function f1FromPrecisionRecall(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

interface PerLabel {
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
}

function perLabel(t: LabelTallies): PerLabel {
  const m = t.present.length;
  const precision = new Float64Array(m);
  const recall = new Float64Array(m);
  const f1 = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    precision[j] = ratioOrZero(t.correct[j]!, t.predicted[j]!);
    recall[j] = ratioOrZero(t.correct[j]!, t.truth[j]!);
    f1[j] = f1FromPrecisionRecall(precision[j]!, recall[j]!);
  }
  return { precision, recall, f1 };
}

function accuracy(labels: LabelsInput): number {
  const { yTrue, yPred } = labels;
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Mean recall over the labels present in y_true; labels only predicted are skipped, as sklearn does. */
function balancedAccuracy(labels: LabelsInput): number {
  const t = talliesOf(labels);
  const recalls: number[] = [];
  t.truth.forEach((truth, j) => {
    if (truth > 0) recalls.push(t.correct[j]! / truth);
  });
  return numpyMean(Float64Array.from(recalls));
}

function microF1(labels: LabelsInput): number {
  const t = talliesOf(labels);
  const correct = total(t.correct);
  return f1FromPrecisionRecall(ratioOrZero(correct, total(t.predicted)), ratioOrZero(correct, total(t.truth)));
}

/** Support-weighted mean F1 (sklearn's average="weighted"). */
function weightedF1(labels: LabelsInput): number {
  const t = talliesOf(labels);
  const { f1 } = perLabel(t);
  const weighted = f1.map((f, j) => f * t.truth[j]!);
  return numpySum(weighted) / numpySum(t.truth);
}

const F1_PARAMS = z.object({ positiveClass: z.union([z.string(), z.number()]).optional() });

/** The index of params.positiveClass (a class name), by default the second class. */
function positiveClassIndex(classes: readonly string[], params: Readonly<Record<string, unknown>>): number {
  const named = metricParams('f1', F1_PARAMS, params).positiveClass;
  if (named === undefined) {
    if (classes.length < 2) throw new Error(`f1 needs at least two classes, got ${JSON.stringify(classes)}`);
    return 1;
  }
  const index = classes.indexOf(String(named));
  if (index < 0) throw new Error(`f1: params.positiveClass "${String(named)}" is not one of the classes ${JSON.stringify(classes)}`);
  return index;
}

/**
 * Binary F1 of the positive class (sklearn's average="binary"). Like sklearn, it refuses more than
 * two labels present, and a positive class absent from two present labels.
 */
function binaryF1(labels: LabelsInput, params: Readonly<Record<string, unknown>>): number {
  const positive = positiveClassIndex(labels.classes, params);
  const t = talliesOf(labels);
  const present = Array.from(t.present);
  if (present.length > 2) {
    throw new MetricError(`binary f1 needs at most two labels in y_true and y_pred, found ${present.length}`);
  }
  const at = present.indexOf(positive);
  if (at < 0) {
    if (present.length === 2) {
      throw new MetricError(`the positive class "${labels.classes[positive]}" appears in neither y_true nor y_pred, which hold two other labels`);
    }
    return 0;
  }
  return perLabel(t).f1[at]!;
}

/** Matthews correlation from the label totals; 0 when either side has a single label (sklearn's convention). */
function mcc(labels: LabelsInput): number {
  const t = talliesOf(labels);
  const n = total(t.predicted);
  let truthDotPredicted = 0;
  let predictedDotPredicted = 0;
  let truthDotTruth = 0;
  for (let j = 0; j < t.present.length; j++) {
    truthDotPredicted += t.truth[j]! * t.predicted[j]!;
    predictedDotPredicted += t.predicted[j]! * t.predicted[j]!;
    truthDotTruth += t.truth[j]! * t.truth[j]!;
  }
  const covTruePred = total(t.correct) * n - truthDotPredicted;
  const covPredPred = n * n - predictedDotPredicted;
  const covTrueTrue = n * n - truthDotTruth;
  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}

/** A variant of a scikit-learn call chosen by its `average=` argument. */
const averaged = (average: string) => new RegExp(`average\\s*=\\s*["']${average}["']`);

const SAME_COST = 'every error costs the same and the classes are roughly balanced, so the share of right answers is what a user sees';

export const classificationMetrics: readonly MetricDefinition[] = [
  labelMetric(
    {
      name: 'accuracy',
      title: 'accuracy',
      description: 'Accuracy, the share of rows whose predicted class is the true class: mean(prediction = truth); 1 is perfect.',
      fits: [
        { kind: 'binary', why: SAME_COST },
        { kind: 'multiclass', why: SAME_COST },
      ],
      sklearn: [{ function: 'accuracy_score', call: 'accuracy_score(y_true, y_pred)' }],
    },
    accuracy,
  ),
  labelMetric(
    {
      name: 'balanced_accuracy',
      title: 'balanced accuracy',
      description: 'Balanced accuracy, the mean over the classes present in the truth of each class\'s recall (right predictions / true rows of the class); 1 is perfect, 1/k is chance.',
      fits: [
        { kind: 'binary', why: 'the classes are imbalanced and each matters equally: predicting the majority class scores only 0.5' },
        {
          kind: 'multiclass',
          why: 'the classes are imbalanced and each matters equally: rare classes count as much as common ones, and predicting the majority class scores only 1/k',
          // Imbalanced: the smallest class under 30% of the largest.
          preferredWhen: ({ classShares = [] }) => classShares.length > 2 && Math.min(...classShares) / Math.max(...classShares) < 0.3,
        },
      ],
      sklearn: [{ function: 'balanced_accuracy_score', call: 'balanced_accuracy_score(y_true, y_pred)' }],
    },
    balancedAccuracy,
  ),
  labelMetric(
    {
      name: 'f1',
      title: 'F1 score',
      description: 'F1 score of the positive class (params.positiveClass, default the second class): 2·precision·recall / (precision + recall); 1 is perfect.',
      fits: [{ kind: 'binary', why: 'the positive class is rare and both missed positives and false alarms cost, while true negatives are uninformative' }],
      sklearn: [{ function: 'f1_score', call: 'f1_score(y_true, y_pred, pos_label=positive_class, average="binary")', when: /^(?![\s\S]*average\s*=)|average\s*=\s*["']binary["']/ }],
      params: F1_PARAMS,
    },
    binaryF1,
  ),
  labelMetric(
    {
      name: 'f1_macro',
      title: 'macro-averaged F1',
      description: 'Macro-averaged F1, the unweighted mean over the labels in truth or predictions of each label\'s F1 = 2·precision·recall / (precision + recall); 1 is perfect.',
      fits: [{ kind: 'multiclass', why: 'there are many or imbalanced classes and each should count equally, with both missed and false predictions of a class costing' }],
      sklearn: [{ function: 'f1_score', call: 'f1_score(y_true, y_pred, average="macro")', when: averaged('macro') }],
    },
    (l) => numpyMean(perLabel(talliesOf(l)).f1),
  ),
  labelMetric(
    {
      name: 'f1_micro',
      title: 'micro-averaged F1',
      description: 'Micro-averaged F1 from the true positives, false positives and false negatives summed over all labels (equal to accuracy for one label per row); 1 is perfect.',
      sklearn: [{ function: 'f1_score', call: 'f1_score(y_true, y_pred, average="micro")', when: averaged('micro') }],
    },
    microF1,
  ),
  labelMetric(
    {
      name: 'f1_weighted',
      title: 'support-weighted F1',
      description: 'Support-weighted F1, Σ_k t_k·F1_k / Σ_k t_k with t_k the true rows of label k; 1 is perfect.',
      sklearn: [{ function: 'f1_score', call: 'f1_score(y_true, y_pred, average="weighted")', when: averaged('weighted') }],
    },
    weightedF1,
  ),
  labelMetric(
    {
      name: 'precision_macro',
      title: 'macro-averaged precision',
      description: 'Macro-averaged precision, the unweighted mean over the labels in truth or predictions of right predictions / predictions of the label; 1 is perfect.',
      sklearn: [{ function: 'precision_score', call: 'precision_score(y_true, y_pred, average="macro")', when: averaged('macro') }],
    },
    (l) => numpyMean(perLabel(talliesOf(l)).precision),
  ),
  labelMetric(
    {
      name: 'recall_macro',
      title: 'macro-averaged recall',
      description: 'Macro-averaged recall, the unweighted mean over the labels in truth or predictions of right predictions / true rows of the label; 1 is perfect.',
      sklearn: [{ function: 'recall_score', call: 'recall_score(y_true, y_pred, average="macro")', when: averaged('macro') }],
    },
    (l) => numpyMean(perLabel(talliesOf(l)).recall),
  ),
  labelMetric(
    {
      name: 'mcc',
      title: 'Matthews correlation coefficient',
      description: 'Matthews correlation coefficient (multiclass), the correlation between predicted and true labels (c·n − Σ p_k·t_k) / sqrt((n² − Σ p_k²)(n² − Σ t_k²)) with c right predictions of n rows and p_k, t_k the rows predicted as and truly of class k; 1 is perfect, 0 is chance, −1 total disagreement.',
      fits: [{ kind: 'binary', why: 'the classes are imbalanced and all four cells of the confusion matrix matter: a constant prediction scores 0 however rare the positives' }],
      sklearn: [{ function: 'matthews_corrcoef', call: 'matthews_corrcoef(y_true, y_pred)' }],
    },
    mcc,
  ),
];
