// Bootstrap helpers shared by the ratings, correlations, leaderboard and paired comparisons: the
// resampling draw and the percentile interval. Kept in one place so every interval in the report
// means the same thing.

import type { Rng } from './rng.js';
import type { Interval } from './types.js';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Seed of the PRNG; the same seed gives the same intervals (default 0). */
  seed?: number;
  /** Coverage of the two-sided percentile interval (default 0.95). */
  level?: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_LEVEL = 0.95;

/**
 * Quantile of an ascending-sorted sample with linear interpolation between order statistics
 * (Hyndman–Fan type 7), the default of numpy.quantile and R, so intervals can be checked there.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Percentile interval at `level` of the finite values of a bootstrap distribution. */
export function percentileInterval(values: ArrayLike<number>, level = DEFAULT_LEVEL): Interval {
  const finite = Float64Array.from(Array.prototype.filter.call(values, Number.isFinite) as number[]).sort();
  const alpha = (1 - level) / 2;
  return { lo: quantileSorted(finite, alpha), hi: quantileSorted(finite, 1 - alpha) };
}

/**
 * How many times each of n units is drawn in one resample of `draws` units (default n) with
 * replacement. Counts rather than indices let callers reweight precomputed per-unit sums instead
 * of rebuilding data; draws ≠ n is the m-out-of-n bootstrap (a suite of another size).
 */
export function resampleCounts(n: number, rng: Rng, out: Float64Array = new Float64Array(n), draws = n): Float64Array {
  out.fill(0);
  for (let k = 0; k < draws; k++) out[rng.int(n)]! += 1;
  return out;
}

/** Indices of one resample of size n with replacement. */
export function resampleIndices(n: number, rng: Rng, out: Uint32Array = new Uint32Array(n)): Uint32Array {
  for (let k = 0; k < n; k++) out[k] = rng.int(n);
  return out;
}
