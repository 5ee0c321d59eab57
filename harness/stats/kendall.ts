// Kendall's τ-b with the p-value of scipy.stats.kendalltau (scipy 1.10, method='auto',
// alternative='two-sided'), reproduced operation for operation so results match to rounding:
// - exact null distribution when there are no ties and n ≤ 33 (or the smaller of discordant and
//   concordant pairs is ≤ 1), via Kendall's recurrence, as scipy's _kendall_p_exact;
// - otherwise the normal approximation with the tie-corrected variance of con − dis.

import cdf from '@stdlib/stats-base-dists-normal-cdf';

export interface TestResult {
  statistic: number;
  pValue: number;
}

export interface KendallResult extends TestResult {
  /** How scipy (method='auto') gets the p-value here; absent when τ-b is undefined. */
  method?: 'exact' | 'asymptotic';
}

/** τ-b and its two-sided p-value; NaN for both when either input is constant. */
export function kendallTauB(x: readonly number[], y: readonly number[]): KendallResult {
  const n = x.length;
  if (n !== y.length) throw new Error(`kendallTauB: x has ${n} values, y has ${y.length}`);
  if (n === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  // O(n²) pair counting: n is a number of models here, so this is never the bottleneck, and the
  // integer counts are exact.
  let dis = 0;
  let con = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
      if (s > 0) con++;
      else if (s < 0) dis++;
    }
  }
  const tx = tieStats(x);
  const ty = tieStats(y);
  const tot = (n * (n - 1)) / 2;
  if (tx.pairs === tot || ty.pairs === tot) return { statistic: Number.NaN, pValue: Number.NaN };
  const conMinusDis = con - dis;
  const tau = Math.min(1, Math.max(-1, conMinusDis / Math.sqrt(tot - tx.pairs) / Math.sqrt(tot - ty.pairs)));
  const noTies = tx.pairs === 0 && ty.pairs === 0;
  if (noTies && (n <= 33 || Math.min(dis, tot - dis) <= 1)) return { statistic: tau, pValue: kendallExactP(n, tot - dis), method: 'exact' };
  const m = n * (n - 1);
  const variance = (m * (2 * n + 5) - tx.v1 - ty.v1) / 18 + (2 * tx.pairs * ty.pairs) / m + (tx.v0 * ty.v0) / (9 * m * (n - 2));
  const z = conMinusDis / Math.sqrt(variance);
  return { statistic: tau, pValue: 2 * cdf(-Math.abs(z), 0, 1), method: 'asymptotic' };
}

/**
 * Two-sided exact p-value of Kendall's statistic with c concordant pairs among n untied values,
 * as scipy's _kendall_p_exact: the left-tail count of permutations with at most c inversions,
 * built by the recurrence over n (a running cumulative sum), doubled.
 */
export function kendallExactP(n: number, c: number): number {
  const tot = (n * (n - 1)) / 2;
  c = Math.min(c, tot - c);
  if (n <= 0 || c < 0 || 4 * c > n * (n - 1)) throw new RangeError(`kendallExactP: bad n=${n}, c=${c}`);
  let prob: number;
  if (n <= 2) prob = 1;
  else if (c === 0) prob = n < 171 ? 2 / factorial(n) : 0;
  else if (c === 1) prob = n < 172 ? 2 / factorial(n - 1) : 0;
  else if (4 * c === n * (n - 1)) prob = 1;
  else {
    // counts[k] = permutations of j elements with exactly k inversions, for k ≤ c. Above n = 170
    // the counts overflow, so scipy divides by j at every stage instead of by n! at the end.
    const big = n >= 171;
    let counts = new Float64Array(c + 1);
    counts[0] = 1;
    counts[1] = 1;
    for (let j = 3; j <= n; j++) {
      const next = new Float64Array(c + 1);
      let run = 0;
      for (let k = 0; k <= c; k++) {
        run += counts[k]!;
        next[k] = big ? run / j : run;
      }
      // Subtract the old values (numpy copies overlapping operands first): go from high to low.
      if (j <= c) for (let k = c; k >= j; k--) next[k]! -= next[k - j]!;
      counts = next;
    }
    let total = 0;
    for (const v of counts) total += v;
    prob = big ? total : (2 * total) / factorial(n);
  }
  return Math.min(1, Math.max(0, prob));
}

/** n! as the correctly rounded double (BigInt product, then one rounding), as Python's int → float. */
function factorial(n: number): number {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return Number(f);
}

/** Tie statistics of one variable, as scipy's count_rank_tie: Σ t(t−1)/2, Σ t(t−1)(t−2), Σ t(t−1)(2t+5). */
function tieStats(v: readonly number[]): { pairs: number; v0: number; v1: number } {
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  let pairs = 0;
  let v0 = 0;
  let v1 = 0;
  for (const t of counts.values()) {
    if (t < 2) continue;
    pairs += (t * (t - 1)) / 2;
    v0 += t * (t - 1) * (t - 2);
    v1 += t * (t - 1) * (2 * t + 5);
  }
  return { pairs, v0, v1 };
}
