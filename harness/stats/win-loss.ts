// Pairwise outcomes per task and the win–loss matrix (the paper's Figure 3). Each pair of agents
// that both ran a task gets one outcome on it: the seed means compared in the metric's direction,
// ties within a tolerance.

import type { AgentTaskResult, TaskResult } from './task-results.js';
import { DEFAULT_TOLERANCE, type PairOutcome, type PairScore, type Tolerance } from './types.js';

export interface WinLossMatrix {
  /** Row/column order of every matrix below. */
  agents: string[];
  /** wins[i][j] = tasks on which agents[i] beat agents[j]. */
  wins: number[][];
  /** ties[i][j] = ties[j][i] = tasks on which they tied. */
  ties: number[][];
  /** compared[i][j] = tasks both ran. */
  compared: number[][];
  /** Aggregated score per agent: 1 per win + 0.5 per tie, over all opponents and tasks. */
  aggregate: number[];
  /** aggregate / comparisons per agent (NaN without comparisons), comparable across agents that ran different numbers of tasks. */
  winRate: number[];
}

export function isTie(a: number, b: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  return Math.abs(a - b) <= Math.max(tol.abs, tol.rel * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Outcome of x against y on one task. Seed means are compared first (invalid seeds already sit at
 * the task's floor, see task-results.ts). When they tie, the agent with the higher valid-seed rate
 * wins: an invalid submission must lose to a valid one at the floor, and the trivial baseline is
 * often exactly at the floor.
 */
export function compareAgents(x: AgentTaskResult, y: AgentTaskResult, higherIsBetter: boolean, tol: Tolerance = DEFAULT_TOLERANCE): PairScore {
  if (x.meanScore !== null && y.meanScore !== null && !isTie(x.meanScore, y.meanScore, tol)) {
    return (higherIsBetter ? x.meanScore > y.meanScore : x.meanScore < y.meanScore) ? 1 : 0;
  }
  const rx = x.validSeeds / x.seeds;
  const ry = y.validSeeds / y.seeds;
  return rx > ry ? 1 : rx < ry ? 0 : 0.5;
}

/** Every pair of agents on every task they both ran, `a` before `b` in agentId order. */
export function pairwiseOutcomes(tasks: readonly TaskResult[], tol: Tolerance = DEFAULT_TOLERANCE): PairOutcome[] {
  const out: PairOutcome[] = [];
  for (const t of tasks) {
    for (let i = 0; i < t.agents.length; i++) {
      const x = t.agents[i] as AgentTaskResult;
      for (let j = i + 1; j < t.agents.length; j++) {
        const y = t.agents[j] as AgentTaskResult;
        out.push({ task: t.key, a: x.agentId, b: y.agentId, score: compareAgents(x, y, t.higherIsBetter, tol) });
      }
    }
  }
  return out;
}

/** Agents appearing in the outcomes, sorted. */
export function agentsOf(outcomes: readonly PairOutcome[]): string[] {
  const set = new Set<string>();
  for (const o of outcomes) set.add(o.a).add(o.b);
  return [...set].sort();
}

/** The win–loss matrix of pairwise outcomes; `agents` fixes the order (default: sorted ids). */
export function winLossMatrix(outcomes: readonly PairOutcome[], agents: readonly string[] = agentsOf(outcomes)): WinLossMatrix {
  const k = agents.length;
  const index = new Map(agents.map((a, i) => [a, i]));
  const square = () => Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const wins = square();
  const ties = square();
  const compared = square();
  for (const o of outcomes) {
    const i = index.get(o.a);
    const j = index.get(o.b);
    if (i === undefined || j === undefined) throw new Error(`stats: outcome between ${o.a} and ${o.b}, not both in the agent list`);
    compared[i]![j]! += 1;
    compared[j]![i]! += 1;
    if (o.score === 1) wins[i]![j]! += 1;
    else if (o.score === 0) wins[j]![i]! += 1;
    else {
      ties[i]![j]! += 1;
      ties[j]![i]! += 1;
    }
  }
  const aggregate = agents.map((_, i) => sum(wins[i]!) + 0.5 * sum(ties[i]!));
  const winRate = agents.map((_, i) => {
    const n = sum(compared[i]!);
    return n === 0 ? Number.NaN : aggregate[i]! / n;
  });
  return { agents: [...agents], wins, ties, compared, aggregate, winRate };
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
