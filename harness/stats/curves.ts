// Step-wise performance curves (the paper's Figure 4): best-so-far normalized private score
// against step, averaged pointwise over the tasks of a category.
//
// - Steps are counted without `request_info` actions: reading the task description is not an
//   attempt, and agents that read more would otherwise look slower.
// - Before the first valid submission the best-so-far is 0 (what an invalid submission normalizes to).
// - An episode that ended before the longest one in its category carries its last best value
//   forward, so every point averages the same tasks; a curve never drops because runs stopped.
// - Per task the seeds are averaged first, so a task weighs the same whatever its seed count.
// - Scores are normalized with the task's normalizer (the same as for final scores).

import type { TaskNormalizer } from './normalize.js';
import { groupByTask, taskResults, type TaskResultsOptions } from './task-results.js';
import type { EpisodeOutcome, EpisodeStep, TaskCategory } from './types.js';

export type CurveGrouping = 'modality' | 'objective' | 'modality+objective' | 'all';

export interface StepCurve {
  category: string;
  agentId: string;
  /** Tasks averaged at every point. */
  tasks: number;
  /** 1, 2, …, the longest counted episode length in the category. */
  steps: number[];
  /** Mean best-so-far normalized score at each step. */
  mean: number[];
}

export interface StepCurves {
  by: CurveGrouping;
  curves: StepCurve[];
  /** Episodes without a step log, left out of every curve. */
  skippedEpisodes: number;
}

export const INFO_ACTION = 'request_info';

/** Best-so-far normalized score after each counted step of one episode. */
export function bestSoFar(steps: readonly EpisodeStep[], normalize: (score: number | null) => number): number[] {
  const out: number[] = [];
  let best = 0;
  for (const s of [...steps].sort((a, b) => a.step - b.step)) {
    if (s.action === INFO_ACTION) continue;
    const score = s.privateScore ?? null;
    if (score !== null && Number.isFinite(score)) best = Math.max(best, normalize(score));
    out.push(best);
  }
  return out;
}

export function categoryLabel(category: TaskCategory | undefined, by: CurveGrouping): string {
  if (by === 'all') return 'all';
  const modality = category?.modality ?? 'uncategorized';
  const objective = category?.objective ?? 'uncategorized';
  return by === 'modality' ? modality : by === 'objective' ? objective : `${modality} / ${objective}`;
}

/** One curve per (category, agent), sorted by category then agent. */
export function stepCurves(episodes: readonly EpisodeOutcome[], options: TaskResultsOptions & { by?: CurveGrouping } = {}): StepCurves {
  const by = options.by ?? 'modality+objective';
  const normalizers = new Map<string, TaskNormalizer>(taskResults(episodes, options).map((t) => [t.key, t.normalizer]));
  // category → agent → task → per-seed curves
  const tree = new Map<string, Map<string, Map<string, number[][]>>>();
  const longest = new Map<string, number>();
  let skippedEpisodes = 0;
  for (const [key, group] of groupByTask(episodes)) {
    const normalizer = normalizers.get(key)!;
    for (const e of group) {
      if (!e.steps) {
        skippedEpisodes++;
        continue;
      }
      const label = categoryLabel(e.category, by);
      const curve = bestSoFar(e.steps, normalizer.normalize);
      longest.set(label, Math.max(longest.get(label) ?? 0, curve.length));
      const agents = getOrSet(tree, label, () => new Map<string, Map<string, number[][]>>());
      getOrSet(getOrSet(agents, e.agentId, () => new Map<string, number[][]>()), key, () => []).push(curve);
    }
  }
  const curves: StepCurve[] = [];
  for (const label of [...tree.keys()].sort()) {
    const maxStep = longest.get(label)!;
    const agents = tree.get(label)!;
    for (const agentId of [...agents.keys()].sort()) {
      const tasks = [...agents.get(agentId)!.values()];
      const mean = new Array<number>(maxStep).fill(0);
      for (const seeds of tasks) {
        for (const curve of seeds) {
          for (let k = 0; k < maxStep; k++) mean[k]! += (curve[Math.min(k, curve.length - 1)] ?? 0) / seeds.length / tasks.length;
        }
      }
      curves.push({ category: label, agentId, tasks: tasks.length, steps: mean.map((_, k) => k + 1), mean });
    }
  }
  return { by, curves, skippedEpisodes };
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
