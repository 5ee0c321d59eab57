import { beforeAll, describe, expect, it } from 'vitest';
import { forecastPlan } from '../../harness/smith/forecast-plan.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { timeColumn } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { columnFrequency } from '../../harness/smith/series-frequency.js';
import type { ColumnStats, DatasetProfile } from '../../harness/smith/types.js';

// The frequency of each real series, read from its time column as the profiler measures it, and
// the forecast each frequency asks for.
const NAMES = ['co2-concentration', 'mauna-loa-co2-weekly', 'sunspots', 'aer-usmacrosw', 'us-births', 'aer-dutchadvert', 'aer-grunfeld'] as const;
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  for (const name of NAMES) profiles.set(name, await profileDataset(name));
}, 300_000);

const timeOf = (name: (typeof NAMES)[number]) => {
  const profile = profiles.get(name)!;
  const time = timeColumn(profile)!;
  return { profile, time, column: profile.columns.find((c) => c.name === time)! };
};

describe('the frequency of a series, from its time column', () => {
  it.each([
    ['co2-concentration', 'date', 'month', 'monthly'],
    ['mauna-loa-co2-weekly', 'date', 'week', 'weekly'],
    ['sunspots', 'YEAR', 'year', 'yearly'],
    ['aer-usmacrosw', 'time', 'quarter', 'quarterly'],
    ['us-births', 'date', 'day', 'daily'],
    ['aer-dutchadvert', 'time', 'four-week period', 'four-weekly'],
  ] as const)('%s: `%s` is %s', (name, time, unit, adjective) => {
    const { column } = timeOf(name);
    expect(column.name).toBe(time);
    expect(columnFrequency(column)).toMatchObject({ unit, adjective });
  });

  it('measures the median spacing: days between ISO dates (a month is 31 days as often as not), years between numeric times', () => {
    expect(timeOf('co2-concentration').column.medianStep).toBe(31);
    expect(timeOf('mauna-loa-co2-weekly').column.medianStep).toBe(7);
    expect(timeOf('us-births').column.medianStep).toBe(1);
    expect(timeOf('aer-usmacrosw').column.medianStep).toBeGreaterThanOrEqual(91);
    expect(timeOf('sunspots').column.medianStep).toBe(1);
    expect(timeOf('aer-dutchadvert').column.medianStep).toBeCloseTo(1 / 13, 5);
  });

  it('reads years with quarter fractions as quarters, and an index that is no calendar as plain steps', () => {
    const stats = (min: number, max: number, medianStep: number): ColumnStats => ({ name: 't', type: 'number', missing: 0, distinct: 100, min, max, medianStep, idLike: false, constant: false });
    expect(columnFrequency(stats(1959, 2009.75, 0.25)).unit).toBe('quarter');
    expect(columnFrequency(stats(1959, 2009 + 11 / 12, 1 / 12)).unit).toBe('month');
    expect(columnFrequency(stats(1, 400, 1))).toMatchObject({ unit: 'step', horizon: 10, seasons: [] });
    expect(columnFrequency({ ...stats(1, 400, 1), medianStep: undefined }).unit).toBe('step');
  });
});

describe("a forecast's horizon and lags, by frequency", () => {
  it.each([
    // A year of months, three times over to reach 30 test rows; lags from the horizon on, and the season past it.
    ['co2-concentration', { horizon: 36, lags: [36, 37, 38, 48], unit: 'month', season: 12 }],
    ['mauna-loa-co2-weekly', { horizon: 39, lags: [39, 40, 41, 52], unit: 'week', season: 52 }],
    ['sunspots', { horizon: 30, lags: [30, 31, 32], unit: 'year' }],
    ['aer-usmacrosw', { horizon: 32, lags: [32, 33, 34, 36], unit: 'quarter', season: 4 }],
    // Daily: the week and the year (52 weeks) are both seasons.
    ['us-births', { horizon: 56, lags: [56, 57, 58, 63, 364], unit: 'day', season: 7 }],
    ['aer-dutchadvert', { horizon: 39, lags: [39, 40, 41, 52], unit: 'four-week period', season: 13 }],
  ] as const)('%s', (name, plan) => {
    const { profile, time } = timeOf(name);
    const got = forecastPlan(profile, time);
    expect(got).toEqual(plan);
    expect(Math.min(...got!.lags)).toBeGreaterThanOrEqual(got!.horizon!);
    expect(got!.horizon).toBeLessThanOrEqual(0.25 * profile.columns.find((c) => c.name === time)!.distinct);
  });

  it('a panel of 10 firms over 20 years reaches 30 test rows in 3 years, not the 6 a single yearly series is asked for', () => {
    const { profile, time } = timeOf('aer-grunfeld');
    expect(forecastPlan(profile, time, 'firm')).toEqual({ horizon: 3, lags: [3, 4, 5], unit: 'year', seriesColumn: 'firm' });
  });

  it('a series too short for a test period of 30 rows within a quarter of it gets no plan', () => {
    const { profile, time } = timeOf('sunspots');
    const short = { ...profile, columns: profile.columns.map((c) => (c.name === time ? { ...c, distinct: 100 } : c)) };
    expect(forecastPlan(short, time)).toBeNull();
  });
});
