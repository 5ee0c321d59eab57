// Per-agent summary for the leaderboard: mean normalized score over tasks with a bootstrap interval
// over tasks, and the valid-submission rate. Tasks are resampled jointly for all agents, as for
// the ratings, so the intervals describe the same hypothetical "other suites".

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, resampleIndices, type BootstrapOptions } from './bootstrap.js';
import { mulberry32 } from './rng.js';
import type { TaskResult } from './task-results.js';
import type { Interval } from './types.js';

export interface AgentSummary {
  agentId: string;
  tasks: number;
  episodes: number;
  /** Valid submissions / episodes. */
  validRate: number;
  /** Mean over the agent's tasks of its seed-mean normalized score. */
  meanNormalized: number;
  interval: Interval;
}

/** Agents sorted by mean normalized score, best first (ties by id). */
export function leaderboard(tasks: readonly TaskResult[], options: BootstrapOptions = {}): AgentSummary[] {
  const agents = [...new Set(tasks.flatMap((t) => t.agents.map((a) => a.agentId)))].sort();
  const col = new Map(agents.map((a, i) => [a, i]));
  const k = agents.length;
  // scores[t·k + i]: normalized seed mean of agent i on task t, NaN when it did not run it.
  const scores = new Float64Array(tasks.length * k).fill(Number.NaN);
  const episodes = new Array<number>(k).fill(0);
  const valid = new Array<number>(k).fill(0);
  tasks.forEach((t, ti) => {
    for (const r of t.agents) {
      const i = col.get(r.agentId)!;
      scores[ti * k + i] = r.normalized;
      episodes[i]! += r.seeds;
      valid[i]! += r.validSeeds;
    }
  });
  const meanOver = (rows: ArrayLike<number>, i: number): { mean: number; count: number } => {
    let s = 0;
    let c = 0;
    for (let p = 0; p < rows.length; p++) {
      const v = scores[rows[p]! * k + i]!;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    return { mean: c === 0 ? Number.NaN : s / c, count: c };
  };
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const draws = agents.map(() => new Float64Array(resamples).fill(Number.NaN));
  const rng = mulberry32(options.seed ?? 0);
  const idx = new Uint32Array(tasks.length);
  for (let r = 0; r < resamples && tasks.length > 0; r++) {
    resampleIndices(tasks.length, rng, idx);
    for (let i = 0; i < k; i++) draws[i]![r] = meanOver(idx, i).mean;
  }
  const all = Uint32Array.from(tasks.keys());
  return agents
    .map((agentId, i): AgentSummary => {
      const { mean, count } = meanOver(all, i);
      return {
        agentId,
        tasks: count,
        episodes: episodes[i]!,
        validRate: episodes[i]! === 0 ? Number.NaN : valid[i]! / episodes[i]!,
        meanNormalized: mean,
        interval: percentileInterval(draws[i]!, options.level ?? DEFAULT_LEVEL),
      };
    })
    .sort((x, y) => y.meanNormalized - x.meanNormalized || (x.agentId < y.agentId ? -1 : 1));
}
