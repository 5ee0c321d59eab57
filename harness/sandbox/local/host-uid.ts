import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from '../types.js';

/**
 * The host uid a local sandbox's code runs as. A harness running as root must never let code run
 * as host uid 0 (bubblewrap would map the sandbox's user onto it, and /proc/sys would be writable),
 * so each sandbox takes an unused uid of a range no account uses; one uid per sandbox also keeps
 * concurrent sandboxes from signalling or reading each other. A harness that is not root cannot
 * switch uids: its code runs as the harness's own (unprivileged) uid.
 */
export const UID_BASE = Number(process.env.ARENA_SANDBOX_UID_BASE ?? 1_500_000_000);
export const UID_SLOTS = 4096;

export interface HostUid {
  uid: number;
  /** Gives the uid back (removes its lease). */
  release(): Promise<void>;
}

/** Whether this process can run code under another uid. */
export const canSwitchUid = (): boolean => process.getuid?.() === 0;

/**
 * Leases a uid: an exclusive lease file `<dir>/<uid>` naming the owning pid. Leases of dead owners
 * are taken over, so a crashed run never exhausts the range.
 */
export async function leaseHostUid(dir: string, isAlive: (pid: number) => boolean): Promise<HostUid> {
  if (!canSwitchUid()) return { uid: process.getuid?.() ?? 65534, release: async () => undefined };
  const start = Math.floor(Math.random() * UID_SLOTS);
  for (let i = 0; i < UID_SLOTS; i++) {
    const uid = UID_BASE + ((start + i) % UID_SLOTS);
    const file = path.join(dir, String(uid));
    if (await tryLease(file, isAlive)) return { uid, release: () => rm(file, { force: true }) };
  }
  throw new SandboxError(`no free sandbox uid in ${UID_BASE}..${UID_BASE + UID_SLOTS - 1} (leases in ${dir})`);
}

async function tryLease(file: string, isAlive: (pid: number) => boolean): Promise<boolean> {
  try {
    await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number(await readFile(file, 'utf8').catch(() => ''));
  if (owner && isAlive(owner)) return false;
  // A dead owner's lease: remove it and compete for the slot again like everyone else.
  await rm(file, { force: true });
  return writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 }).then(
    () => true,
    () => false,
  );
}

/** Removes the leases of dead owners; returns how many. */
export async function sweepUidLeases(dir: string, isAlive: (pid: number) => boolean): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const owner = Number(await readFile(path.join(dir, name), 'utf8').catch(() => ''));
    if (owner && isAlive(owner)) continue;
    await rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
