// The task bootstrap of two suites' ratings, shared by the suite correlation and the "how many
// tasks" projection. Each suite's per-task win totals are prepared once; a resample then draws
// each suite's tasks with replacement, independently and from its own seeded stream, and refits
// that suite's Bradley–Terry ratings warm-started from its point fit. Buffers are reused across
// resamples: the only allocations in the loop are the small ones inside the k×k Newton fit.

import { resampleCounts } from './bootstrap.js';
import { fitWinTotals, type BradleyTerryOptions } from './bradley-terry-newton.js';
import { toElo } from './bradley-terry.js';
import { mulberry32, subSeed } from './rng.js';
import { taskTotals, weightedTotals, type TaskTotals } from './task-totals.js';
import type { PairOutcome } from './types.js';
import { agentsOf } from './win-loss.js';

/** One suite: its totals and point fit over all of its agents, and where the common agents sit. */
export interface SuiteSample {
  totals: TaskTotals;
  theta: Float64Array;
  /** Index in totals.agents of each common agent, in SuitePair.agents order. */
  pick: Uint32Array;
}

export interface SuitePair {
  /** Agents rated on both suites, sorted: the ones the statistics compare. */
  agents: string[];
  x: SuiteSample;
  y: SuiteSample;
  options: BradleyTerryOptions;
}

/**
 * Prepares two suites' outcomes. Each suite is rated over all of its own agents (an agent on one
 * suite only still informs its opponents' ratings there); only the common agents are compared.
 */
export function pairSuites(x: readonly PairOutcome[], y: readonly PairOutcome[], options: BradleyTerryOptions = {}): SuitePair {
  const [ax, ay] = [agentsOf(x), agentsOf(y)];
  const agents = ax.filter((a) => ay.includes(a));
  const sample = (outcomes: readonly PairOutcome[], own: string[]): SuiteSample => {
    const totals = taskTotals(outcomes, own);
    const ones = new Float64Array(totals.tasks.length).fill(1);
    const k = totals.agents.length;
    const { theta } = fitWinTotals(weightedTotals(totals, ones, new Float64Array(k * k)), k, options);
    const index = new Map(totals.agents.map((a, i) => [a, i]));
    return { totals, theta, pick: Uint32Array.from(agents, (a) => index.get(a)!) };
  };
  return { agents, x: sample(x, ax), y: sample(y, ay), options };
}

/** Elo of the common agents in one suite's point fit. */
export function pointElo(side: SuiteSample): number[] {
  return Array.from(side.pick, (i) => comparableElo(side.theta[i]!));
}

/**
 * Elo rounded to 1e-6. Agents with identical records get ratings that differ in the last bits
 * (the Newton sums run in different orders), and ranks and τ-b must see them tied; the fit itself
 * is accurate to better than 1e-9 Elo, so the rounding changes nothing else.
 */
function comparableElo(theta: number): number {
  return Math.round(toElo(theta) * 1e6) / 1e6;
}

/** Seeds of the two suites' streams: independent of each other and of every other suite size. */
export function suiteSeeds(seed: number, scale = 1): [number, number] {
  const at = scale === 1 ? '' : `@${scale}`;
  return [subSeed(seed, `x${at}`), subSeed(seed, `y${at}`)];
}

/**
 * Runs `resamples` resamples drawing draws[0] tasks of x and draws[1] of y with replacement (the
 * suites' own sizes for the ordinary bootstrap; other sizes for the m-out-of-n bootstrap) and
 * hands each pair of refitted Elo vectors of the common agents to `visit`. The vectors are the
 * same arrays every time: copy what must outlive the call.
 */
export function resampleSuites(
  pair: SuitePair,
  draws: readonly [number, number],
  resamples: number,
  seeds: readonly [number, number],
  visit: (eloX: readonly number[], eloY: readonly number[], r: number) => void,
): { unconverged: number } {
  const n = pair.agents.length;
  const sides = [pair.x, pair.y].map((side, s) => {
    const k = side.totals.agents.length;
    return { side, k, draws: draws[s]!, rng: mulberry32(seeds[s]!), counts: new Float64Array(side.totals.tasks.length), w: new Float64Array(k * k), elo: new Array<number>(n) };
  });
  if (sides.some((s) => s.counts.length === 0)) throw new Error('resampleSuites: each suite needs at least one task');
  let unconverged = 0;
  for (let r = 0; r < resamples; r++) {
    for (const s of sides) {
      resampleCounts(s.counts.length, s.rng, s.counts, s.draws);
      const fit = fitWinTotals(weightedTotals(s.side.totals, s.counts, s.w), s.k, pair.options, s.side.theta);
      if (!fit.converged) unconverged++;
      for (let i = 0; i < n; i++) s.elo[i] = comparableElo(fit.theta[s.side.pick[i]!]!);
    }
    visit(sides[0]!.elo, sides[1]!.elo, r);
  }
  return { unconverged };
}
