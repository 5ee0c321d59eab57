// Paired model-vs-model comparisons on the tasks both models ran. Pairing by task removes the
// task-difficulty variance that dominates unpaired comparisons of means.
//
// For each pair (a, b): per-task difference d = normalized(a) − normalized(b) (seed means),
// - estimate: mean of d, with a percentile bootstrap interval over tasks;
// - p-value: a sign-flip permutation test of "a and b are exchangeable on every task" (each d is
//   as likely to be +d as −d). Exact over all 2^n sign patterns when n ≤ `exactUpTo`, otherwise
//   Monte Carlo with `permutations` random patterns and p = (1 + hits) / (1 + permutations), which
//   is never 0 and keeps the test valid. Chosen over a paired bootstrap p-value because it is
//   exact for small n and needs no centring assumption;
// - Holm correction across all pairs of the run.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, type BootstrapOptions } from './bootstrap.js';
import { holm } from './multiple-testing.js';
import { mulberry32, subSeed, type Rng } from './rng.js';
import type { TaskResult } from './task-results.js';
import type { Interval } from './types.js';

export interface PairedOptions extends BootstrapOptions {
  /** Random sign patterns when the test is not exact (default 10000). */
  permutations?: number;
  /** Enumerate all 2^n sign patterns up to this many tasks (default 16). */
  exactUpTo?: number;
  /** Family-wise error rate for the Holm decisions (default 0.05). */
  alpha?: number;
}

export interface PairedDifference {
  tasks: number;
  meanDiff: number;
  interval: Interval;
  pValue: number;
  pMethod: 'exact-sign-flip' | 'monte-carlo-sign-flip';
}

export interface PairedComparison extends PairedDifference {
  a: string;
  b: string;
  /** Holm-adjusted p-value across every pair in the result. */
  pHolm: number;
  /** Whether Holm rejects "no difference" at `alpha`. */
  significant: boolean;
}

/** Mean difference, bootstrap interval and sign-flip p-value of one vector of paired differences. */
export function pairedDifference(diffs: readonly number[], options: PairedOptions = {}, rng: Rng = mulberry32(options.seed ?? 0)): PairedDifference {
  const n = diffs.length;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const meanDiff = n === 0 ? Number.NaN : diffs.reduce((s, d) => s + d, 0) / n;
  const draws = new Float64Array(resamples).fill(Number.NaN);
  const d = Float64Array.from(diffs);
  for (let r = 0; r < resamples && n > 0; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[rng.int(n)]!;
    draws[r] = s / n;
  }
  // Capped at 30: 2^30 patterns is already ~10 s of work, and bit tricks below are 32-bit.
  const exact = n <= Math.min(options.exactUpTo ?? 16, 30);
  return {
    tasks: n,
    meanDiff,
    interval: percentileInterval(draws, options.level ?? DEFAULT_LEVEL),
    pValue: exact ? exactSignFlip(diffs) : monteCarloSignFlip(diffs, options.permutations ?? 10000, rng),
    pMethod: exact ? 'exact-sign-flip' : 'monte-carlo-sign-flip',
  };
}

/** Every pair of agents over the tasks both ran, with Holm-adjusted p-values. */
export function pairedComparisons(tasks: readonly TaskResult[], options: PairedOptions = {}): PairedComparison[] {
  const byAgent = new Map<string, Map<string, number>>();
  for (const t of tasks) {
    for (const r of t.agents) {
      let m = byAgent.get(r.agentId);
      if (!m) byAgent.set(r.agentId, (m = new Map()));
      m.set(t.key, r.normalized);
    }
  }
  const agents = [...byAgent.keys()].sort();
  const seed = options.seed ?? 0;
  const rows: Omit<PairedComparison, 'pHolm' | 'significant'>[] = [];
  for (let i = 0; i < agents.length; i++) {
    for (let j = i + 1; j < agents.length; j++) {
      const a = agents[i]!;
      const b = agents[j]!;
      const ma = byAgent.get(a)!;
      const mb = byAgent.get(b)!;
      const diffs: number[] = [];
      for (const [key, va] of ma) {
        const vb = mb.get(key);
        if (vb !== undefined) diffs.push(va - vb);
      }
      if (diffs.length === 0) continue;
      // A sub-stream per pair: adding an agent to the run does not change the other pairs' numbers.
      rows.push({ a, b, ...pairedDifference(diffs, options, mulberry32(subSeed(seed, `${a}\u0000${b}`))) });
    }
  }
  const { adjusted, reject } = holm(rows.map((r) => r.pValue), options.alpha ?? 0.05);
  return rows.map((r, k) => ({ ...r, pHolm: adjusted[k]!, significant: reject[k]! }));
}

/**
 * Slack when comparing |Σ ±d| with the observed |Σ d|: patterns that tie mathematically must count
 * as "at least as extreme" even when summation order changes the last bits.
 */
function slack(diffs: readonly number[]): number {
  return 1e-9 * diffs.reduce((s, d) => s + Math.abs(d), 0);
}

/** Share of all 2^n sign patterns with |Σ ±d| ≥ |Σ d|, walking them in Gray-code order (one flip each). */
export function exactSignFlip(diffs: readonly number[]): number {
  const n = diffs.length;
  if (n === 0) return 1;
  const observed = Math.abs(diffs.reduce((s, d) => s + d, 0)) - slack(diffs);
  const signs = new Int8Array(n).fill(1);
  let sum = diffs.reduce((s, d) => s + d, 0);
  let hits = 1; // the all-plus pattern is the observed one
  const total = 2 ** n;
  for (let g = 1; g < total; g++) {
    const bit = 31 - Math.clz32(g & -g);
    sum -= 2 * signs[bit]! * diffs[bit]!;
    signs[bit] = -signs[bit]! as -1 | 1;
    if (Math.abs(sum) >= observed) hits++;
  }
  return hits / total;
}

/**
 * (1 + patterns with |Σ ±d| ≥ |Σ d|) / (1 + permutations). The differences are cut into blocks of
 * 8 with a 256-entry table of each block's signed sums, so one random byte picks a block's signs
 * and a pattern costs n/8 lookups instead of n additions (1000 tasks × 10^4 patterns × 120 pairs
 * is otherwise seconds).
 */
export function monteCarloSignFlip(diffs: readonly number[], permutations: number, rng: Rng): number {
  const n = diffs.length;
  const observed = Math.abs(diffs.reduce((s, d) => s + d, 0)) - slack(diffs);
  const blocks = Math.ceil(n / 8);
  const table = new Float64Array(blocks * 256);
  for (let b = 0; b < blocks; b++) {
    for (let m = 0; m < 256; m++) {
      let s = 0;
      for (let e = 0; e < 8 && b * 8 + e < n; e++) s += (m >> e) & 1 ? diffs[b * 8 + e]! : -diffs[b * 8 + e]!;
      table[b * 256 + m] = s;
    }
  }
  let hits = 0;
  for (let p = 0; p < permutations; p++) {
    let sum = 0;
    let bits = 0;
    for (let b = 0; b < blocks; b++) {
      if ((b & 3) === 0) bits = rng.uint32();
      sum += table[b * 256 + (bits & 255)]!;
      bits >>>= 8;
    }
    if (Math.abs(sum) >= observed) hits++;
  }
  return (1 + hits) / (1 + permutations);
}
