/**
 * Label counting shared by the label metrics. scikit-learn scores labels over the classes present
 * in y_true ∪ y_pred, sorted; classes are indices here, so sorted means ascending index.
 */

export interface LabelTallies {
  /** Class indices present in yTrue ∪ yPred, ascending. */
  present: Int32Array;
  /** Per present label, in `present` order: rows truly of it, rows predicted as it, rows both. */
  truth: Float64Array;
  predicted: Float64Array;
  correct: Float64Array;
}

export function labelTallies(yTrue: Int32Array, yPred: Int32Array, classCount: number): LabelTallies {
  const truthAll = new Float64Array(classCount);
  const predictedAll = new Float64Array(classCount);
  const correctAll = new Float64Array(classCount);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    truthAll[t]!++;
    predictedAll[p]!++;
    if (t === p) correctAll[t]!++;
  }
  const present: number[] = [];
  for (let c = 0; c < classCount; c++) if (truthAll[c]! > 0 || predictedAll[c]! > 0) present.push(c);
  const pick = (all: Float64Array) => Float64Array.from(present, (c) => all[c]!);
  return { present: Int32Array.from(present), truth: pick(truthAll), predicted: pick(predictedAll), correct: pick(correctAll) };
}

/** Row-major m × m counts over the present labels (m = present.length); rows are true labels, columns predictions. */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, present: Int32Array, classCount: number): Float64Array {
  const m = present.length;
  const position = new Int32Array(classCount);
  present.forEach((c, at) => (position[c] = at));
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < yTrue.length; i++) matrix[position[yTrue[i]!]! * m + position[yPred[i]!]!]!++;
  return matrix;
}
