/** Every built-in metric by name. Tasks name one in task.json `metric.name`; "custom" is handled elsewhere. */
import { aucMetrics } from './auc.js';
import { classificationMetrics } from './classification.js';
import { correlationMetrics } from './correlation.js';
import { kappaMetrics } from './kappa.js';
import { probabilisticMetrics } from './probabilistic.js';
import { rankingMetrics } from './ranking.js';
import { regressionMetrics } from './regression.js';
import type { MetricDefinition } from './types.js';

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
  ...correlationMetrics,
  ...rankingMetrics,
]);

export function getMetric(name: string): MetricDefinition | undefined {
  return METRICS.get(name);
}

export function metricNames(): string[] {
  return [...METRICS.keys()].sort();
}
