// Correlation between per-model results on two suites (generated vs human-designed, or ours vs a
// published table): Pearson r, Spearman ρ and Kendall τ-b, each with the p-value exactly as
// scipy 1.10 computes it and a percentile bootstrap interval over models.
//
// Differences from scipy, on purpose: fewer than 2 pairs give NaN instead of raising, so a report
// with one model still renders. NaN inputs are not supported (scipy propagates them).

import tcdf from '@stdlib/stats-base-dists-t-cdf';
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, resampleIndices, type BootstrapOptions } from './bootstrap.js';
import { kendallTauB, type TestResult } from './kendall.js';
import { mulberry32 } from './rng.js';
import type { Interval } from './types.js';

export interface CorrelationEstimate extends TestResult {
  /** Percentile bootstrap interval, resampling the (x, y) pairs with replacement. */
  interval: Interval;
  /** Resamples where the coefficient was undefined (a constant resample) and was left out. */
  undefinedResamples: number;
}

export interface CorrelationReport {
  n: number;
  pearson: CorrelationEstimate;
  spearman: CorrelationEstimate;
  kendall: CorrelationEstimate;
  resamples: number;
  level: number;
  seed: number;
}

const NAN: TestResult = { statistic: Number.NaN, pValue: Number.NaN };

/**
 * Pearson's r; the two-sided p-value of scipy.stats.pearsonr, 2·sf(|r|) of Beta(n/2−1, n/2−1) on
 * [−1, 1], computed through the identical t form: 2·F_t(−|r|·√((n−2)/(1−r²)); n−2).
 */
export function pearson(x: readonly number[], y: readonly number[]): TestResult {
  const n = checkPaired(x, y);
  if (n < 2 || isConstant(x) || isConstant(y)) return NAN;
  if (n === 2) return { statistic: Math.sign(x[1]! - x[0]!) * Math.sign(y[1]! - y[0]!), pValue: 1 };
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  const nx = Math.sqrt(sxx);
  const ny = Math.sqrt(syy);
  let r = 0;
  for (let i = 0; i < n; i++) r += ((x[i]! - mx) / nx) * ((y[i]! - my) / ny);
  r = Math.max(-1, Math.min(1, r));
  const a = Math.abs(r);
  const df = n - 2;
  // (1 − |r|)(1 + |r|) rather than 1 − r², which loses digits as |r| → 1.
  const pValue = a === 1 ? 0 : 2 * tcdf(-a * Math.sqrt(df / ((1 - a) * (1 + a))), df);
  return { statistic: r, pValue };
}

/**
 * Spearman's ρ (Pearson on average ranks, as numpy.corrcoef computes it) and scipy.stats.spearmanr's
 * p-value: Student t with n − 2 degrees of freedom, t = ρ·√((n−2)/((ρ+1)(1−ρ))).
 */
export function spearman(x: readonly number[], y: readonly number[]): TestResult {
  const n = checkPaired(x, y);
  if (n < 2 || isConstant(x) || isConstant(y)) return NAN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mx;
    const dy = ry[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const rho = Math.max(-1, Math.min(1, sxy / (n - 1) / Math.sqrt(sxx / (n - 1)) / Math.sqrt(syy / (n - 1))));
  const df = n - 2;
  if (df === 0) return { statistic: rho, pValue: Number.NaN }; // scipy: 0/0 in t gives NaN
  const pValue = Math.abs(rho) === 1 ? 0 : 2 * tcdf(-Math.abs(rho * Math.sqrt(Math.max(0, df / ((rho + 1) * (1 - rho))))), df);
  return { statistic: rho, pValue };
}

/** 1-based ranks with ties given the mean of the ranks they span (scipy.stats.rankdata 'average'). */
export function averageRanks(v: readonly number[]): number[] {
  const order = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const ranks = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]!] === v[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let p = i; p <= j; p++) ranks[order[p]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** All three coefficients with p-values and bootstrap intervals over the paired models. */
export function correlate(x: readonly number[], y: readonly number[], options: BootstrapOptions = {}): CorrelationReport {
  const n = checkPaired(x, y);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  const seed = options.seed ?? 0;
  const tests = { pearson, spearman, kendall: kendallTauB };
  // NaN-filled so that with fewer than 2 models every interval is NaN rather than a fake [0, 0].
  const draws = { pearson: new Float64Array(resamples).fill(Number.NaN), spearman: new Float64Array(resamples).fill(Number.NaN), kendall: new Float64Array(resamples).fill(Number.NaN) };
  const rng = mulberry32(seed);
  const idx = new Uint32Array(n);
  const bx = new Array<number>(n);
  const by = new Array<number>(n);
  for (let r = 0; r < resamples && n >= 2; r++) {
    resampleIndices(n, rng, idx);
    for (let i = 0; i < n; i++) {
      bx[i] = x[idx[i]!]!;
      by[i] = y[idx[i]!]!;
    }
    for (const name of ['pearson', 'spearman', 'kendall'] as const) draws[name][r] = tests[name](bx, by).statistic;
  }
  const estimate = (name: keyof typeof tests): CorrelationEstimate => ({
    ...tests[name](x, y),
    interval: percentileInterval(draws[name], level),
    undefinedResamples: draws[name].reduce((k, v) => k + (Number.isFinite(v) ? 0 : 1), 0),
  });
  return { n, pearson: estimate('pearson'), spearman: estimate('spearman'), kendall: estimate('kendall'), resamples, level, seed };
}

/** Aligns two per-model tables on the models present in both, in sorted model order. */
export function pairByModel(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): { models: string[]; x: number[]; y: number[] } {
  const models = Object.keys(a)
    .filter((m) => Object.hasOwn(b, m) && Number.isFinite(a[m]) && Number.isFinite(b[m]))
    .sort();
  return { models, x: models.map((m) => a[m]!), y: models.map((m) => b[m]!) };
}

function checkPaired(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`correlation: x has ${x.length} values, y has ${y.length}`);
  return x.length;
}

function isConstant(v: readonly number[]): boolean {
  return v.every((e) => e === v[0]);
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const e of v) s += e;
  return s / v.length;
}
