import { createHash } from 'node:crypto';
import type { Task } from '../task/loader.js';

/** A stable pseudo-random order: tasks sorted by a hash of their id and the seed. */
function shuffled(tasks: Task[], seed: number): Task[] {
  const key = (t: Task) => createHash('sha256').update(`${seed}:${t.manifest.id}`).digest('hex');
  return [...tasks].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/**
 * At most `n` tasks of a suite, stratified by modality and objective: categories take turns, so a
 * sample keeps the suite's variety. The same suite, n and seed always give the same tasks.
 */
export function sampleTasks(tasks: Task[], n: number, seed = 0): Task[] {
  if (tasks.length <= n) return tasks;
  const groups = new Map<string, Task[]>();
  for (const t of shuffled(tasks, seed)) {
    const k = `${t.manifest.modality}/${t.manifest.objective}`;
    const group = groups.get(k);
    if (group) group.push(t);
    else groups.set(k, [t]);
  }
  const queues = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, q]) => q);
  const out: Task[] = [];
  for (let round = 0; out.length < n; round++) {
    for (const q of queues) if (q[round] && out.length < n) out.push(q[round]!);
  }
  return out.sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
}
