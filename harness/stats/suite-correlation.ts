// Correlation between two suites' agent ratings (Elo on human-designed vs generated tasks), with
// intervals from resampling TASKS: each resample draws each suite's tasks with replacement,
// independently, refits both suites' Bradley–Terry ratings and recomputes every coefficient and
// every agent's rank (see suite-resampling.ts). The interval says how far the agreement could move
// had other tasks of the same kinds been drawn; the p-values (scipy's, over the agents, ratings
// taken as fixed) say whether these agents' orderings agree more than unrelated ones would.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, type BootstrapOptions } from './bootstrap.js';
import type { BradleyTerryOptions } from './bradley-terry-newton.js';
import { linConcordance } from './concordance.js';
import { averageRanks, pearson, spearman } from './correlation.js';
import { kendallTauB, type KendallResult } from './kendall.js';
import { pairSuites, pointElo, resampleSuites, suiteSeeds } from './suite-resampling.js';
import type { Interval, PairOutcome } from './types.js';

export type SuiteCorrelationOptions = BootstrapOptions & BradleyTerryOptions;

export const COEFFICIENTS = ['pearson', 'spearman', 'kendall', 'ccc'] as const;
export type CoefficientName = (typeof COEFFICIENTS)[number];

const STATISTIC: Record<CoefficientName, (x: readonly number[], y: readonly number[]) => KendallResult> = {
  pearson,
  spearman,
  kendall: kendallTauB,
  ccc: linConcordance,
};

/** A coefficient with a number, or the reason it has none: never a NaN to propagate. */
export type Coefficient =
  | {
      defined: true;
      statistic: number;
      /** null where scipy gives NaN (Spearman on 2 agents, CCC with a constant side). */
      pValue: number | null;
      pValueMethod: string;
      /** Percentile interval over the resamples where the coefficient is defined; null if none is. */
      interval: Interval | null;
      /** Resamples where it was undefined (a suite's ratings all equal), left out of the interval. */
      undefinedResamples: number;
    }
  | {
      defined: false;
      reason: string;
      /** All of them when there are too few agents to resample. */
      undefinedResamples: number;
    };

export interface SuiteSide {
  /** Tasks in the suite (the bootstrap draws this many). */
  tasks: number;
  /** Point Elo of each agent of SuiteCorrelation.agents on this suite. */
  elo: number[];
  /** 1 = best, ties sharing the mean of their ranks. */
  rank: number[];
  /** 2.5 and 97.5 % (at the default level) of each agent's rank over the resamples. */
  rankInterval: Interval[];
}

export interface SuiteCorrelation {
  /** Agents rated on both suites, sorted. */
  agents: string[];
  x: SuiteSide;
  y: SuiteSide;
  pearson: Coefficient;
  spearman: Coefficient;
  kendall: Coefficient;
  ccc: Coefficient;
  resamples: number;
  level: number;
  seed: number;
  /** Resample fits that did not converge (their ratings are still used). */
  unconverged: number;
}

/** Pearson r, Spearman ρ, Kendall τ-b and Lin's CCC between two suites' Elo, with task-bootstrap intervals and rank intervals. */
export function suiteCorrelation(x: readonly PairOutcome[], y: readonly PairOutcome[], options: SuiteCorrelationOptions = {}): SuiteCorrelation {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  const seed = options.seed ?? 0;
  const pair = pairSuites(x, y, options);
  const { agents } = pair;
  const n = agents.length;
  const ex = pointElo(pair.x);
  const ey = pointElo(pair.y);
  const draws = Object.fromEntries(COEFFICIENTS.map((c) => [c, new Float64Array(resamples).fill(Number.NaN)])) as Record<CoefficientName, Float64Array>;
  const ranks = [agents.map(() => new Float64Array(resamples)), agents.map(() => new Float64Array(resamples))] as const;
  const tasks: [number, number] = [pair.x.totals.tasks.length, pair.y.totals.tasks.length];
  let unconverged = 0;
  if (n >= 2) {
    ({ unconverged } = resampleSuites(pair, tasks, resamples, suiteSeeds(seed), (bx, by, r) => {
      for (const c of COEFFICIENTS) draws[c][r] = STATISTIC[c](bx, by).statistic;
      bestFirstRanks(bx).forEach((rank, i) => (ranks[0][i]![r] = rank));
      bestFirstRanks(by).forEach((rank, i) => (ranks[1][i]![r] = rank));
    }));
  }
  const side = (s: 0 | 1, elo: number[]): SuiteSide => ({
    tasks: tasks[s],
    elo,
    rank: bestFirstRanks(elo),
    rankInterval: n >= 2 ? ranks[s].map((d) => percentileInterval(d, level)) : agents.map(() => ({ lo: 1, hi: 1 })),
  });
  const coefficient = (c: CoefficientName): Coefficient => {
    const undefinedResamples = n >= 2 ? draws[c].reduce((u, v) => u + (Number.isFinite(v) ? 0 : 1), 0) : resamples;
    const point = STATISTIC[c](ex, ey);
    if (!Number.isFinite(point.statistic)) return { defined: false, reason: whyUndefined(ex, ey), undefinedResamples };
    const interval = undefinedResamples === resamples ? null : percentileInterval(draws[c], level);
    const pValue = Number.isFinite(point.pValue) ? point.pValue : null;
    return { defined: true, statistic: point.statistic, pValue, pValueMethod: pValueMethod(c, point), interval, undefinedResamples };
  };
  return {
    agents,
    x: side(0, ex),
    y: side(1, ey),
    pearson: coefficient('pearson'),
    spearman: coefficient('spearman'),
    kendall: coefficient('kendall'),
    ccc: coefficient('ccc'),
    resamples,
    level,
    seed,
    unconverged,
  };
}

/** Ranks with 1 for the highest value, ties given the mean of the ranks they span. */
export function bestFirstRanks(values: readonly number[]): number[] {
  return averageRanks(values.map((v) => -v));
}

function whyUndefined(x: readonly number[], y: readonly number[]): string {
  if (x.length < 2) return `needs at least 2 agents rated on both suites, found ${x.length}`;
  const constant = (v: readonly number[]) => v.every((e) => e === v[0]);
  if (constant(x) && constant(y)) return 'every agent has the same rating on both suites';
  return `every agent has the same rating on suite ${constant(x) ? 'x' : 'y'}`;
}

function pValueMethod(c: CoefficientName, point: KendallResult): string {
  switch (c) {
    case 'pearson':
      return 'scipy.stats.pearsonr: exact under bivariate normality (t with n − 2 df)';
    case 'spearman':
      return 'scipy.stats.spearmanr: t approximation with n − 2 df';
    case 'kendall':
      return point.method === 'exact'
        ? "scipy.stats.kendalltau, method='exact': the permutation distribution (no ties, n ≤ 33)"
        : "scipy.stats.kendalltau, method='asymptotic': normal approximation with the tie correction";
    case 'ccc':
      return "Pearson's test: ρc = r·C_b with C_b > 0, so H0 ρc = 0 is H0 r = 0 (scipy has no CCC test)";
  }
}
