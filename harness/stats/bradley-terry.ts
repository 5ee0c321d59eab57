// Bradley–Terry ratings on the Elo scale, with bootstrap intervals over tasks.
//
// Model: P(i beats j) = 1 / (1 + 10^(θj − θi)), θ in log10-odds units; a tie counts half a win
// for each side. Elo = 400·θ + 1000 with mean θ = 0, so 400 Elo points = 10:1 odds and the
// average agent sits at 1000. The fit maximizes the log-likelihood of the win totals
// W[i][j] (wins of i over j, ties as halves) by Newton's method.
//
// Why virtual ties: when an agent wins (or loses) every comparison the likelihood keeps rising as
// its θ goes to ±∞; there is no maximum, and in a task bootstrap any agent that lost only a few
// times is separated in some resamples, so its interval runs off (Elo 518 [−746, 620] on four
// agents). Each agent is therefore credited with α = 1 tie (half a win, half a loss) against a
// virtual opponent, as Coulom's WHR does (there one win and one loss, twice this weight). That is
// the Haldane–Anscombe / Jeffreys correction of a proportion, on the log-odds: an agent that lost
// all n of its comparisons to opponents of about the virtual one's strength sits log10(2n + 1)
// below them (win rate ½/(n + 1)), a finite rating that still moves with the evidence, and its
// resamples stay near it. In the score equations (expected wins = observed wins) the virtual tie
// adds at most half a win to either side whatever the rating, so where the MLE exists it moves a
// rating by at most about ½ / (ln 10 · Σ n·p(1 − p)) in θ: an Elo point or so at 300 comparisons,
// less with more (a Gaussian ridge, by contrast, pulls harder the further an agent is
// from the mean). The virtual opponent is rated with the others, so every agent ties the same
// opponent, and the result is re-centred to mean θ = 0 over the real agents. Separated agents are
// still flagged (`mleExists`, `unbeaten`, `winless`): the prior sets their rating's open side, so
// the report should read it as a bound.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, resampleCounts, type BootstrapOptions } from './bootstrap.js';
import { fitWinTotals, type BradleyTerryOptions } from './bradley-terry-newton.js';
import { mulberry32 } from './rng.js';
import { taskTotals, weightedTotals, winTotals } from './task-totals.js';
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
   * strongly connected (Zermelo/Ford). When false, some ratings are set by the virtual ties (or ridge) alone.
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
  const totals = taskTotals(outcomes, agents);
  const rng = mulberry32(seed);
  const counts = new Float64Array(totals.tasks.length);
  const w = new Float64Array(k * k);
  const draws = agents.map(() => new Float64Array(resamples));
  let unconverged = 0;
  for (let r = 0; r < resamples; r++) {
    resampleCounts(totals.tasks.length, rng, counts);
    const refit = fitWinTotals(weightedTotals(totals, counts, w), k, options, fit.theta);
    if (!refit.converged) unconverged++;
    for (let i = 0; i < k; i++) draws[i]![r] = toElo(refit.theta[i]!);
  }
  return { ...fit, interval: draws.map((d) => percentileInterval(d, level)), resamples, level, seed, unconverged };
}

export function toElo(theta: number): number {
  return ELO_SCALE * theta + ELO_CENTER;
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

