import { z } from 'zod';
import type { MetricDefinition } from './types.js';

/** Float rounding: how far a perfect submission may score from the optimum unless a metric says otherwise. */
const DEFAULT_OPTIMUM_TOLERANCE = 1e-9;

/** The params schema of a metric that reads none. */
const NO_PARAMS = z.object({});

export type MetricSpec = Omit<MetricDefinition, 'optimumTolerance' | 'params' | 'fits' | 'sklearn'> &
  Partial<Pick<MetricDefinition, 'optimumTolerance' | 'params' | 'fits' | 'sklearn'>>;

/** A definition with the usual defaults: rounding tolerance, no params, no fits, no scikit-learn name. */
export function defineMetric(spec: MetricSpec): MetricDefinition {
  return { optimumTolerance: DEFAULT_OPTIMUM_TOLERANCE, params: NO_PARAMS, fits: [], sklearn: [], ...spec };
}

/**
 * task.json `metric.params` read with the metric's schema; a bad value is the task author's error
 * (a plain Error naming the field), not the submission's.
 */
export function metricParams<T extends Record<string, unknown>>(
  metric: string,
  schema: z.ZodType<T>,
  params: Readonly<Record<string, unknown>>,
): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `metric.params.${i.path.join('.')}: ${i.message}`);
  throw new Error(`${metric}: ${problems.join('; ')}`);
}
