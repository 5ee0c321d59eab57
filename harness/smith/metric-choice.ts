import { METRICS } from '../grading/metrics/catalog.js';
import type { TargetKind } from '../grading/metrics/types.js';
import type { MetricChoice } from './types.js';

/** Below this share the positive class is rare: precision–recall says more than ROC. */
const RARE_POSITIVE = 0.15;
/** Smallest over largest class share below which plain accuracy rewards ignoring the small classes. */
const IMBALANCED = 0.3;

export interface ChosenMetric {
  metric: MetricChoice;
  /** Why this metric fits the target, quoted in the task's description. */
  why: string;
}

/** The submission form a metric reads: class labels, probabilities, or values. */
function formOf(name: string): MetricChoice['form'] {
  const accepts = METRICS.get(name)?.accepts ?? [];
  if (accepts.includes('labels')) return 'labels';
  if (accepts.includes('binary-scores') || accepts.includes('class-probabilities')) return 'probabilities';
  return 'values';
}

function fitFor(name: string, kind: TargetKind): string | undefined {
  return METRICS.get(name)?.fits.find((f) => f.kind === kind)?.why;
}

/** The registry's preferred metric for a kind of target. */
function preferred(kind: TargetKind): string {
  const found = [...METRICS.values()].find((d) => d.fits.some((f) => f.kind === kind && f.preferred));
  if (!found) throw new Error(`the metric registry names no preferred metric for ${kind} targets`);
  return found.name;
}

/**
 * The metric for a target, from what the metric registry says each metric fits, adjusted by the
 * data where it matters: a rare positive class is scored by average precision, imbalanced classes
 * by a class-balanced metric.
 */
export function chooseMetric(kind: TargetKind, classShares: number[] = [], positiveClass?: string): ChosenMetric {
  let name = preferred(kind);
  const sorted = [...classShares].sort((a, b) => a - b);
  if (kind === 'binary' && sorted.length === 2 && sorted[0]! < RARE_POSITIVE && fitFor('average_precision', kind)) name = 'average_precision';
  if (kind === 'multiclass' && sorted.length > 2 && sorted[0]! / sorted[sorted.length - 1]! < IMBALANCED && fitFor('balanced_accuracy', kind)) name = 'balanced_accuracy';
  const form = formOf(name);
  const why = fitFor(name, kind) ?? METRICS.get(name)!.description;
  return { metric: { name, form, ...(form === 'probabilities' && positiveClass ? { positiveClass } : {}) }, why };
}
