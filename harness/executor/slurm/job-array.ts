import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { arrayTaskIds } from './array-range.js';
import { listJobs } from './cluster.js';
import { runSlurmCommand, SlurmCommandError } from './command.js';
import { SbatchParsableSchema, type SqueueJob } from './schemas.js';
import { phaseOf, type JobState, type Outcome } from './states.js';

/** One command run as a job array: task i runs it with SLURM_ARRAY_TASK_ID=i, i in 0..tasks-1. */
export interface JobArraySpec {
  /** The job's name, as squeue shows it. */
  name: string;
  /** The program and its arguments (no shell); each task runs it once. */
  command: string[];
  tasks: number;
  /**
   * A directory every node sees (one per array): task-<i>.out and task-<i>.err hold each task's
   * standard output and error. It must exist.
   */
  outputDir: string;
  /** The working directory of every task (default: outputDir). */
  cwd?: string;
  /** Default: the cluster's default partition. */
  partition?: string;
  /** Runs every task on this one node (Slurm's --nodelist with several nodes would give each task all of them). */
  node?: string;
  timeLimitMinutes?: number;
  cpusPerTask?: number;
  /** At most this many tasks run at once (the array's "%N"). */
  maxConcurrent?: number;
  /**
   * Whether Slurm itself runs a task again after an infrastructure failure (node down,
   * preemption). Off by default: the caller sees the failure and decides what to resubmit.
   */
  requeue?: boolean;
  /** Added to the environment each task inherits from the submitting process. */
  env?: Record<string, string>;
}

export interface SubmittedArray {
  jobId: number;
  name: string;
  taskIds: number[];
  outputDir: string;
}

export interface ArrayTask {
  taskId: number;
  /** Slurm's id of the task's own job record; null while it is still part of the array's pending record. */
  jobId: number | null;
  state: JobState;
  phase: 'waiting' | 'running' | 'finished';
  /** Set once finished: success, the command's own failure, or the infrastructure's. */
  outcome: Outcome | null;
  /** The node it runs or ran on; null until it starts. */
  node: string | null;
  /** Once finished: the command's exit status, and the signal that ended it (else null). */
  exitCode: number | null;
  signal: number | null;
  /** How many times Slurm requeued it (only with requeue). */
  restarts: number;
  /** Slurm's reason for the state ("None", "Resources", "NonZeroExitCode", ...). */
  reason: string;
  stdoutPath: string;
  stderrPath: string;
}

/** slurmctld no longer knows some tasks of the array (they ended more than MinJobAge ago). */
export class ForgottenTasksError extends Error {
  override name = 'ForgottenTasksError';
  constructor(
    readonly array: SubmittedArray,
    readonly taskIds: number[],
    message: string,
  ) {
    super(message);
  }
}

/** The array did not finish in time; `tasks` is the last state seen, `unreachable` why the last look failed. */
export class JobArrayTimeoutError extends Error {
  override name = 'JobArrayTimeoutError';
  constructor(
    readonly array: SubmittedArray,
    readonly tasks: ArrayTask[],
    timeoutMs: number,
    readonly unreachable?: SlurmCommandError,
  ) {
    const open = tasks.filter((t) => t.phase !== 'finished').map((t) => `${t.taskId} ${t.state}${t.node ? ` on ${t.node}` : ''} (${t.reason})`);
    const last = unreachable ? `; at the end slurmctld did not answer: ${unreachable.message}` : '';
    super(`job array ${array.jobId} (${array.name}) did not finish within ${Math.round(timeoutMs / 1000)} s; unfinished tasks: ${open.join(', ') || 'not seen'}${last}. Look at \`squeue -j ${array.jobId}\` and \`sinfo -N\``);
  }
}

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
/** Where Slurm writes a task's standard output or error, in its array's output directory. */
export const outputPath = (dir: string, taskId: number | '%a', stream: 'out' | 'err') => path.join(dir, `task-${taskId}.${stream}`);

/** Submits the array (the batch script goes to sbatch's standard input) and returns its job id. */
export async function submitJobArray(spec: JobArraySpec): Promise<SubmittedArray> {
  if (!Number.isInteger(spec.tasks) || spec.tasks < 1) throw new Error(`a job array needs at least one task (tasks: ${spec.tasks})`);
  if (spec.command.length === 0) throw new Error('a job array needs a command to run');
  const outputDir = path.resolve(spec.outputDir);
  // Slurm expands %-sequences and backslashes in --output paths, so such a directory would be another one.
  if (/[%\\]/.test(outputDir)) throw new Error(`${outputDir}: a job array's output directory must not contain "%" or "\\" (Slurm reads them as patterns)`);
  const args = [
    '--parsable',
    `--job-name=${spec.name}`,
    `--array=0-${spec.tasks - 1}${spec.maxConcurrent ? `%${spec.maxConcurrent}` : ''}`,
    `--output=${outputPath(outputDir, '%a', 'out')}`,
    `--error=${outputPath(outputDir, '%a', 'err')}`,
    `--chdir=${path.resolve(spec.cwd ?? outputDir)}`,
    spec.requeue ? '--requeue' : '--no-requeue',
    ...(spec.partition ? [`--partition=${spec.partition}`] : []),
    ...(spec.node ? [`--nodelist=${spec.node}`] : []),
    ...(spec.timeLimitMinutes ? [`--time=${spec.timeLimitMinutes}`] : []),
    ...(spec.cpusPerTask ? [`--cpus-per-task=${spec.cpusPerTask}`] : []),
  ];
  const script = `#!/bin/sh\nexec ${spec.command.map(quote).join(' ')}\n`;
  const jobId = SbatchParsableSchema.parse(await runSlurmCommand('sbatch', args, { input: script, env: spec.env }));
  return { jobId, name: spec.name, taskIds: Array.from({ length: spec.tasks }, (_, i) => i), outputDir };
}

