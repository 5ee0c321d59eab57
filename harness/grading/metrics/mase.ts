/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): the test MAE divided by the in-sample MAE
 * of the naive forecast on the training series. The grader never reads train.csv, so the task
 * states the scale in task.json `metric.params.scale`; `naiveScale` computes it from the training
 * series when the task is prepared. scikit-learn has no MASE.
 */
import { z } from 'zod';
import { metricParams } from './definition.js';
import { absoluteErrors, meanOf, valueMetric } from './regression.js';
import { numpySum } from './summation.js';
import type { MetricDefinition } from './types.js';

const MASE_PARAMS = z.object({
  scale: z.number({ error: 'is required: the mean absolute error of the naive forecast on the training series' }).positive('must be positive'),
  /** The season length m the scale was measured at (1: the plain naive forecast); a record, not used in scoring. */
  period: z.number().int().positive('must be a positive integer').default(1),
});

/** The season length m a MASE task's scale is measured at (1 when params name none). */
export function masePeriod(params: unknown): number {
  return MASE_PARAMS.pick({ period: true }).parse(params ?? {}).period;
}

/**
 * mean(|y_t − y_{t−m}|) over t = m … n−1 of a training series in time order (m = `period`, 1 for
 * the plain naive forecast, the season length for the seasonal one). Several series (a panel) pool
 * their naive errors, never differencing across two series. Throws when it is undefined or zero:
 * no series longer than m, or series that repeat themselves exactly.
 */
export function naiveScale(series: Float64Array | readonly Float64Array[], period = 1): number {
  if (!Number.isInteger(period) || period < 1) throw new Error(`naiveScale: period must be a positive integer, got ${period}`);
  const all = series instanceof Float64Array ? [series] : series;
  const differences = new Float64Array(all.reduce((n, s) => n + Math.max(0, s.length - period), 0));
  let at = 0;
  for (const s of all) for (let t = period; t < s.length; t++) differences[at++] = Math.abs(s[t]! - s[t - period]!);
  if (differences.length === 0) throw new Error(`naiveScale: no series longer than ${period} value${period === 1 ? '' : 's'}, so no naive forecast at period ${period}`);
  const scale = numpySum(differences) / differences.length;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`naiveScale: the naive forecast's mean absolute error is ${scale}; MASE needs a positive finite scale`);
  return scale;
}

export const maseMetrics: readonly MetricDefinition[] = [
  valueMetric(
    {
      name: 'mase',
      title: 'mean absolute scaled error',
      description:
        'Mean absolute scaled error, mean(|prediction − truth|) / s, where the scale s (`metric.params.scale`) is the mean absolute error of the naive forecast on the training series, mean(|y_t − y_{t−m}|) with m = {period}; below 1 beats the naive forecast, 0 is perfect.',
      fits: [
        {
          kind: 'forecast',
          why: 'it compares the forecast with the naive one (the value one season earlier for a seasonal series, else the last value seen), is free of the series\' units, and stays defined near zero, unlike a percentage error on a level series',
          preferred: true,
        },
      ],
      params: MASE_PARAMS,
    },
    (pairs, params) => meanOf(pairs, absoluteErrors) / metricParams('mase', MASE_PARAMS, params).scale,
  ),
];
