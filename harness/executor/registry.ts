import type { Executor, ExecutorOptions } from './types.js';

/**
 * The executors `arena eval --executor` knows, by name. Each module loads only when chosen, so a
 * local run never loads the Slurm client code.
 */
const EXECUTORS = {
  local: async (options: ExecutorOptions) => (await import('./local-pool.js')).localPool(options.concurrency),
  slurm: async (options: ExecutorOptions) => (await import('./slurm/coordinator.js')).slurmExecutor(options),
} satisfies Record<string, (options: ExecutorOptions) => Promise<Executor>>;

export type ExecutorKind = keyof typeof EXECUTORS;
export const EXECUTOR_KINDS = Object.keys(EXECUTORS) as [ExecutorKind, ...ExecutorKind[]];

export function createExecutor(kind: ExecutorKind, options: ExecutorOptions): Promise<Executor> {
  return EXECUTORS[kind](options);
}
