/**
 * Mean Tweedie deviances as scikit-learn 1.2.1's mean_poisson_deviance, mean_gamma_deviance and
 * mean_tweedie_deviance (power in [1.1, 1.9]): the element-wise formulas of
 * sklearn's _mean_tweedie_deviance, averaged in numpy's summation order.
 */
import { z } from 'zod';
import { metricParams } from './definition.js';
import { meanOf, valueMetric, type Pairs } from './regression.js';
import type { FillTerms } from './summation.js';
import type { MetricDefinition } from './types.js';

/** 2·(y·log(y/μ) − y + μ), with scipy's xlogy(0, ·) = 0. */
const poissonTerms = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const y = yTrue[start + j]!;
    const mu = yPred[start + j]!;
    out[j] = 2 * ((y === 0 ? 0 : y * Math.log(y / mu)) - y + mu);
  }
};

/** 2·(log(μ/y) + y/μ − 1). */
const gammaTerms = ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const y = yTrue[start + j]!;
    const mu = yPred[start + j]!;
    out[j] = 2 * (Math.log(mu / y) + y / mu - 1);
  }
};

/** 2·(y^(2−p)/((1−p)(2−p)) − y·μ^(1−p)/(1−p) + μ^(2−p)/(2−p)). */
const tweedieTerms = (p: number) => ({ yTrue, yPred }: Pairs): FillTerms => (out, start, count) => {
  for (let j = 0; j < count; j++) {
    const y = yTrue[start + j]!;
    const mu = yPred[start + j]!;
    out[j] = 2 * (y ** (2 - p) / ((1 - p) * (2 - p)) - (y * mu ** (1 - p)) / (1 - p) + mu ** (2 - p) / (2 - p));
  }
};

/**
 * The power stays within [1.1, 1.9]. Nearer 1 the formula's terms grow as 1/(p − 1) and cancel
 * (at p = 1.001 and counts near 1e6 scikit-learn itself is off by 1e-7, so no two
 * implementations agree to 1e-9); nearer 2 a zero truth has no prediction scoring near 0, since
 * 2·μ^(2−p)/(2−p) falls too slowly as μ → 0 (0.12 at the smallest double for p = 1.99).
 */
const TWEEDIE_PARAMS = z.object({
  power: z
    .number()
    .min(1.1, 'must be at least 1.1: nearer 1 the deviance cancels to noise (for counts use poisson_deviance)')
    .max(1.9, 'must be at most 1.9: nearer 2 no prediction matches a zero truth (for positive targets use gamma_deviance)')
    .default(1.5),
});

export const devianceMetrics: readonly MetricDefinition[] = [
  valueMetric(
    {
      name: 'poisson_deviance',
      title: 'mean Poisson deviance',
      description:
        'Mean Poisson deviance, mean(2·(truth·log(truth / prediction) − truth + prediction)) with 0·log 0 = 0; truth must be non-negative and predictions strictly positive; 0 is perfect.',
      fits: [
        {
          kind: 'count',
          why: 'the target counts events, and the Poisson deviance is the loss of a count model: a miss costs relative to the expected count (missing 2 by 2 costs more than missing 100 by 2), and zero counts are fine',
          preferred: true,
        },
        {
          kind: 'zero-inflated',
          why: 'the target is a count with many zeros: the Poisson deviance scores the expected count, so predicting 0 for every row is not a good score (unlike the mean absolute error, whose optimum is the median, 0)',
          // Whole numbers with many zeros are counts (visits, reports): the Tweedie deviance is for amounts.
          preferredWhen: ({ wholeNumbers }) => wholeNumbers === true,
        },
      ],
      sklearn: [
        { function: 'mean_poisson_deviance', call: 'mean_poisson_deviance(y_true, y_pred)' },
        { function: 'mean_tweedie_deviance', call: 'mean_tweedie_deviance(y_true, y_pred, power=1)', when: /power\s*=\s*1(\.0+)?(?![\d.])/ },
      ],
      domain: { truth: 'non-negative', prediction: 'positive' },
    },
    (p) => meanOf(p, poissonTerms),
  ),
  valueMetric(
    {
      name: 'gamma_deviance',
      title: 'mean gamma deviance',
      description:
        'Mean gamma deviance, mean(2·(log(prediction / truth) + truth / prediction − 1)); truth and predictions must be strictly positive; 0 is perfect.',
      fits: [
        {
          kind: 'positive',
          why: 'the target is a strictly positive, right-skewed amount whose spread grows with its size, so a miss costs by its ratio to the truth: 10% off costs the same at any size',
          // Where 5% of the values or more are below 1, RMSLE's log(1 + y) is no log there (costs in millions of dollars).
          preferredWhen: ({ q05 }) => q05 !== undefined && q05 < 1,
        },
      ],
      sklearn: [
        { function: 'mean_gamma_deviance', call: 'mean_gamma_deviance(y_true, y_pred)' },
        { function: 'mean_tweedie_deviance', call: 'mean_tweedie_deviance(y_true, y_pred, power=2)', when: /power\s*=\s*2(\.0+)?(?![\d.])/ },
      ],
      domain: { truth: 'positive', prediction: 'positive' },
    },
    (p) => meanOf(p, gammaTerms),
  ),
  valueMetric(
    {
      name: 'tweedie_deviance',
      title: 'mean Tweedie deviance',
      description:
        'Mean Tweedie deviance with power p = {power} (`metric.params.power`, 1.1 ≤ p ≤ 1.9, default 1.5), mean(2·(truth^(2−p) / ((1−p)(2−p)) − truth·prediction^(1−p) / (1−p) + prediction^(2−p) / (2−p))); truth must be non-negative and predictions strictly positive; 0 is perfect.',
      fits: [
        {
          kind: 'zero-inflated',
          why: 'the target is exact zeros mixed with positive amounts, which the compound Poisson–gamma (Tweedie) deviance models: predictions are expected amounts, and predicting 0 everywhere scores badly',
          preferred: true,
        },
        {
          kind: 'non-negative',
          why: 'the target is a non-negative amount with exact zeros, whose spread grows with its size',
          // Mostly below 1, where RMSLE's log(1 + y) is no log.
          preferredWhen: ({ q50 }) => q50 !== undefined && q50 < 1,
        },
      ],
      sklearn: [{ function: 'mean_tweedie_deviance', call: 'mean_tweedie_deviance(y_true, y_pred, power=params.power)', when: /power\s*=\s*1\.50*(?![\d.])/ }],
      domain: { truth: 'non-negative', prediction: 'positive' },
      params: TWEEDIE_PARAMS,
    },
    (pairs, params) => meanOf(pairs, tweedieTerms(metricParams('tweedie_deviance', TWEEDIE_PARAMS, params).power)),
  ),
];
