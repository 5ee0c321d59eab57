/**
 * Slurm's job states (22.05, as `squeue --json` spells them), each with what it means for whoever
 * waits on the job. A finished state says whose fault an unsuccessful end is:
 * - `command`: the command itself failed (non-zero exit, out of memory, over its time limit);
 *   running it again would most likely fail the same way.
 * - `infrastructure`: Slurm or the machine ended it (node down, preempted, cancelled, failed to
 *   boot): the command did not fail by itself and may be submitted again.
 */
export type Outcome = 'success' | 'command' | 'infrastructure';
export type StatePhase = { phase: 'waiting' } | { phase: 'running' } | { phase: 'finished'; outcome: Outcome };

const waiting = { phase: 'waiting' } as const;
const running = { phase: 'running' } as const;
const finished = (outcome: Outcome) => ({ phase: 'finished', outcome }) as const;

export const JOB_STATES = {
  PENDING: waiting,
  CONFIGURING: waiting,
  POWER_UP_NODE: waiting,
  REQUEUED: waiting,
  REQUEUE_FED: waiting,
  REQUEUE_HOLD: waiting,
  RESV_DEL_HOLD: waiting,
  // Suspended or stopped jobs resume where they were; they are not over.
  SUSPENDED: waiting,
  STOPPED: waiting,
  // Held after exiting with a site's special exit code, to be released and run again.
  SPECIAL_EXIT: waiting,
  RUNNING: running,
  COMPLETING: running,
  SIGNALING: running,
  STAGE_OUT: running,
  RESIZING: running,
  COMPLETED: finished('success'),
  FAILED: finished('command'),
  OUT_OF_MEMORY: finished('command'),
  TIMEOUT: finished('command'),
  NODE_FAIL: finished('infrastructure'),
  BOOT_FAIL: finished('infrastructure'),
  PREEMPTED: finished('infrastructure'),
  // Cancelled by a user or an administrator (or by Slurm for a lost dependency): not the command's doing.
  CANCELLED: finished('infrastructure'),
  DEADLINE: finished('infrastructure'),
  REVOKED: finished('infrastructure'),
} as const satisfies Record<string, StatePhase>;

export type JobState = keyof typeof JOB_STATES;
export const JOB_STATE_NAMES = Object.keys(JOB_STATES) as [JobState, ...JobState[]];

export function phaseOf(state: JobState): StatePhase {
  return JOB_STATES[state];
}
