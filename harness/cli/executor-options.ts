import type { EvalConfig } from '../arena/runner.js';
import { EXECUTOR_KINDS, type ExecutorKind } from '../executor/registry.js';
import { CliError, EXIT } from './output.js';

/** `--executor`, `--partition`, `--array-size`: where episodes run, shared by `arena eval` and `arena run`. */
export const executorOptions = {
  executor: { choices: EXECUTOR_KINDS, default: 'local' as ExecutorKind, describe: 'where episodes run: this process (local) or a Slurm cluster sharing the run directory (slurm, job arrays)' },
  partition: { type: 'string', describe: "with --executor slurm: the partition (default: the cluster's default)" },
  'array-size': { type: 'number', describe: "with --executor slurm: array tasks per submission, the episodes dealt among them (default: the partition's usable CPUs, at most one per episode and 1000)" },
} as const;

export interface ExecutorArgs {
  executor: ExecutorKind;
  partition?: string;
  'array-size'?: number;
}

/** Thrown as usage errors, so a bad value exits 2 like any other misuse. */
export function checkExecutorArgs(a: ExecutorArgs): void {
  const arraySize = a['array-size'];
  if (arraySize !== undefined && (!Number.isInteger(arraySize) || arraySize < 1)) throw new CliError('--array-size must be a positive integer', EXIT.usage);
  if (a.executor !== 'slurm' && (a.partition !== undefined || arraySize !== undefined)) throw new CliError('--partition and --array-size need --executor slurm', EXIT.usage);
}

export function executorSettings(a: ExecutorArgs): Pick<EvalConfig, 'executor' | 'partition' | 'arraySize'> {
  return { executor: a.executor, partition: a.partition, arraySize: a['array-size'] };
}
