/**
 * Inputs a metric can score, already parsed and validated from CSV.
 * Classes are encoded as indices into the task's `classes` list so label metrics run on typed arrays.
 */
export type MetricInput =
  /** One predicted class per row. */
  | { kind: 'labels'; yTrue: Int32Array; yPred: Int32Array; classes: readonly string[] }
  /** Binary: the score (probability) of the positive class per row; yTrue is 1 for the positive class, else 0. */
  | { kind: 'binary-scores'; yTrue: Uint8Array; score: Float64Array }
  /** Multiclass: row-major n × k probabilities, k = classes.length. */
  | { kind: 'class-probabilities'; yTrue: Int32Array; proba: Float64Array; classes: readonly string[] }
  /** Regression and correlation metrics. */
  | { kind: 'values'; yTrue: Float64Array; yPred: Float64Array }
  /** Ranking: relevant item ids and predicted item ids (best first) per row. */
  | { kind: 'rankings'; relevant: readonly (readonly string[])[]; predicted: readonly (readonly string[])[] };

export type MetricInputKind = MetricInput['kind'];

export interface MetricDefinition {
  name: string;
  higherIsBetter: boolean;
  /** Input kinds this metric accepts. */
  accepts: readonly MetricInputKind[];
  /** One-line description shown to agents and in reports. */
  description: string;
  /** Throws MetricError when the input is degenerate in a way scikit-learn also rejects. */
  compute(input: MetricInput, params: Readonly<Record<string, unknown>>): number;
}

/** A metric cannot be computed on this input (e.g. ROC AUC with one class present). */
export class MetricError extends Error {
  override name = 'MetricError';
}
