// Per-task discrimination: does a task tell the agents apart? A suite padded with tasks every
// agent aces, or every agent fails alike, looks bigger than it is and compresses ratings; the
// report lists these tasks so they can be dropped or made harder.

import type { AgentTaskResult, TaskResult } from './task-results.js';
import { DEFAULT_TOLERANCE, type Tolerance } from './types.js';
import { compareAgents, isTie } from './win-loss.js';

export interface TaskDiscrimination {
  key: string;
  agents: number;
  /** max − min of the agents' normalized seed means. */
  spread: number;
  /** Population standard deviation of the agents' normalized seed means. */
  sd: number;
  /**
   * Distinct outcome classes: agents ordered by result, a new class starting wherever neighbours
   * do not tie under the win–loss rule. 1 = nobody separated; = agents when every pair is.
   */
  classes: number;
  /** Share of agent pairs that do not tie (NaN with fewer than 2 agents). */
  separatedPairs: number;
  /** Every agent, on every seed, valid and at or beyond the optimum (else the reference) anchor. */
  saturated: boolean;
  saturatedBy: 'optimum' | 'reference' | null;
  /** Every agent ties with every other: the task contributes nothing to the ranking. */
  separatesNoOne: boolean;
}

export function taskDiscrimination(tasks: readonly TaskResult[], tol: Tolerance = DEFAULT_TOLERANCE): TaskDiscrimination[] {
  return tasks.map((t) => {
    const norms = t.agents.map((a) => a.normalized);
    const n = norms.length;
    const mean = norms.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(norms.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    const dir = t.higherIsBetter ? 1 : -1;
    // Best first: by the direction-adjusted seed mean, then by valid-seed rate (the tie-break of compareAgents).
    const ordered = [...t.agents].sort((x, y) => dir * ((y.meanScore ?? 0) - (x.meanScore ?? 0)) || y.validSeeds / y.seeds - x.validSeeds / x.seeds);
    let classes = n === 0 ? 0 : 1;
    for (let i = 1; i < n; i++) if (compareAgents(ordered[i - 1]!, ordered[i]!, t.higherIsBetter, tol) !== 0.5) classes++;
    let separated = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) if (compareAgents(t.agents[i]!, t.agents[j]!, t.higherIsBetter, tol) !== 0.5) separated++;
    }
    const pairs = (n * (n - 1)) / 2;
    const saturatedBy = reachesAll(t, t.anchors.optimum, tol) ? 'optimum' : reachesAll(t, t.anchors.reference, tol) ? 'reference' : null;
    return {
      key: t.key,
      agents: n,
      spread: n === 0 ? Number.NaN : Math.max(...norms) - Math.min(...norms),
      sd,
      classes,
      separatedPairs: pairs === 0 ? Number.NaN : separated / pairs,
      saturated: saturatedBy !== null,
      saturatedBy,
      separatesNoOne: separated === 0,
    };
  });
}

/** Whether every agent has only valid seeds and a mean at or beyond `target` (ties within tolerance count). */
function reachesAll(t: TaskResult, target: number | null, tol: Tolerance): boolean {
  if (target === null || !Number.isFinite(target) || t.agents.length === 0) return false;
  return t.agents.every((a: AgentTaskResult) => {
    if (a.validSeeds !== a.seeds || a.meanScore === null) return false;
    return isTie(a.meanScore, target, tol) || (t.higherIsBetter ? a.meanScore > target : a.meanScore < target);
  });
}
