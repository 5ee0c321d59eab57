/**
 * `arena executor check <name>`: each executor that runs episodes somewhere other than in this
 * process says whether it works here. Registered by name; each check module is loaded only when
 * asked for, so the CLI's start-up stays light.
 */
export interface CheckItem {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  /** What was found, one line; for a failure, what is wrong. */
  detail: string;
  /** For a failure: how to fix it. */
  fix?: string;
}

export interface ExecutorCheck {
  executor: string;
  ok: boolean;
  items: CheckItem[];
}

export interface ExecutorCheckOptions {
  /** Where jobs run (a Slurm partition); default: the cluster's default. */
  partition?: string;
  /** A directory every node sees, for the test jobs' output. */
  sharedDir?: string;
  /** How long test jobs may take, start included. */
  jobTimeoutMs?: number;
}

export const EXECUTOR_CHECKS = {
  slurm: async (options: ExecutorCheckOptions) => (await import('./slurm/check.js')).checkSlurm(options),
} satisfies Record<string, (options: ExecutorCheckOptions) => Promise<ExecutorCheck>>;

export type ExecutorName = keyof typeof EXECUTOR_CHECKS;
export const EXECUTOR_NAMES = Object.keys(EXECUTOR_CHECKS) as [ExecutorName, ...ExecutorName[]];
