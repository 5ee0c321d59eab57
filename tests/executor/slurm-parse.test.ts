import { describe, expect, it } from 'vitest';
import { arrayTaskIds } from '../../harness/executor/slurm/array-range.js';
import { describeNode, nodeUsable } from '../../harness/executor/slurm/cluster.js';
import { SlurmCommandError } from '../../harness/executor/slurm/command.js';
import { submitJobArray } from '../../harness/executor/slurm/job-array.js';
import { parseSlurmJson } from '../../harness/executor/slurm/json-output.js';
import { parsePartitions, PingLineSchema, SbatchParsableSchema, SinfoNodeSchema, SqueueSchema } from '../../harness/executor/slurm/schemas.js';
import { phaseOf } from '../../harness/executor/slurm/states.js';

// What the Slurm tools print, parsed without a cluster, and what is refused before asking one;
// tests/executor/slurm-cluster.test.ts runs the same code against the real one.

describe('Slurm array expressions', () => {
  it('expands ranges, lists, steps, and ignores the concurrency limit', () => {
    expect(arrayTaskIds('0-5')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(arrayTaskIds('3')).toEqual([3]);
    expect(arrayTaskIds('1,3,7-9')).toEqual([1, 3, 7, 8, 9]);
    expect(arrayTaskIds('0-15:4')).toEqual([0, 4, 8, 12]);
    expect(arrayTaskIds('4-7%2')).toEqual([4, 5, 6, 7]);
  });

  it('refuses what is not one, naming it', () => {
    expect(() => arrayTaskIds('a-b')).toThrow(/"a-b" is not a Slurm array expression/);
    expect(() => arrayTaskIds('5-2')).toThrow(/empty range/);
  });
});

describe('Slurm job states', () => {
  it('a finished state says whose fault an unsuccessful end is', () => {
    expect(phaseOf('COMPLETED')).toEqual({ phase: 'finished', outcome: 'success' });
    for (const s of ['FAILED', 'OUT_OF_MEMORY', 'TIMEOUT'] as const) expect(phaseOf(s)).toEqual({ phase: 'finished', outcome: 'command' });
    for (const s of ['NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'CANCELLED'] as const) expect(phaseOf(s)).toEqual({ phase: 'finished', outcome: 'infrastructure' });
  });

  it('requeued, suspended and completing jobs are not over', () => {
    for (const s of ['PENDING', 'REQUEUED', 'SUSPENDED', 'REQUEUE_HOLD'] as const) expect(phaseOf(s).phase).toBe('waiting');
    for (const s of ['RUNNING', 'COMPLETING'] as const) expect(phaseOf(s).phase).toBe('running');
  });
});

const meta = { plugin: { type: 'openapi/v0.0.38' }, Slurm: { version: { major: 22, minor: 5, micro: 8 }, release: '22.05.8' } };
const job = (fields: Record<string, unknown>) => ({
  account: '',
  job_id: 7,
  array_job_id: 7,
  array_task_id: null,
  array_task_string: '0-7',
  job_state: 'PENDING',
  nodes: '',
  exit_code: 0,
  restart_cnt: 0,
  state_reason: 'JobHeldUser',
  standard_output: '/x/%A_%a.out',
  ...fields,
});

describe('squeue --json', () => {
  it("reads an array's pending record and its finished tasks, ignoring other fields", () => {
    const parsed = SqueueSchema.parse({ meta, errors: [], jobs: [job({}), job({ job_id: 9, array_task_id: 1, array_task_string: '', job_state: 'FAILED', nodes: 'w1', exit_code: 256, state_reason: 'NonZeroExitCode' })] });
    expect(parsed.jobs[0]).toMatchObject({ array_task_id: null, array_task_string: '0-7', job_state: 'PENDING' });
    expect(parsed.jobs[1]).toMatchObject({ array_task_id: 1, job_state: 'FAILED', exit_code: 256, nodes: 'w1' });
    expect(parsed.jobs[1]).not.toHaveProperty('standard_output');
  });

  it('the errors its JSON lists make it a failure, though it exits 0 (as when slurmctld is unreachable)', () => {
    const stdout = JSON.stringify({ meta, errors: [{ description: 'Failed while looking for jobs', error_number: -1, error: 'Unspecified error', source: 'slurm_load_jobs' }], jobs: [] });
    let err: unknown;
    try {
      parseSlurmJson('squeue --json', stdout, SqueueSchema);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SlurmCommandError);
    expect((err as SlurmCommandError).reason).toBe('reported');
    expect((err as SlurmCommandError).message).toBe('`squeue --json` reported errors: slurm_load_jobs Failed while looking for jobs (Unspecified error)');
    expect(parseSlurmJson('squeue --json', JSON.stringify({ meta, errors: [], jobs: [job({})] }), SqueueSchema)).toMatchObject({ release: '22.05.8', data: { jobs: [{ job_id: 7 }] } });
  });

  it('refuses a state it does not know, naming it', () => {
    const r = SqueueSchema.safeParse({ meta, jobs: [job({ job_state: 'LAUNCHED_ON_MARS' })] });
    expect(r.success).toBe(false);
    expect(r.error?.message).toMatch(/job_state/);
  });
});

describe('sinfo', () => {
  const node = (state: string, state_flags: string[] = [], reason = '') => SinfoNodeSchema.parse({ name: 'w1', state, state_flags, partitions: ['arena'], reason, cpus: 2, port: 6818 });

  it('a node takes jobs when idle or busy and not drained or unresponsive', () => {
    expect(nodeUsable(node('idle'))).toBe(true);
    expect(nodeUsable(node('mixed'))).toBe(true);
    expect(nodeUsable(node('idle', ['DRAIN'], 'maintenance'))).toBe(false);
    expect(nodeUsable(node('idle', ['NOT_RESPONDING']))).toBe(false);
    expect(nodeUsable(node('down', [], 'Not responding'))).toBe(false);
    expect(describeNode(node('down', ['NOT_RESPONDING'], 'Not responding'))).toBe('down (NOT_RESPONDING: Not responding)');
    expect(describeNode(node('idle'))).toBe('idle');
  });

  it('reads partitions with the default marked', () => {
    expect(parsePartitions('arena*|up\ngpu|down\narena*|up\n')).toEqual([
      { name: 'arena', isDefault: true, up: true },
      { name: 'gpu', isDefault: false, up: false },
    ]);
    expect(() => parsePartitions('PARTITION AVAIL\n')).toThrow(/<partition>\|<availability>/);
  });
});

describe('sbatch and scontrol', () => {
  it('refuses, before submitting, an output directory Slurm would read as a pattern', async () => {
    await expect(submitJobArray({ name: 'x', command: ['/bin/true'], tasks: 1, outputDir: '/tmp/100%done' })).rejects.toThrow('/tmp/100%done: a job array\'s output directory must not contain "%" or "\\"');
    await expect(submitJobArray({ name: 'x', command: ['/bin/true'], tasks: 0, outputDir: '/tmp' })).rejects.toThrow('a job array needs at least one task (tasks: 0)');
  });

  it('reads the job id sbatch --parsable prints, with or without a cluster name', () => {
    expect(SbatchParsableSchema.parse('42\n')).toBe(42);
    expect(SbatchParsableSchema.parse('42;arena\n')).toBe(42);
    expect(SbatchParsableSchema.safeParse('Submitted batch job 42').success).toBe(false);
  });

  it("reads scontrol ping's verdict", () => {
    expect(PingLineSchema.parse('Slurmctld(primary) at vm is UP')).toEqual({ role: 'primary', host: 'vm', up: true });
    expect(PingLineSchema.parse('Slurmctld(primary) at vm is DOWN')).toEqual({ role: 'primary', host: 'vm', up: false });
    expect(PingLineSchema.safeParse('slurm_load_ctl_conf error').success).toBe(false);
  });
});
