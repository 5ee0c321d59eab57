// Shared input and result shapes for the statistics module. Everything here is plain data so the
// report, the JSON/CSV exports and the tests can pass it around without classes.

/** Score anchors of a task, in the units of its metric. `null` = not measured. */
export interface Anchors {
  /** Score of the trivial baseline (normalized score 0). */
  trivial: number | null;
  /** Score of the reference baseline (normalized score 1). */
  reference: number | null;
  /** Best achievable score (e.g. 1 for accuracy), used only for saturation flags. */
  optimum: number | null;
}

export interface TaskCategory {
  modality: string;
  objective: string;
  domain?: string;
}

export interface EpisodeStep {
  step: number;
  /** Action name; `request_info` steps are not counted on step-wise curves. */
  action: string;
  publicScore?: number | null;
  /** Private-leaderboard score of the submission written at this step, if it was valid. */
  privateScore?: number | null;
}

/** One episode = one task × one agent × one seed, as the statistics see it. */
export interface EpisodeOutcome {
  suite: string;
  taskId: string;
  agentId: string;
  seed: number;
  valid: boolean;
  /** Raw private score; `null` = invalid or missing submission. */
  score: number | null;
  higherIsBetter: boolean;
  anchors: Anchors;
  category?: TaskCategory;
  steps?: EpisodeStep[];
}

/** A two-sided interval from a bootstrap (percentile method). */
export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Two scores a and b tie when |a − b| ≤ max(abs, rel · max(|a|, |b|)), as Python's math.isclose.
 * Metrics are floats computed from predictions, so two agents submitting the same predictions can
 * still differ in the last bits through summation order; exact equality would split them.
 */
export interface Tolerance {
  rel: number;
  abs: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, abs: 1e-12 };

/** Outcome of one agent against another on one task: 1 win, 0.5 tie, 0 loss. */
export type PairScore = 1 | 0.5 | 0;

/** One pairwise comparison on one task, from the point of view of `a`. */
export interface PairOutcome {
  task: string;
  a: string;
  b: string;
  score: PairScore;
}
