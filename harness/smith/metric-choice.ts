import { metricDefinition, metricFit, metricFor, submissionForms } from '../grading/metrics/catalog.js';
import type { TargetKind } from '../grading/metrics/types.js';
import type { MetricChoice } from './types.js';

/** Below this share the positive class is rare: precision–recall says more than ROC. */
const RARE_POSITIVE = 0.15;
/** Smallest over largest class share below which a class-balanced metric is fairer to the small classes. */
const IMBALANCED = 0.3;

export interface ChosenMetric {
  metric: MetricChoice;
  /** Why this metric fits the target, quoted in the task's description. */
  why: string;
}

/**
 * The metric for a target: the registry's preferred metric for its kind, adjusted by the data
 * where it matters (a rare positive class is scored by average precision, imbalanced classes by a
 * class-balanced metric), each only when the registry says it fits that kind.
 */
export function chooseMetric(kind: TargetKind, classShares: number[] = [], positiveClass?: string): ChosenMetric {
  let name = metricFor(kind).name;
  const sorted = [...classShares].sort((a, b) => a - b);
  if (kind === 'binary' && sorted.length === 2 && sorted[0]! < RARE_POSITIVE && metricFit('average_precision', kind)) name = 'average_precision';
  if (kind === 'multiclass' && sorted.length > 2 && sorted[0]! / sorted[sorted.length - 1]! < IMBALANCED && metricFit('balanced_accuracy', kind)) name = 'balanced_accuracy';
  const [form] = submissionForms(metricDefinition(name));
  if (form !== 'labels' && form !== 'probabilities' && form !== 'values') throw new Error(`${name}: generated tasks take labels, probabilities or values, not ${form}`);
  const why = metricFit(name, kind)?.why ?? metricDefinition(name).description;
  return { metric: { name, form, ...(form === 'probabilities' && positiveClass ? { positiveClass } : {}) }, why };
}
