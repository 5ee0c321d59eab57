import { runSlurmCommand, SlurmCommandError } from './command.js';
import { runSlurmJson } from './json-output.js';
import { parsePartitions, PARTITION_FORMAT, PingLineSchema, SinfoSchema, SqueueSchema, type Partition, type SinfoNode, type SqueueJob } from './schemas.js';

// Read-only questions to a Slurm cluster, each one client command whose output is zod-parsed.

/** Base states in which a node takes jobs (a busy node takes them later). */
const USABLE_STATES = new Set(['idle', 'mixed', 'allocated', 'completing']);
/** Flags that keep a node from taking jobs whatever its base state. */
const BLOCKING_FLAGS = new Set(['DRAIN', 'NOT_RESPONDING', 'MAINTENANCE', 'FAIL', 'POWERED_DOWN', 'POWERING_DOWN', 'REBOOT_ISSUED', 'RESERVED']);

export function nodeUsable(node: SinfoNode): boolean {
  return USABLE_STATES.has(node.state) && !node.state_flags.some((f) => BLOCKING_FLAGS.has(f));
}

/** How `sinfo` would show the node: "idle", "down (NOT_RESPONDING: Not responding)". */
export function describeNode(node: SinfoNode): string {
  const extra = [node.state_flags.join(','), node.reason].filter(Boolean).join(': ');
  return extra ? `${node.state} (${extra})` : node.state;
}

export async function listNodes(): Promise<{ release: string; nodes: SinfoNode[] }> {
  const { release, data } = await runSlurmJson('sinfo', [], SinfoSchema);
  return { release, nodes: data.nodes };
}

/** The CPUs of the partition's nodes that take jobs now (the default partition's when none is named). */
export async function usableCpus(partition?: string): Promise<number> {
  const name = partition ?? (await listPartitions()).find((p) => p.isDefault)?.name;
  const { nodes } = await listNodes();
  return nodes.filter((n) => (name === undefined || n.partitions.includes(name)) && nodeUsable(n)).reduce((sum, n) => sum + n.cpus, 0);
}

export async function listPartitions(): Promise<Partition[]> {
  return parsePartitions(await runSlurmCommand('sinfo', ['--noheader', '--all', '--format', PARTITION_FORMAT]));
}

/**
 * Every job slurmctld still knows: pending, running, and finished ones until MinJobAge passes.
 * 22.05's `squeue --json` ignores filters, so callers select what they need.
 */
export async function listJobs(): Promise<SqueueJob[]> {
  return (await runSlurmJson('squeue', [], SqueueSchema)).data.jobs;
}

export interface ControllerPing {
  up: boolean;
  /** "Slurmctld(primary) at vm is UP", one per configured controller. */
  lines: string[];
}

/** Whether a slurmctld answers. `scontrol ping` exits non-zero when none does but still says which. */
export async function pingController(): Promise<ControllerPing> {
  let stdout: string;
  try {
    stdout = await runSlurmCommand('scontrol', ['ping']);
  } catch (err) {
    if (!(err instanceof SlurmCommandError) || err.reason !== 'failed' || !err.stdout.trim()) throw err;
    stdout = err.stdout;
  }
  // With no controller up it adds a banner ("** RESTORE SLURMCTLD DAEMON TO SERVICE **").
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('Slurmctld('));
  if (!lines.length) throw new Error(`\`scontrol ping\` named no controller; it printed: ${stdout.trim() || 'nothing'}`);
  const controllers = lines.map((l) => PingLineSchema.parse(l));
  return { up: controllers.some((c) => c.up), lines };
}

/** Encodes a munge credential and decodes it again: what every Slurm message depends on. */
export async function mungeRoundTrip(): Promise<void> {
  const credential = await runSlurmCommand('munge', ['-n']);
  await runSlurmCommand('unmunge', [], { input: credential });
}
