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
// - The band at each step is the percentile interval of the mean over resamples of the category's
//   tasks (with replacement, the same draw for every step), like every other interval here.

import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, percentileInterval, resampleCounts, type BootstrapOptions } from './bootstrap.js';
import type { TaskNormalizer } from './normalize.js';
import { mulberry32 } from './rng.js';
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
  /** Task-bootstrap interval of the mean at each step. */
  lo: number[];
  hi: number[];
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
export function stepCurves(episodes: readonly EpisodeOutcome[], options: TaskResultsOptions & BootstrapOptions & { by?: CurveGrouping } = {}): StepCurves {
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
      // Per task: the seeds' curves averaged, each carried forward to the category's longest.
      const perTask = [...agents.get(agentId)!.values()].map((seeds) => {
        const curve = new Array<number>(maxStep).fill(0);
        for (const c of seeds) for (let k = 0; k < maxStep; k++) curve[k]! += (c[Math.min(k, c.length - 1)] ?? 0) / seeds.length;
        return curve;
      });
      const mean = weightedMean(perTask, new Float64Array(perTask.length).fill(1), maxStep);
      const { lo, hi } = band(perTask, maxStep, options);
      curves.push({ category: label, agentId, tasks: perTask.length, steps: mean.map((_, k) => k + 1), mean, lo, hi });
    }
  }
  return { by, curves, skippedEpisodes };
}

/** Σ weight·curve / Σ weight at each step. */
function weightedMean(curves: readonly number[][], weights: Float64Array, steps: number): number[] {
  const out = new Array<number>(steps).fill(0);
  let total = 0;
  curves.forEach((curve, i) => {
    const w = weights[i]!;
    if (w === 0) return;
    total += w;
    for (let k = 0; k < steps; k++) out[k]! += w * curve[k]!;
  });
  return out.map((v) => v / total);
}

function band(perTask: readonly number[][], steps: number, options: BootstrapOptions): { lo: number[]; hi: number[] } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const rng = mulberry32(options.seed ?? 0);
  const draws = Array.from({ length: steps }, () => new Float64Array(resamples));
  const counts = new Float64Array(perTask.length);
  for (let r = 0; r < resamples; r++) {
    resampleCounts(perTask.length, rng, counts);
    weightedMean(perTask, counts, steps).forEach((v, k) => (draws[k]![r] = v));
  }
  const intervals = draws.map((d) => percentileInterval(d, options.level ?? DEFAULT_LEVEL));
  return { lo: intervals.map((i) => i.lo), hi: intervals.map((i) => i.hi) };
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