function taskOf(array: SubmittedArray, taskId: number, job: SqueueJob): ArrayTask {
  const phase = phaseOf(job.job_state);
  const finished = phase.phase === 'finished';
  return {
    taskId,
    jobId: job.array_task_id === null ? null : job.job_id,
    state: job.job_state,
    phase: phase.phase,
    outcome: phase.phase === 'finished' ? phase.outcome : null,
    node: job.nodes || null,
    exitCode: finished ? job.exit_code >> 8 : null,
    signal: finished && job.exit_code & 0x7f ? job.exit_code & 0x7f : null,
    restarts: job.restart_cnt,
    reason: job.state_reason,
    stdoutPath: outputPath(array.outputDir, taskId, 'out'),
    stderrPath: outputPath(array.outputDir, taskId, 'err'),
  };
}

/**
 * Every task's state now (from `jobs`, one listing shared by several arrays, else a new one). Tasks not yet split off the array's pending record are PENDING; a task
 * slurmctld no longer knows (finished longer than MinJobAge ago) is an error.
 */
export async function readJobArray(array: SubmittedArray, jobs?: SqueueJob[]): Promise<ArrayTask[]> {
  const byTask = new Map<number, ArrayTask>();
  for (const job of jobs ?? (await listJobs())) {
    if (job.array_job_id !== array.jobId) continue;
    const ids = job.array_task_id === null ? arrayTaskIds(job.array_task_string) : [job.array_task_id];
    for (const id of ids) byTask.set(id, taskOf(array, id, job));
  }
  const missing = array.taskIds.filter((id) => !byTask.has(id));
  if (missing.length) {
    throw new ForgottenTasksError(array, missing, `slurmctld no longer knows tasks ${missing.join(', ')} of job array ${array.jobId}: finished jobs are forgotten MinJobAge seconds after they end (\`scontrol show config | grep MinJobAge\`); follow the array more often, or raise MinJobAge`);
  }
  return array.taskIds.map((id) => byTask.get(id)!);
}

export interface FollowOptions {
  /** Gives up (JobArrayTimeoutError) after this long. */
  timeoutMs: number;
  /** How often slurmctld is asked (default 1 s). */
  pollMs?: number;
  /** Called with every task whenever one of them changed state or node. */
  onChange?: (tasks: ArrayTask[]) => void;
  /** Called whenever slurmctld could not be asked (following goes on until the deadline). */
  onUnreachable?: (err: SlurmCommandError) => void;
}

/**
 * Waits until every task has finished, and returns each one's final state. A slurmctld that does
 * not answer for a while (restarted, failing over) is asked again until the deadline: jobs keep
 * running without it, and it remembers them when it is back.
 */
export async function followJobArray(array: SubmittedArray, options: FollowOptions): Promise<ArrayTask[]> {
  const deadline = Date.now() + options.timeoutMs;
  let seen = '';
  let tasks: ArrayTask[] = [];
  for (;;) {
    let unreachable: SlurmCommandError | undefined;
    try {
      tasks = await readJobArray(array);
    } catch (err) {
      if (!(err instanceof SlurmCommandError) || err.reason === 'not-installed') throw err;
      unreachable = err;
      options.onUnreachable?.(err);
    }
    if (!unreachable) {
      const now = JSON.stringify(tasks.map((t) => [t.state, t.node, t.restarts]));
      if (now !== seen) {
        seen = now;
        options.onChange?.(tasks);
      }
      if (tasks.every((t) => t.phase === 'finished')) return tasks;
    }
    if (Date.now() >= deadline) throw new JobArrayTimeoutError(array, tasks, options.timeoutMs, unreachable);
    await sleep(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
}

export async function cancelJobArray(array: SubmittedArray): Promise<void> {
  await runSlurmCommand('scancel', [String(array.jobId)]);
}

/** Submits the array and follows it to the end; an array that times out is cancelled. */
export async function runJobArray(spec: JobArraySpec, options: FollowOptions): Promise<{ array: SubmittedArray; tasks: ArrayTask[] }> {
  const array = await submitJobArray(spec);
  try {
    return { array, tasks: await followJobArray(array, options) };
  } catch (err) {
    if (err instanceof JobArrayTimeoutError) await cancelJobArray(array).catch(() => {});
    throw err;
  }
}
