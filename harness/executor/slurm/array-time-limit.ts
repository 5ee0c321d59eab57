import { episodeDeadlineSec } from '../../arena/episode/execute.js';

/** An array task's start (Node, the CLI, the node's sandbox check) at its slowest. */
const START_SEC = 120;
/** After an episode's deadline: its sandbox destroyed, its last submission graded, its result written. */
const EPISODE_WRAP_UP_SEC = 60;

/**
 * `sbatch --time` for an array whose task i plays `shards[i]` one after another, in minutes: the
 * longest shard's episodes at their deadlines, plus start-up and wrap-up. A task stuck past every
 * limit of its episodes is ended by Slurm (TIMEOUT) instead of holding its node forever.
 */
export function arrayTimeLimitMinutes(shards: { totalTimeSec: number }[][]): number {
  const longest = Math.max(0, ...shards.map((shard) => shard.reduce((sum, limits) => sum + episodeDeadlineSec(limits) + EPISODE_WRAP_UP_SEC, 0)));
  return Math.ceil((START_SEC + longest) / 60);
}
