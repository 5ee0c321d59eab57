/**
 * Metrics on one predicted label per row, matching scikit-learn 1.2.1: labels are the classes
 * present in y_true ∪ y_pred, and an undefined precision, recall or F1 of a label is 0.0
 * (sklearn's zero_division="warn").
 */
import { labelTallies, type LabelTallies } from './confusion.js';
import { labelsInput, type LabelsInput } from './input.js';
import { numpyMean, numpySum } from './summation.js';
import { MetricError, type MetricDefinition } from './types.js';

type LabelScore = (labels: LabelsInput, params: Readonly<Record<string, unknown>>) => number;

export function labelMetric(name: string, description: string, score: LabelScore): MetricDefinition {
  return {
    name,
    higherIsBetter: true,
    accepts: ['labels'],
    description,
    compute: (input, params) => score(labelsInput(input, name), params),
  };
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

/** The index of params.positiveClass (a class name), by default the second class. */
function positiveClassIndex(classes: readonly string[], params: Readonly<Record<string, unknown>>): number {
  const named = params['positiveClass'];
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

export const classificationMetrics: readonly MetricDefinition[] = [
  labelMetric('accuracy', 'Fraction of rows whose predicted label equals the true label.', accuracy),
  labelMetric('balanced_accuracy', 'Mean per-class recall over the classes present in the truth.', balancedAccuracy),
  labelMetric('f1', 'F1 score of the positive class (params.positiveClass, default the second class).', binaryF1),
  labelMetric('f1_macro', 'Unweighted mean of per-class F1 over the labels in truth or predictions.', (l) => numpyMean(perLabel(talliesOf(l)).f1)),
  labelMetric('f1_micro', 'F1 from the total true positives, false positives and false negatives over all labels.', microF1),
  labelMetric('f1_weighted', 'Mean per-class F1 weighted by each class\'s number of true rows.', weightedF1),
  labelMetric('precision_macro', 'Unweighted mean of per-class precision over the labels in truth or predictions.', (l) => numpyMean(perLabel(talliesOf(l)).precision)),
  labelMetric('recall_macro', 'Unweighted mean of per-class recall over the labels in truth or predictions.', (l) => numpyMean(perLabel(talliesOf(l)).recall)),
  labelMetric('mcc', 'Matthews correlation coefficient (multiclass), from -1 to 1.', mcc),
];
