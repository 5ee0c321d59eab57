// Normalized scores: raw metric values from tasks with different metrics, directions and
// difficulties put on one scale so they can be averaged across tasks.
//
// - anchor (default): (s − trivial) / (reference − trivial). A ratio of differences, so it needs
//   no direction flag: when lower is better, both differences are negative for a score better
//   than trivial and the ratio is still positive (trivial 10, reference 4, s 5 → (5−10)/(4−10) = 5/6).
//   Clipped below at 0, so a submission worse than the trivial baseline cannot drag a mean below
//   what an empty effort earns; not clipped above, so beating the reference shows.
// - minmax: (s − worst) / (best − worst) over the valid final scores of the task's participants.
// - humanrank: (N − position + 1) / N on a human leaderboard of N entries.
// An invalid or missing submission normalizes to 0 under every method.

import type { Anchors } from './types.js';

export type NormalizationMethod = 'anchor' | 'minmax' | 'humanrank';

/** Why a task did not get the method asked for. */
export type FallbackReason =
  | 'missing-anchors' // trivial or reference is null or not finite
  | 'degenerate-anchors' // reference == trivial: the ratio is 0/0
  | 'reference-not-better' // reference is worse than trivial: the scale would be inverted
  | 'no-leaderboard'; // humanrank asked for, but the task has no human leaderboard

export interface TaskNormalizer {
  requested: NormalizationMethod;
  /** The method actually used; differs from `requested` only when `fallback` is set. */
  method: NormalizationMethod;
  fallback: FallbackReason | null;
  /** For minmax: true when every valid participant had the same score (or none was valid). */
  degenerate: boolean;
  /** Maps a raw score (null = invalid) to its normalized value. */
  normalize(score: number | null): number;
}

export interface TaskScores {
  higherIsBetter: boolean;
  anchors: Anchors;
  /** Valid final scores of every participant (all agents, all seeds); nulls are ignored. */
  scores: readonly (number | null)[];
  /** Human leaderboard scores, for humanrank. */
  leaderboard?: readonly number[];
}

/** Anchor-normalized score, clipped below at 0. Assumes anchors passed `anchorProblem`. */
export function anchorScore(score: number | null, trivial: number, reference: number): number {
  if (score === null || !Number.isFinite(score)) return 0;
  return Math.max(0, (score - trivial) / (reference - trivial));
}

/** Why these anchors cannot normalize, or null when they can. */
export function anchorProblem(anchors: Anchors, higherIsBetter: boolean): FallbackReason | null {
  const { trivial, reference } = anchors;
  if (trivial === null || reference === null || !Number.isFinite(trivial) || !Number.isFinite(reference)) return 'missing-anchors';
  if (reference === trivial) return 'degenerate-anchors';
  if (higherIsBetter ? reference < trivial : reference > trivial) return 'reference-not-better';
  return null;
}

/**
 * Min–max score given the best and worst participant scores (direction already applied in
 * choosing which is which, so the same formula serves both directions). Clipped below at 0 for
 * scores outside the participants' range, e.g. an intermediate step worse than every final.
 * When best == worst every participant shares the best result: a score at least that good maps
 * to 1, anything else to 0.
 */
export function minMaxScore(score: number | null, best: number, worst: number, higherIsBetter: boolean): number {
  if (score === null || !Number.isFinite(score)) return 0;
  if (best === worst) return (higherIsBetter ? score >= best : score <= best) ? 1 : 0;
  return Math.max(0, (score - worst) / (best - worst));
}

/**
 * HumanRank position score (N − position + 1) / N, where position = 1 + the number of leaderboard
 * entries strictly better than the score (a tie takes the better position, as shared ranks do on
 * Kaggle). Beating every entry gives 1; losing to every entry gives 0.
 */
export function humanRankScore(score: number | null, leaderboard: readonly number[], higherIsBetter: boolean): number {
  const entries = leaderboard.filter(Number.isFinite);
  if (score === null || !Number.isFinite(score) || entries.length === 0) return 0;
  const n = entries.length;
  let better = 0;
  for (const e of entries) if (higherIsBetter ? e > score : e < score) better++;
  const position = better + 1;
  return (n - position + 1) / n;
}

/**
 * The normalizer of one task. Falls back to minmax whenever the requested method cannot apply
 * (see FallbackReason), and says so, so the report can mark those tasks instead of silently
 * mixing scales.
 */
export function taskNormalizer(task: TaskScores, requested: NormalizationMethod = 'anchor'): TaskNormalizer {
  const { higherIsBetter, anchors } = task;
  if (requested === 'anchor') {
    const problem = anchorProblem(anchors, higherIsBetter);
    if (problem === null) {
      const trivial = anchors.trivial as number;
      const reference = anchors.reference as number;
      return { requested, method: 'anchor', fallback: null, degenerate: false, normalize: (s) => anchorScore(s, trivial, reference) };
    }
    return minMaxNormalizer(task, requested, problem);
  }
  if (requested === 'humanrank') {
    const board = task.leaderboard?.filter(Number.isFinite) ?? [];
    if (board.length > 0) {
      return { requested, method: 'humanrank', fallback: null, degenerate: false, normalize: (s) => humanRankScore(s, board, higherIsBetter) };
    }
    return minMaxNormalizer(task, requested, 'no-leaderboard');
  }
  return minMaxNormalizer(task, requested, null);
}

function minMaxNormalizer(task: TaskScores, requested: NormalizationMethod, fallback: FallbackReason | null): TaskNormalizer {
  const valid = task.scores.filter((s): s is number => s !== null && Number.isFinite(s));
  const base = { requested, method: 'minmax' as const, fallback };
  if (valid.length === 0) return { ...base, degenerate: true, normalize: () => 0 };
  let hi = -Infinity;
  let lo = Infinity;
  for (const s of valid) {
    if (s > hi) hi = s;
    if (s < lo) lo = s;
  }
  const [best, worst] = task.higherIsBetter ? [hi, lo] : [lo, hi];
  return { ...base, degenerate: best === worst, normalize: (s) => minMaxScore(s, best, worst, task.higherIsBetter) };
}
