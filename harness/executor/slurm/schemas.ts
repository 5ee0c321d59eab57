import { z } from 'zod';
import { JOB_STATE_NAMES } from './states.js';

// What the Slurm client tools print, as far as the executor reads it. The JSON is 22.05's
// `--json` (OpenAPI v0.0.38 data); the objects carry many more fields, which are ignored.

const MetaSchema = z.object({ Slurm: z.object({ release: z.string() }) });

/** Every --json output: what it could not do is listed here, and the exit code is still 0. */
export const JsonEnvelopeSchema = z.object({
  meta: MetaSchema,
  errors: z.array(z.object({ source: z.string().optional(), description: z.string().optional(), error: z.string().optional() })).default([]),
});

/** One job record of `squeue --json`; an array's not-yet-started tasks share one record. */
export const SqueueJobSchema = z.object({
  job_id: z.number().int(),
  /** The array's job id for every task of an array; 0 for a job that is not an array. */
  array_job_id: z.number().int(),
  /** The task's index; null on the record that stands for the array's tasks not yet split off. */
  array_task_id: z.number().int().nullable(),
  /** On that record: the indices it stands for ("0-5", "2,4-7%2"); empty otherwise. */
  array_task_string: z.string(),
  job_state: z.enum(JOB_STATE_NAMES),
  /** The nodes the job ran on or runs on; empty while pending. */
  nodes: z.string(),
  /** The wait status: exit code << 8 | terminating signal. */
  exit_code: z.number().int(),
  restart_cnt: z.number().int(),
  state_reason: z.string(),
});
export type SqueueJob = z.infer<typeof SqueueJobSchema>;

export const SqueueSchema = z.object({ jobs: z.array(SqueueJobSchema) });

/** One node of `sinfo --json`: `state` is the base state, lower case (idle, mixed, down...). */
export const SinfoNodeSchema = z.object({
  name: z.string(),
  state: z.string(),
  /** DRAIN, NOT_RESPONDING, MAINTENANCE...: any of these makes a node unusable whatever its state. */
  state_flags: z.array(z.string()),
  partitions: z.array(z.string()),
  reason: z.string(),
  /** The CPUs slurm.conf gives the node: how many one-CPU tasks it runs at once. */
  cpus: z.number().int().nonnegative(),
});
export type SinfoNode = z.infer<typeof SinfoNodeSchema>;

export const SinfoSchema = z.object({ nodes: z.array(SinfoNodeSchema) });

/** The format `sinfo` is asked for when listing partitions: name (a `*` marks the default), availability. */
export const PARTITION_FORMAT = '%P|%a';
const PartitionLineSchema = z
  .string()
  .regex(/^[^|\s]+\|\S+$/, 'expected "<partition>|<availability>"')
  .transform((line) => {
    const [name = '', availability = ''] = line.split('|');
    return { name: name.replace(/\*$/, ''), isDefault: name.endsWith('*'), up: availability === 'up' };
  });
export type Partition = z.output<typeof PartitionLineSchema>;

export function parsePartitions(stdout: string): Partition[] {
  const lines = [...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))];
  return z.array(PartitionLineSchema).parse(lines);
}

/** `sbatch --parsable` prints "<job id>" or "<job id>;<cluster>". */
export const SbatchParsableSchema = z
  .string()
  .trim()
  .regex(/^\d+(;\S+)?$/, 'expected "<job id>[;<cluster>]"')
  .transform((s) => Number(s.split(';')[0]));

/** `scontrol ping` prints one line per controller: "Slurmctld(primary) at <host> is UP". */
export const PingLineSchema = z
  .string()
  .regex(/^Slurmctld\((\w+)\) at (\S+) is (UP|DOWN)$/, 'expected "Slurmctld(<role>) at <host> is UP|DOWN"')
  .transform((line) => {
    const [, role = '', host = '', state = ''] = /^Slurmctld\((\w+)\) at (\S+) is (UP|DOWN)$/.exec(line) ?? [];
    return { role, host, up: state === 'UP' };
  });
