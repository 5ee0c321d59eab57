/**
 * The values a regression metric accepts on each side (MetricDefinition.domain): scikit-learn
 * raises outside them, and so do we; a perfect submission is the truth moved into them.
 */
import { MetricError, type ValueDomain } from './types.js';

const IN_DOMAIN: Record<ValueDomain, (x: number) => boolean> = {
  real: () => true,
  'non-negative': (x) => x >= 0,
  positive: (x) => x > 0,
};

const DOMAIN_TEXT: Record<ValueDomain, string> = {
  real: 'real',
  'non-negative': 'non-negative',
  positive: 'strictly positive',
};

/** Throws MetricError naming the first row whose truth or prediction lies outside the metric's domain. */
export function requireDomain(
  metric: string,
  domain: { truth: ValueDomain; prediction: ValueDomain },
  yTrue: Float64Array,
  yPred: Float64Array,
): void {
  const truthOk = IN_DOMAIN[domain.truth];
  const predictionOk = IN_DOMAIN[domain.prediction];
  for (let i = 0; i < yTrue.length; i++) {
    if (!truthOk(yTrue[i]!) || !predictionOk(yPred[i]!)) {
      throw new MetricError(
        `${metric} needs ${DOMAIN_TEXT[domain.truth]} y_true and ${DOMAIN_TEXT[domain.prediction]} y_pred; row ${i} has y_true=${yTrue[i]}, y_pred=${yPred[i]}`,
      );
    }
  }
}

/**
 * The prediction a perfect submission makes for `truth`: the truth itself, except that a zero
 * truth under strictly positive predictions becomes the smallest positive double (whose deviance
 * term is below 1e-160). A truth outside the metric's own truth domain is left for it to refuse.
 */
export function perfectPrediction(truth: number, prediction: ValueDomain): number {
  return prediction === 'positive' && truth === 0 ? Number.MIN_VALUE : truth;
}
