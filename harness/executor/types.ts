import type { EpisodeDeps } from '../arena/episode/execute.js';
import type { ProgressTracker } from '../arena/episode/progress.js';
import type { EpisodeSpec } from '../arena/episode/spec.js';
import type { RunStore } from '../arena/run-store.js';
import type { EnforcementName } from '../sandbox/types.js';

/** What an executor is given with the specs: where the run lives and what records it. */
export interface ExecutionContext {
  runDir: string;
  /** The run's store: every event of every episode ends up here, exactly once per attempt. */
  store: RunStore;
  progress: ProgressTracker;
  /** How this process plays an episode (an executor that runs them elsewhere builds its own there). */
  deps: EpisodeDeps;
}

/**
 * Runs a run's unfinished episodes somewhere: in this process (the local pool) or on a cluster.
 * Returns once every spec has a result in the store, or could not get one (then it is left
 * unfinished or infra_error, for the next invocation to run again).
 */
export interface Executor {
  readonly name: string;
  run(specs: EpisodeSpec[], context: ExecutionContext): Promise<void>;
}

export interface ExecutorOptions {
  /** Local pool: episodes at once. */
  concurrency: number;
  /** Slurm: the partition (default: the cluster's default). */
  partition?: string;
  /** Slurm: array tasks per submission; the episodes are dealt among them (default: one per episode). */
  arraySize?: number;
  /** Slurm: protections the workers may find not enforced (as --allow-unenforced). */
  allowUnenforced?: EnforcementName[];
}
