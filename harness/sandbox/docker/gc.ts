import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { orphanViews } from '../host-dirs.js';
import { docker } from './client.js';
import { LABELS, ownerStartTime } from './container.js';
import { boxesDir, viewsDir, Workspace } from './workspace.js';

/** Whether the process that created a sandbox still runs (same pid and, when recorded, same start time). */
export function ownerAlive(pid: number, start: string | undefined): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = ownerStartTime(pid);
  return now !== undefined && (!start || start === now);
}

export interface GcOptions {
  /** Also remove sandboxes of other live processes: everything not created by this process. */
  allButMine?: boolean;
}

/**
 * Removes what crashed runs left: containers labelled mle-arena=1 whose owner is gone (sandboxes
 * and check() probes), with their scratch mounts and directories, sandbox directories without a
 * live owner, and public-data views of dead processes. Returns how many of these were removed.
 */
export async function gcDocker(options: GcOptions = {}): Promise<number> {
  const isOrphan = (pid: number, start: string | undefined) => (options.allButMine ? pid !== process.pid : !ownerAlive(pid, start));
  const removed = new Set<string>();
  const kept = new Set<string>();
  const containers = await docker().listContainers({ all: true, filters: { label: [`${LABELS.arena}=1`] } });
  for (const info of containers) {
    const labels = info.Labels ?? {};
    const root = labels[LABELS.root];
    if (!isOrphan(Number(labels[LABELS.ownerPid]), labels[LABELS.ownerStart])) {
      if (root) kept.add(root);
      continue;
    }
    await docker().getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
    // Only ever delete inside our own sandboxes directory, whatever a label says.
    if (root && path.dirname(root) === boxesDir()) await Workspace.removeDir(root).catch(() => undefined);
    removed.add(root || info.Id);
  }
  for (const { root, meta } of await Workspace.list()) {
    if (removed.has(root) || kept.has(root)) continue;
    // Without metadata it may be a sandbox being created right now: only remove it once it is old.
    if (meta ? !isOrphan(meta.ownerPid, undefined) : Date.now() - (await stat(root).then((s) => s.mtimeMs, () => 0)) < 10 * 60_000) continue;
    await Workspace.removeDir(root).catch(() => undefined);
    removed.add(root);
  }
  for (const view of await orphanViews(viewsDir(), (pid) => !isOrphan(pid, undefined))) {
    await rm(view, { recursive: true, force: true });
    removed.add(view);
  }
  return removed.size;
}
