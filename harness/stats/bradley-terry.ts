// Bradley–Terry ratings on the Elo scale, with bootstrap intervals over tasks.
//
// Model: P(i beats j) = 1 / (1 + 10^(θj − θi)), θ in log10-odds units; a tie counts half a win
// for each side. Elo = 400·θ + 1000 with mean θ = 0, so 400 Elo points = 10:1 odds and the
// average agent sits at 1000. The fit maximizes the log-likelihood of the win totals
// W[i][j] (wins of i over j, ties as halves) minus a ridge (λ/2)·Σθ², by Newton's method.
//
// Why the ridge: when an agent wins (or loses) every comparison the likelihood keeps rising as
// its θ goes to ±∞ and there is no maximum. The ridge is a Gaussian prior θ ~ N(0, 1/λ) with the
// default λ = 1e-4 (sd 100 log10 units): invisible when the maximum exists (it moves ratings by
// about λ·θ/curvature, well under 0.01 Elo on a few dozen comparisons) and finite, very large
// ratings otherwise. Those cases are flagged (`mleExists`, `unbeaten`, `winless`) so the report can
// show them as bounds rather than numbers. The likelihood does not change when every θ shifts by
// the same amount and the ridge is smallest at mean 0, so the optimum has mean θ = 0 exactly.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, resampleCounts, type BootstrapOptions } from './bootstrap.js';
import { fitWinTotals, type BradleyTerryOptions } from './bradley-terry-newton.js';
import { mulberry32 } from './rng.js';
import type { Interval, PairOutcome } from './types.js';
import { agentsOf } from './win-loss.js';

export const ELO_SCALE = 400;
export const ELO_CENTER = 1000;

export interface BradleyTerryFit {
  agents: string[];
  /** Strengths in log10-odds units, mean 0. */
  theta: number[];
  /** 400·θ + 1000. */
  elo: number[];
  iterations: number;
  converged: boolean;
  /**
   * Whether an unpenalized maximum exists: the "i won or tied at least once against j" graph is
   * strongly connected (Zermelo/Ford). When false, some ratings are set by the ridge alone.
   */
  mleExists: boolean;
  /** Agents that never lost (every comparison a win or tie, at least one win). */
  unbeaten: string[];
  /** Agents that never won or tied. */
  winless: string[];
}

export interface BradleyTerryRatings extends BradleyTerryFit {
  /** Percentile bootstrap interval of each Elo rating, resampling tasks with replacement. */
  interval: Interval[];
  resamples: number;
  level: number;
  seed: number;
  /** Resamples whose fit did not converge (their ratings are still used). */
  unconverged: number;
}

/**
 * Win totals as a row-major k×k matrix: W[i·k + j] = wins of agents[i] over agents[j], ties
 * counted half to each side.
 */
export function winTotals(outcomes: readonly PairOutcome[], agents: readonly string[]): Float64Array {
  const k = agents.length;
  const index = new Map(agents.map((a, i) => [a, i]));
  const w = new Float64Array(k * k);
  for (const o of outcomes) {
    const i = index.get(o.a);
    const j = index.get(o.b);
    if (i === undefined || j === undefined) throw new Error(`stats: outcome between ${o.a} and ${o.b}, not both in the agent list`);
    w[i * k + j]! += o.score;
    w[j * k + i]! += 1 - o.score;
  }
  return w;
}

/** Bradley–Terry fit of pairwise outcomes; `agents` fixes the order (default: sorted ids). */
export function fitBradleyTerry(outcomes: readonly PairOutcome[], agents: readonly string[] = agentsOf(outcomes), options: BradleyTerryOptions = {}): BradleyTerryFit {
  const k = agents.length;
  const w = winTotals(outcomes, agents);
  const { theta, iterations, converged } = fitWinTotals(w, k, options);
  const unbeaten: string[] = [];
  const winless: string[] = [];
  for (let i = 0; i < k; i++) {
    let won = 0;
    let lost = 0;
    for (let j = 0; j < k; j++) {
      won += w[i * k + j]!;
      lost += w[j * k + i]!;
    }
    if (won > 0 && lost === 0) unbeaten.push(agents[i]!);
    if (won === 0) winless.push(agents[i]!);
  }
  return {
    agents: [...agents],
    theta: [...theta],
    elo: [...theta].map(toElo),
    iterations,
    converged,
    mleExists: stronglyConnected(w, k),
    unbeaten,
    winless,
  };
}

/** Fit plus percentile bootstrap intervals: tasks are resampled with replacement and refitted. */
export function bradleyTerryRatings(
  outcomes: readonly PairOutcome[],
  options: BradleyTerryOptions & BootstrapOptions & { agents?: readonly string[] } = {},
): BradleyTerryRatings {
  const agents = options.agents ?? agentsOf(outcomes);
  const k = agents.length;
  const fit = fitBradleyTerry(outcomes, agents, options);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  const seed = options.seed ?? 0;
  // Each task's contribution to W, precomputed once: a resample is then a weighted sum of these.
  const perTask = [...groupOutcomesByTask(outcomes).values()].map((rows) => sparse(winTotals(rows, agents)));
  const rng = mulberry32(seed);
  const counts = new Float64Array(perTask.length);
  const w = new Float64Array(k * k);
  const draws = agents.map(() => new Float64Array(resamples));
  let unconverged = 0;
  for (let r = 0; r < resamples; r++) {
    resampleCounts(perTask.length, rng, counts);
    w.fill(0);
    for (let t = 0; t < perTask.length; t++) {
      const c = counts[t]!;
      if (c === 0) continue;
      const { idx, val } = perTask[t]!;
      for (let e = 0; e < idx.length; e++) w[idx[e]!]! += c * val[e]!;
    }
    const refit = fitWinTotals(w, k, options, fit.theta);
    if (!refit.converged) unconverged++;
    for (let i = 0; i < k; i++) draws[i]![r] = toElo(refit.theta[i]!);
  }
  return { ...fit, interval: draws.map((d) => percentileInterval(d, level)), resamples, level, seed, unconverged };
}

export function toElo(theta: number): number {
  return ELO_SCALE * theta + ELO_CENTER;
}

/** Outcomes grouped by task, task keys sorted so a seed gives the same draws whatever the input order. */
function groupOutcomesByTask(outcomes: readonly PairOutcome[]): Map<string, PairOutcome[]> {
  const groups = new Map<string, PairOutcome[]>();
  for (const o of outcomes) {
    const list = groups.get(o.task);
    if (list) list.push(o);
    else groups.set(o.task, [o]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sparse(w: Float64Array): { idx: Uint32Array; val: Float64Array } {
  const idx: number[] = [];
  const val: number[] = [];
  w.forEach((v, p) => {
    if (v !== 0) {
      idx.push(p);
      val.push(v);
    }
  });
  return { idx: Uint32Array.from(idx), val: Float64Array.from(val) };
}

function stronglyConnected(w: Float64Array, k: number): boolean {
  if (k <= 1) return true;
  const reach = (forward: boolean): number => {
    const seen = new Uint8Array(k);
    const stack = [0];
    seen[0] = 1;
    let count = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < k; j++) {
        if (seen[j] || (forward ? w[i * k + j]! : w[j * k + i]!) <= 0) continue;
        seen[j] = 1;
        count++;
        stack.push(j);
      }
    }
    return count;
  };
  return reach(true) === k && reach(false) === k;
}

