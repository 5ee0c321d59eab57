import { z } from 'zod';

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

/**
 * What a task's target is, as far as choosing a metric goes. A target may be several at once
 * (a zero-inflated count is a count too); the generator decides which one it scores as.
 */
export const TargetKind = z.enum([
  /** Two classes. */
  'binary',
  /** Unordered classes. */
  'multiclass',
  /** Ordered classes (a rating, a grade, a severity level). */
  'ordinal',
  /** Non-negative integers (events, visits, items). */
  'count',
  /** Non-negative with a large share of exact zeros (hours of rain, amounts claimed, affairs). */
  'zero-inflated',
  /** Non-negative continuous, usually right-skewed (prices, incomes, durations). */
  'non-negative',
  /** Strictly positive continuous (claim sizes, concentrations). */
  'positive',
  /** Any real number. */
  'continuous',
  /** An ordered list of items per row. */
  'ranking',
  /** Future values of a time series. */
  'forecast',
]);
export type TargetKind = z.infer<typeof TargetKind>;

/**
 * How a submission gives its predictions: one class label per row; probabilities (one column for
 * the positive class of a binary task, or one column per class); one number per row; or a ranking.
 */
export const SubmissionForm = z.enum(['labels', 'probabilities', 'values', 'ranking']);
export type SubmissionForm = z.infer<typeof SubmissionForm>;

/** The values a regression metric accepts on one side; outside it the metric fails, as scikit-learn raises. */
export type ValueDomain = 'real' | 'non-negative' | 'positive';

/** What a generator knows of a target's values when it picks the metric; a derived target may have only its class shares. */
export interface TargetValues {
  /** Each class's share of the rows, for class targets. */
  classShares?: readonly number[];
  /** Every value a whole number (counts, codes). */
  wholeNumbers?: boolean;
  /** The values' 5% and 50% quantiles. */
  q05?: number;
  q50?: number;
}

/** A target kind the metric suits, and why, in a sentence a task description can quote. */
export interface MetricFit {
  kind: TargetKind;
  why: string;
  /** The metric a generator should choose for this kind unless the data says otherwise (one per kind). */
  preferred?: boolean;
  /** The data that says otherwise: this metric is chosen over the kind's preferred one when the target's values pass. */
  preferredWhen?: (values: TargetValues) => boolean;
}

/** A scikit-learn (or scipy) function that computes the metric. */
export interface SklearnName {
  /** The function's name, e.g. `mean_squared_error`. */
  function: string;
  /**
   * The exact call that gives this metric, e.g. `mean_squared_error(y_true, y_pred, squared=False)`.
   * Its names: y_true, y_pred (labels or values), y_score (binary), y_proba (rows of class
   * probabilities), classes (task.json order), positive_class, and params: task.json
   * `metric.params` read by the `params` schema, so defaults are filled in (`params.power`).
   */
  call: string;
  /** In a foreign metric script that calls `function`: evidence that it means this metric (e.g. `average="macro"`). */
  when?: RegExp;
  /** The scikit-learn version that added `function`, when later than the 1.2.1 the catalog is checked against. */
  since?: string;
}

/** Everything known about one catalog metric. */
export interface MetricDefinition {
  /** The id tasks name in task.json `metric.name`. */
  name: string;
  /** Its name in words, e.g. "root mean squared error". */
  title: string;
  higherIsBetter: boolean;
  /** The best value, which a submission equal to the truth reaches. */
  optimum: number;
  /** How far from `optimum` the perfect submission may score (float rounding, log_loss's clipping). */
  optimumTolerance: number;
  /** Input kinds this metric accepts. */
  accepts: readonly MetricInputKind[];
  /** One sentence with the formula, shown to agents and in reports. */
  description: string;
  /** Target kinds the metric suits, with the reason; empty for a metric kept for imported tasks only. */
  fits: readonly MetricFit[];
  /** scikit-learn / scipy functions computing it, first the one it is checked against; empty when none does. */
  sklearn: readonly SklearnName[];
  /** For metrics on values: the truth and predictions they accept. */
  domain?: { truth: ValueDomain; prediction: ValueDomain };
  /** task.json `metric.params`; keys it does not name are left alone (`positiveClass` is read by the submission format). */
  params: z.ZodType<Record<string, unknown>>;
  /** Throws MetricError when the input is degenerate in a way scikit-learn also rejects. */
  compute(input: MetricInput, params: Readonly<Record<string, unknown>>): number;
}

/** A metric cannot be computed on this input (e.g. ROC AUC with one class present). */
export class MetricError extends Error {
  override name = 'MetricError';
}
