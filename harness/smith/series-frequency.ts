import { z } from 'zod';
import type { ColumnStats } from './types.js';

/**
 * How often a series is observed, read from its time column, and what a forecaster asks of a
 * series of that frequency: the usual horizon and the seasonal periods (in time steps).
 */
export const FrequencyUnit = z.enum(['day', 'week', 'month', 'quarter', 'four-week period', 'year', 'step']);
export type FrequencyUnit = z.infer<typeof FrequencyUnit>;

interface FrequencyFacts {
  /** "monthly", as a description says it. */
  adjective: string;
  /** Median spacing of ISO dates, in days, that reads as this frequency. */
  days?: readonly [number, number];
  /** Observations per year, when numeric times are years with fractions (1959.25: quarters). */
  perYear?: number;
  /**
   * The forecaster's usual question (M4's horizons: 13 weeks, 8 quarters, 6 years; M5's 28 days;
   * a year of months); for a bare index, a short one.
   */
  horizon: number;
  /** Seasonal periods, the main one first (daily data: the week, then the year of 52 weeks). */
  seasons: readonly number[];
}

const FREQUENCIES: Record<FrequencyUnit, FrequencyFacts> = {
  day: { adjective: 'daily', days: [0.9, 1.1], perYear: 365, horizon: 28, seasons: [7, 364] },
  week: { adjective: 'weekly', days: [6.5, 7.5], perYear: 52, horizon: 13, seasons: [52] },
  'four-week period': { adjective: 'four-weekly', days: [27.5, 28.5], perYear: 13, horizon: 13, seasons: [13] },
  month: { adjective: 'monthly', days: [28.5, 31.5], perYear: 12, horizon: 12, seasons: [12] },
  quarter: { adjective: 'quarterly', days: [88, 93], perYear: 4, horizon: 8, seasons: [4] },
  year: { adjective: 'yearly', days: [364, 367], perYear: 1, horizon: 6, seasons: [] },
  step: { adjective: 'regularly spaced', horizon: 10, seasons: [] },
};

export interface SeriesFrequency {
  unit: FrequencyUnit;
  adjective: string;
  horizon: number;
  seasons: readonly number[];
}

const DAY_MS = 86_400_000;
/** Numeric times this close to whole years are calendar years, not an index. */
const CALENDAR_YEARS = [1000, 2200] as const;

/** What a forecaster asks of a series observed once per `unit`. */
export function frequencyOf(unit: FrequencyUnit): SeriesFrequency {
  const { adjective, horizon, seasons } = FREQUENCIES[unit];
  return { unit, adjective, horizon, seasons };
}

const UNITS = Object.keys(FREQUENCIES) as FrequencyUnit[];

/** The frequency of dates `days` apart (the median spacing). */
function byDays(days: number): SeriesFrequency {
  return frequencyOf(UNITS.find((u) => FREQUENCIES[u].days !== undefined && days >= FREQUENCIES[u].days[0] && days <= FREQUENCIES[u].days[1]) ?? 'step');
}

/** The frequency of numeric times `step` apart: calendar years when every time is one, else an index. */
function byNumbers(step: number, min: number, max: number): SeriesFrequency {
  if (min < CALENDAR_YEARS[0] || max > CALENDAR_YEARS[1]) return frequencyOf('step');
  return frequencyOf(UNITS.find((u) => FREQUENCIES[u].perYear !== undefined && Math.abs(step * FREQUENCIES[u].perYear - 1) < 0.01) ?? 'step');
}

/**
 * The frequency of a profiled time column, from the median spacing of its distinct values: ISO
 * dates by days; numbers as calendar years (1700, 1701...), years with fractions (1959.25 a
 * quarter on, 1978.0769 a thirteenth), or else a plain index of steps.
 */
export function columnFrequency(column: ColumnStats): SeriesFrequency {
  const step = column.medianStep;
  if (step === undefined) return frequencyOf('step');
  if (column.type === 'datetime') return byDays(step);
  return column.min !== undefined && column.max !== undefined ? byNumbers(step, column.min, column.max) : frequencyOf('step');
}

/** A time step in words: "month", "time step". */
export function unitNoun(unit: FrequencyUnit): string {
  return unit === 'step' ? 'time step' : unit;
}

/** "12 months", "1 quarter", "30 time steps": a count of time steps in the series' unit. */
export function stepsIn(unit: FrequencyUnit, steps: number): string {
  return `${steps} ${unitNoun(unit)}${steps === 1 ? '' : 's'}`;
}
