import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CheckItem, ExecutorCheck, ExecutorCheckOptions } from '../checks.js';
import { describeNode, listNodes, listPartitions, mungeRoundTrip, nodeUsable, pingController, type ControllerPing } from './cluster.js';
import { runSlurmCommand } from './command.js';
import { JobArrayTimeoutError, runJobArray, type ArrayTask } from './job-array.js';

/** A check's failure: what is wrong and how to fix it. */
class CheckFailure extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** What the checks so far have found, for the ones after them. */
interface Found {
  partition?: string;
  nodes?: string[];
}

interface Step {
  name: string;
  /** Returns a one-line detail, or throws a CheckFailure; each step needs every one before it. */
  run(found: Found, options: ExecutorCheckOptions): Promise<string>;
}

const TOOLS = ['sinfo', 'squeue', 'sbatch', 'scontrol', 'scancel', 'munge', 'unmunge'];
const LOCAL_FIX = 'on this machine: scripts/slurm-up.sh';
/** Test jobs go to at most this many nodes: enough to see that nodes run jobs, bounded on a big cluster. */
const MAX_TEST_NODES = 16;

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

const STEPS: Step[] = [
  {
    name: 'client tools',
    run: async () => {
      const missing = TOOLS.filter((t) => !onPath(t));
      if (missing.length) throw new CheckFailure(`not on PATH: ${missing.join(', ')}`, 'apt-get install slurm-client munge (scripts/setup.sh installs slurm-wlm and munge)');
      const version = (await runSlurmCommand('sinfo', ['--version'])).trim();
      return `${TOOLS.join(', ')} (${version})`;
    },
  },
  {
    name: 'munge',
    run: async () => {
      try {
        await mungeRoundTrip();
      } catch (err) {
        throw new CheckFailure(`munge cannot encode and decode a credential: ${message(err)}`, `start munged with the cluster's /etc/munge/munge.key (${LOCAL_FIX})`);
      }
      return 'a credential encodes and decodes';
    },
  },
  {
    name: 'slurmctld',
    run: async () => {
      let ping: ControllerPing;
      try {
        ping = await pingController();
      } catch (err) {
        throw new CheckFailure(`cannot ask for slurmctld: ${message(err)}`, `write /etc/slurm/slurm.conf or set SLURM_CONF (${LOCAL_FIX})`);
      }
      if (!ping.up) {
        throw new CheckFailure(`slurmctld does not answer (${ping.lines.join('; ')})`, `start slurmctld on the SlurmctldHost of slurm.conf (${LOCAL_FIX}); its log (SlurmctldLogFile) says why it stopped`);
      }
      return ping.lines.join('; ');
    },
  },
  {
    name: 'partition',
    run: async (found, options) => {
      const partitions = await listPartitions();
      const names = partitions.map((p) => p.name).join(', ') || 'none';
      const partition = options.partition ? partitions.find((p) => p.name === options.partition) : partitions.find((p) => p.isDefault);
      if (!partition) {
        throw new CheckFailure(
          options.partition ? `no partition "${options.partition}" (partitions: ${names})` : `no default partition (partitions: ${names})`,
          options.partition || partitions.length ? 'pass --partition with one of the partitions named' : 'add a PartitionName=... line with Default=YES to slurm.conf',
        );
      }
      if (!partition.up) throw new CheckFailure(`partition ${partition.name} is not up`, `scontrol update PartitionName=${partition.name} State=UP`);
      found.partition = partition.name;
      return `${partition.name}${partition.isDefault ? ' (default)' : ''}, up`;
    },
  },
  {
    name: 'nodes',
    run: async (found) => {
      const { nodes } = await listNodes();
      const inPartition = nodes.filter((n) => n.partitions.includes(found.partition!));
      const usable = inPartition.filter(nodeUsable);
      const listing = inPartition.map((n) => `${n.name} ${describeNode(n)}`).join(', ');
      if (!usable.length) {
        throw new CheckFailure(
          `none of the ${inPartition.length} nodes of ${found.partition} takes jobs: ${listing || 'no nodes'}`,
          `start slurmd on them (${LOCAL_FIX}); a node left down or drained after that: scontrol update NodeName=<node> State=RESUME`,
        );
      }
      found.nodes = usable.map((n) => n.name);
      return `${usable.length} of ${inPartition.length} up in ${found.partition}: ${listing}`;
    },
  },
  {
    name: 'jobs',
    run: async (found, options) => {
      const nodes = found.nodes!.slice(0, MAX_TEST_NODES);
      const root = await mkdtemp(path.join(options.sharedDir ?? os.tmpdir(), 'arena-slurm-check-'));
      try {
        const ran = await Promise.all(nodes.map((node) => testJob(node, found.partition!, path.join(root, node), options.jobTimeoutMs ?? 30_000)));
        const more = found.nodes!.length > nodes.length ? ` (the first ${nodes.length} of ${found.nodes!.length} nodes)` : '';
        return `a job ran on ${ran.join(', ')}${more}`;
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  },
];

/** Runs `true` on one node; returns "<node> in <seconds> s" or throws what went wrong. */
async function testJob(node: string, partition: string, outputDir: string, timeoutMs: number): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const started = Date.now();
  let task: ArrayTask | undefined;
  try {
    const { tasks } = await runJobArray({ name: 'arena-check', command: ['/bin/true'], tasks: 1, outputDir, partition, node, timeLimitMinutes: 1 }, { timeoutMs, pollMs: 250 });
    task = tasks[0];
  } catch (err) {
    const fix = err instanceof JobArrayTimeoutError ? `the node may be busy: run the check when it is idle, or look at \`squeue -w ${node}\` and slurmd's log on ${node}` : `see slurmd's log on ${node}`;
    throw new CheckFailure(`a job on ${node}: ${message(err)}`, fix);
  }
  if (!task || task.outcome !== 'success') {
    throw new CheckFailure(
      `a job on ${node} ended ${task?.state ?? 'unseen'} (exit ${task?.exitCode ?? '?'}, reason ${task?.reason ?? '?'})`,
      `its error output is ${task?.stderrPath ?? outputDir} when the directory is shared with ${node} (--shared-dir); else see slurmd's log on ${node}`,
    );
  }
  return `${node} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** Each step in order; after the first failure, the rest are skipped (each needs the ones before). */
export async function checkSlurm(options: ExecutorCheckOptions): Promise<ExecutorCheck> {
  const found: Found = {};
  const items: CheckItem[] = [];
  let failed: string | undefined;
  for (const step of STEPS) {
    if (failed) {
      items.push({ name: step.name, status: 'skipped', detail: `needs ${failed}` });
      continue;
    }
    try {
      items.push({ name: step.name, status: 'ok', detail: await step.run(found, options) });
    } catch (err) {
      failed = step.name;
      items.push(err instanceof CheckFailure ? { name: step.name, status: 'failed', detail: err.message, fix: err.fix } : { name: step.name, status: 'failed', detail: message(err), fix: `the message names the command that failed (${LOCAL_FIX})` });
    }
  }
  return { executor: 'slurm', ok: !failed, items };
}
