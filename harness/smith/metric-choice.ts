import { metricDefinition, metricFit, metricForValues, submissionForms } from '../grading/metrics/catalog.js';
import type { TargetKind } from '../grading/metrics/types.js';
import type { ColumnStats, MetricChoice, Proposal } from './types.js';

export interface ChosenMetric {
  metric: MetricChoice;
  /** Why this metric fits the target, quoted in the task's description. */
  why: string;
}

/**
 * The metric for a target: the registry's choice for its kind and what its values show (a rare
 * positive class, imbalanced classes, whole numbers, values below 1: each metric's fits say when
 * they take over). `values` are the target's own statistics when the target is a column as it is.
 */
export function chooseMetric(kind: TargetKind, classShares: number[] = [], positiveClass?: string, values?: ColumnStats): ChosenMetric {
  const { name } = metricForValues(kind, { classShares, ...(values ? { wholeNumbers: values.type === 'integer', q05: values.q05, q50: values.q50 } : {}) });
  const [form] = submissionForms(metricDefinition(name));
  if (form !== 'labels' && form !== 'probabilities' && form !== 'values') throw new Error(`${name}: generated tasks take labels, probabilities or values, not ${form}`);
  const why = metricFit(name, kind)?.why ?? metricDefinition(name).description;
  return { metric: { name, form, ...(form === 'probabilities' && positiveClass ? { positiveClass } : {}) }, why };
}

/** A metric's parameters fixed by the design: the class scored, or the season MASE's naive forecast repeats (its scale is measured after prepare). */
export function designedMetricParams(proposal: Proposal, name: string): Record<string, unknown> {
  if (proposal.metric.positiveClass) return { positiveClass: proposal.metric.positiveClass };
  return name === 'mase' && proposal.lags?.season ? { period: proposal.lags.season } : {};
}
