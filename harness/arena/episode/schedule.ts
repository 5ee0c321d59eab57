import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Task } from '../../task/loader.js';
import type { EpisodeSpec } from './spec.js';

/**
 * The order episodes start in: longest expected first (LPT), so that on N slots the long ones do
 * not start late and end alone while the other slots idle. The order changes no episode's result
 * (each has its own seed and sandbox); it only changes when each one runs.
 *
 * An episode's expected cost is, in this order of preference:
 *  - the wall time recorded for the same task × agent (this run's finished episodes of other seeds,
 *    or the runs given as `costsFrom`), averaged;
 *  - else an estimate: the agent's relative cost (its kind's `relativeCost`, agent-registry.ts)
 *    times the task's size (its public data: bytes, files, classes), scaled to milliseconds by the
 *    recorded episodes that have both (their median ratio), or by a default scale when none does.
 */

/** A file of the public data costs its opening and decoding: counted as this many bytes of reading. */
export const BYTES_PER_FILE = 4096;
/** Milliseconds per size unit when no recorded episode calibrates the estimate (roughly this machine's baselines). */
export const DEFAULT_MS_PER_UNIT = 150;

/** Key of a task × agent pair in recorded wall times. */
export const costKey = (taskId: string, agentId: string) => `${taskId}\0${agentId}`;

/** Bytes and regular files under `dir` (0 and 0 when it does not exist, e.g. an unprepared task). */
export async function dataSize(dir: string): Promise<{ bytes: number; files: number }> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return { bytes: 0, files: 0 };
  }
  const files = entries.filter((e) => e.isFile());
  let bytes = 0;
  // Batches keep the number of open stat requests bounded for a 14,000-file image task.
  for (let i = 0; i < files.length; i += 256) {
    const sizes = await Promise.all(files.slice(i, i + 256).map((e) => stat(path.join(e.parentPath, e.name)).then((s) => s.size, () => 0)));
    for (const s of sizes) bytes += s;
  }
  return { bytes, files: files.length };
}

/**
 * A task's size in units of about a MiB of work: its public data's bytes plus BYTES_PER_FILE per
 * file, times the classes beyond binary (a booster grows a tree per class, one-vs-rest fits a model
 * per class), plus one for what every episode costs whatever its data (sandbox, grading).
 */
export function taskSizeUnits(size: { bytes: number; files: number }, classes: number): number {
  const mib = (size.bytes + size.files * BYTES_PER_FILE) / (1024 * 1024);
  return 1 + mib * (classes > 2 ? classes : 1);
}

export async function taskSize(task: Task): Promise<number> {
  return taskSizeUnits(await dataSize(task.paths.publicDir), task.manifest.classes?.length ?? 0);
}

export interface CostInputs {
  /** Each spec's task size (taskSize), by task directory. */
  sizes: Map<string, number>;
  /** An agent's relative cost (1 unless its kind says otherwise). */
  relativeCost(agentId: string): number;
  /** Mean recorded wall time in ms, by costKey(task id, agent id). */
  recorded: Map<string, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each spec's expected wall time in ms (recorded where known, else the calibrated estimate), in spec order. */
export function expectedCosts(specs: EpisodeSpec[], inputs: CostInputs): number[] {
  const units = specs.map((s) => (inputs.sizes.get(s.task.dir) ?? 1) * inputs.relativeCost(s.agent.id));
  const recorded = specs.map((s) => inputs.recorded.get(costKey(s.task.id, s.agent.id)));
  const ratios = specs.flatMap((_, i) => (recorded[i] !== undefined && units[i]! > 0 ? [recorded[i]! / units[i]!] : []));
  const scale = ratios.length ? median(ratios) : DEFAULT_MS_PER_UNIT;
  return specs.map((_, i) => recorded[i] ?? units[i]! * scale);
}

/** The specs longest first; equal costs keep their given order (a stable sort), so the order is deterministic. */
export function longestFirst<T>(items: T[], costs: number[]): T[] {
  return items
    .map((item, i) => ({ item, i, cost: costs[i]! }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map((x) => x.item);
}

/** The specs in the order to start them: longest expected first. */
export function scheduleSpecs(specs: EpisodeSpec[], inputs: CostInputs): EpisodeSpec[] {
  return longestFirst(specs, expectedCosts(specs, inputs));
}
