// Per-task, per-agent results: the seeds of each (task, agent) folded into one raw mean and one
// normalized mean. Win–loss, ratings, paired comparisons and discrimination all start from here,
// so the rule for invalid submissions is applied once.

import { taskNormalizer, type NormalizationMethod, type TaskNormalizer } from './normalize.js';
import type { Anchors, EpisodeOutcome, TaskCategory } from './types.js';

export interface AgentTaskResult {
  agentId: string;
  seeds: number;
  validSeeds: number;
  /**
   * Mean raw score over seeds, each invalid seed counted at the task's `floor`; null only when the
   * task has no floor (no valid score anywhere and no trivial anchor). Comparisons use this.
   */
  meanScore: number | null;
  /** Mean over seeds of the normalized score (invalid = 0). */
  normalized: number;
}

export interface TaskResult {
  /** `suite/taskId`: task ids are unique within a suite only. */
  key: string;
  suite: string;
  taskId: string;
  higherIsBetter: boolean;
  anchors: Anchors;
  category?: TaskCategory;
  normalizer: TaskNormalizer;
  /**
   * The value an invalid seed counts as: the worst of the trivial anchor and every valid score on
   * the task. Invalid is thus never better than any submission or the trivial baseline; a tie at
   * the floor is broken by the valid-seed rate in the comparisons (see win-loss.ts).
   */
  floor: number | null;
  /** Sorted by agentId. */
  agents: AgentTaskResult[];
}

export interface TaskResultsOptions {
  normalization?: NormalizationMethod;
  /** Human leaderboards for humanrank, keyed by task key (`suite/taskId`). */
  leaderboards?: Readonly<Record<string, readonly number[]>>;
}

export function taskKey(suite: string, taskId: string): string {
  return `${suite}/${taskId}`;
}

/** The score an episode counts with: null unless it is valid and finite. */
export function effectiveScore(e: EpisodeOutcome): number | null {
  return e.valid && e.score !== null && Number.isFinite(e.score) ? e.score : null;
}

/** Episodes grouped by task key, keys in sorted order so every downstream result is deterministic. */
export function groupByTask(episodes: readonly EpisodeOutcome[]): Map<string, EpisodeOutcome[]> {
  const groups = new Map<string, EpisodeOutcome[]>();
  for (const e of episodes) {
    const key = taskKey(e.suite, e.taskId);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One TaskResult per task, sorted by key. Throws on duplicate episodes or inconsistent task metadata. */
export function taskResults(episodes: readonly EpisodeOutcome[], options: TaskResultsOptions = {}): TaskResult[] {
  const out: TaskResult[] = [];
  for (const [key, group] of groupByTask(episodes)) {
    const first = group[0] as EpisodeOutcome;
    checkConsistent(key, group);
    const scores = group.map(effectiveScore);
    const normalizer = taskNormalizer(
      { higherIsBetter: first.higherIsBetter, anchors: first.anchors, scores, leaderboard: options.leaderboards?.[key] },
      options.normalization ?? 'anchor',
    );
    const floor = worstOf([first.anchors.trivial, ...scores], first.higherIsBetter);
    const byAgent = new Map<string, EpisodeOutcome[]>();
    for (const e of group) {
      const list = byAgent.get(e.agentId);
      if (list) list.push(e);
      else byAgent.set(e.agentId, [e]);
    }
    const agents = [...byAgent.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([agentId, eps]): AgentTaskResult => {
        let raw = 0;
        let norm = 0;
        let validSeeds = 0;
        for (const e of eps) {
          const s = effectiveScore(e);
          if (s !== null) validSeeds++;
          raw += s ?? floor ?? 0;
          norm += normalizer.normalize(s);
        }
        return { agentId, seeds: eps.length, validSeeds, meanScore: floor === null ? null : raw / eps.length, normalized: norm / eps.length };
      });
    const result: TaskResult = { key, suite: first.suite, taskId: first.taskId, higherIsBetter: first.higherIsBetter, anchors: first.anchors, normalizer, floor, agents };
    if (first.category) result.category = first.category;
    out.push(result);
  }
  return out;
}

function worstOf(values: readonly (number | null)[], higherIsBetter: boolean): number | null {
  let worst: number | null = null;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (worst === null || (higherIsBetter ? v < worst : v > worst)) worst = v;
  }
  return worst;
}

function checkConsistent(key: string, group: readonly EpisodeOutcome[]): void {
  const first = group[0] as EpisodeOutcome;
  const seen = new Set<string>();
  for (const e of group) {
    const id = `${e.agentId}\u0000${e.seed}`;
    if (seen.has(id)) throw new Error(`stats: task ${key} has two episodes for agent ${e.agentId}, seed ${e.seed}`);
    seen.add(id);
    if (e.higherIsBetter !== first.higherIsBetter) throw new Error(`stats: task ${key} has episodes with different metric directions`);
    const a = e.anchors;
    const b = first.anchors;
    if (a.trivial !== b.trivial || a.reference !== b.reference || a.optimum !== b.optimum) {
      throw new Error(`stats: task ${key} has episodes with different anchors`);
    }
  }
}
