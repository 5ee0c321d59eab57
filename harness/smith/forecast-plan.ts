import { columnFrequency } from './series-frequency.js';
import type { DatasetProfile, Proposal } from './types.js';

/** Test periods of a forecast: enough test rows to score, never most of the series. */
export const MIN_TEST_ROWS = 30;
export const MAX_TEST_SHARE = 0.25;
/** Lags at the horizon and the steps just past it; seasonal lags come on top. */
const NEAR_LAGS = 3;

export type ForecastLags = NonNullable<Proposal['lags']>;

/** The smallest multiple of `period` above `floor`. */
function nextMultiple(period: number, floor: number): number {
  return period * (Math.floor(floor / period) + 1);
}

/**
 * A forecast's test period, lags and season, from the series' frequency. The test period is the
 * frequency's usual horizon (a year of months, 8 quarters, 13 weeks, 28 days), repeated until it
 * holds MIN_TEST_ROWS rows over all series, and the forecast reaches to its end from the last
 * training step. Every lag is at least the test period, so each lag of a test row was observed in
 * training: with a shorter lag, a later test row would show an earlier one's answer. Lags are the
 * horizon and the next steps, plus the first seasonal lag past them (a year of months: 36, 37, 38,
 * 48), each where training holds it for most of its rows. Null when the series is too short.
 */
export function forecastPlan(profile: DatasetProfile, time: string, series?: string): ForecastLags | null {
  const column = profile.columns.find((c) => c.name === time);
  const steps = column?.distinct ?? 0;
  if (!column || steps === 0) return null;
  const seriesCount = series ? (profile.columns.find((c) => c.name === series)?.distinct ?? 1) : 1;
  const frequency = columnFrequency(column);
  const whole = frequency.horizon * Math.ceil(MIN_TEST_ROWS / (seriesCount * frequency.horizon));
  // A series too short for whole horizons still gets the shortest test period that scores.
  const horizon = [whole, Math.ceil(MIN_TEST_ROWS / seriesCount)].find((h) => h <= MAX_TEST_SHARE * steps);
  if (horizon === undefined) return null;
  const trainSteps = steps - horizon;
  const near = Array.from({ length: NEAR_LAGS }, (_, i) => horizon + i);
  const seasons = frequency.seasons.filter((m) => 2 * m <= trainSteps);
  const seasonal = seasons.map((m) => nextMultiple(m, near.at(-1)!)).filter((lag) => 2 * lag <= trainSteps);
  return {
    lags: [...new Set([...near, ...seasonal])].sort((a, b) => a - b),
    horizon,
    unit: frequency.unit,
    ...(seasons.length > 0 ? { season: seasons[0] } : {}),
    ...(series ? { seriesColumn: series } : {}),
  };
}
