/**
 * The metric registry: every built-in metric by name, with everything known about it (direction,
 * optimum, tolerance, description, the target kinds it fits, submission forms, scikit-learn
 * names). Tasks name one in task.json `metric.name`; "custom" is handled elsewhere.
 */
import { z } from 'zod';
import { aucMetrics } from './auc.js';
import { classificationMetrics } from './classification.js';
import { correlationMetrics } from './correlation.js';
import { devianceMetrics } from './deviance.js';
import { kappaMetrics } from './kappa.js';
import { maseMetrics } from './mase.js';
import { probabilisticMetrics } from './probabilistic.js';
import { rankingMetrics } from './ranking.js';
import { regressionMetrics } from './regression.js';
import { TargetKind, type MetricDefinition, type MetricFit, type MetricInputKind, type SubmissionForm, type TargetValues } from './types.js';

function byName(definitions: readonly MetricDefinition[]): ReadonlyMap<string, MetricDefinition> {
  const map = new Map<string, MetricDefinition>();
  for (const d of definitions) {
    if (map.has(d.name)) throw new Error(`metric ${d.name} is defined twice`);
    map.set(d.name, d);
  }
  return map;
}

export const METRICS: ReadonlyMap<string, MetricDefinition> = byName([
  ...classificationMetrics,
  ...kappaMetrics,
  ...probabilisticMetrics,
  ...aucMetrics,
  ...regressionMetrics,
  ...devianceMetrics,
  ...maseMetrics,
  ...correlationMetrics,
  ...rankingMetrics,
]);

/** The one preferred metric of each target kind; a registry without exactly one is a bug caught at load. */
const PREFERRED: ReadonlyMap<TargetKind, MetricDefinition> = (() => {
  const preferred = new Map<TargetKind, MetricDefinition>();
  for (const d of METRICS.values()) {
    for (const fit of d.fits) {
      if (!fit.preferred) continue;
      const other = preferred.get(fit.kind);
      if (other) throw new Error(`target kind ${fit.kind} has two preferred metrics: ${other.name} and ${d.name}`);
      preferred.set(fit.kind, d);
    }
  }
  const missing = TargetKind.options.filter((k) => !preferred.has(k));
  if (missing.length) throw new Error(`no preferred metric for target kind ${missing.join(', ')}`);
  return preferred;
})();

export function getMetric(name: string): MetricDefinition | undefined {
  return METRICS.get(name);
}

/** The definition of a catalog metric; an unknown name throws, listing the catalog. */
export function metricDefinition(name: string): MetricDefinition {
  const definition = METRICS.get(name);
  if (!definition) throw new Error(`"${name}" is not in the metric catalog (${metricNames().join(', ')})`);
  return definition;
}

export function metricNames(): string[] {
  return [...METRICS.keys()].sort();
}

/** The metric to choose for a target of this kind unless the data says otherwise. */
export function metricFor(kind: TargetKind): MetricDefinition {
  return PREFERRED.get(kind)!;
}

/**
 * The metric for a target of this kind with these values: the first metric in catalog order whose
 * fit for the kind prefers it for such values (a rare positive class, whole numbers, values below
 * 1), else the kind's preferred metric.
 */
export function metricForValues(kind: TargetKind, values: TargetValues): MetricDefinition {
  return [...METRICS.values()].find((d) => d.fits.some((f) => f.kind === kind && f.preferredWhen?.(values))) ?? metricFor(kind);
}

/** Every metric that fits this target kind, the preferred one first, then in catalog order. */
export function metricsFor(kind: TargetKind): MetricDefinition[] {
  const fitting = [...METRICS.values()].filter((d) => d.fits.some((f) => f.kind === kind));
  const preferred = metricFor(kind);
  return [preferred, ...fitting.filter((d) => d !== preferred)];
}

/** Why the metric fits this target kind (a clause a description can quote), or undefined when it does not. */
export function metricFit(name: string, kind: TargetKind): MetricFit | undefined {
  return metricDefinition(name).fits.find((f) => f.kind === kind);
}

const FORM_OF_INPUT: Record<MetricInputKind, SubmissionForm> = {
  labels: 'labels',
  'binary-scores': 'probabilities',
  'class-probabilities': 'probabilities',
  values: 'values',
  rankings: 'ranking',
};

/** The submission forms a metric can score. */
export function submissionForms(definition: MetricDefinition): SubmissionForm[] {
  return [...new Set(definition.accepts.map((k) => FORM_OF_INPUT[k]))];
}

export function acceptsForm(definition: MetricDefinition, form: SubmissionForm): boolean {
  return definition.accepts.some((k) => FORM_OF_INPUT[k] === form);
}

/**
 * The metric's description with its parameters' values in place of their `{name}` tokens (Tweedie's
 * `p = {power}` reads `p = 1.5` by default), each read by the metric's own schema with its default;
 * a parameter given no value and having no default reads as `metric.params.<name>`.
 */
export function metricDescription(definition: MetricDefinition, params: Readonly<Record<string, unknown>> = {}): string {
  const shape: Record<string, z.ZodTypeAny> = definition.params instanceof z.ZodObject ? definition.params.shape : {};
  return definition.description.replace(/\{(\w+)\}/g, (token, key: string) => {
    const field = shape[key];
    if (!field) return token;
    const read = field.safeParse(params[key]);
    return read.success && read.data !== undefined ? String(read.data) : `\`metric.params.${key}\``;
  });
}

/** "root mean squared error (rmse, lower is better): Root mean squared error, …" — for descriptions and prompts. */
export function metricSentence(definition: MetricDefinition, params: Readonly<Record<string, unknown>> = {}): string {
  return `${definition.title} (${definition.name}, ${definition.higherIsBetter ? 'higher' : 'lower'} is better): ${metricDescription(definition, params)}`;
}
