import { scratchInodes } from '../limits.js';
import { execFile } from 'node:child_process';
import { chown, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureOwnedDir } from '../host-dirs.js';
import type { SandboxInput } from '../types.js';

const run = promisify(execFile);

/**
 * Host-side state of the local backend, under one directory the harness owns (checked: a
 * directory planted by another user is refused):
 *   boxes/<id>/meta.json        who owns the sandbox (for gc)
 *   boxes/<id>/scratch/         one size- and inode-limited tmpfs: workspace/, tmp/ and shm/,
 *                               so /workspace, /tmp and /dev/shm together stay within the quota
 *   boxes/<id>/mnt/<n>/         the spec's inputs, bind-mounted here so the sandbox's
 *                               unprivileged uid can reach them whatever the parents' modes
 *   views/                      neutral views of public data (host-dirs.ts)
 *   uids/                       uid leases (host-uid.ts)
 */
export function sandboxesRoot(): string {
  return path.resolve(process.env.ARENA_SANDBOX_DIR ?? path.join(os.tmpdir(), 'mle-arena-sandboxes'));
}
export const boxesDir = () => path.join(sandboxesRoot(), 'boxes');
export const viewsDir = () => path.join(sandboxesRoot(), 'views');
export const uidsDir = () => path.join(sandboxesRoot(), 'uids');

export async function ensureSandboxDirs(): Promise<void> {
  for (const dir of [sandboxesRoot(), boxesDir(), viewsDir(), uidsDir()]) await ensureOwnedDir(dir);
}


export interface WorkspaceMeta {
  id: string;
  name: string;
  ownerPid: number;
  createdAt: string;
  /** How the size limit is enforced: a size-limited tmpfs, or not at all. */
  quota: 'tmpfs' | 'none';
  uid: number;
}

export class Workspace {
  private constructor(
    readonly root: string,
    readonly meta: WorkspaceMeta,
    /** Host paths to bind at each input's target, in spec order. */
    readonly inputSources: string[],
  ) {}

  get scratch(): string {
    return path.join(this.root, 'scratch');
  }

  get dir(): string {
    return path.join(this.scratch, 'workspace');
  }

  get tmpDir(): string {
    return path.join(this.scratch, 'tmp');
  }

  get shmDir(): string {
    return path.join(this.scratch, 'shm');
  }

  static async create(id: string, name: string, sizeMb: number, uid: number, inputs: readonly SandboxInput[]): Promise<Workspace> {
    await ensureSandboxDirs();
    const root = path.join(boxesDir(), id);
    await mkdir(root, { mode: 0o711 });
    const meta: WorkspaceMeta = { id, name, ownerPid: process.pid, createdAt: new Date().toISOString(), quota: 'tmpfs', uid };
    await writeFile(path.join(root, 'meta.json'), JSON.stringify(meta));
    const ws = new Workspace(root, meta, []);
    try {
      await mkdir(ws.scratch, { mode: 0o755 });
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,nr_inodes=${scratchInodes(sizeMb)},mode=0755,nosuid,nodev`, 'mle-arena-scratch', ws.scratch]);
      } else meta.quota = 'none';
      for (const d of [ws.dir, ws.tmpDir, ws.shmDir]) {
        await mkdir(d, { mode: 0o700 });
        if (asRoot) await chown(d, uid, uid);
      }
      for (const [i, m] of inputs.entries()) {
        if (!asRoot) {
          ws.inputSources.push(m.source);
          continue;
        }
        const staged = path.join(root, 'mnt', String(i));
        await mkdir(staged, { recursive: true, mode: 0o755 });
        await run('mount', ['--bind', m.source, staged]);
        ws.inputSources.push(staged);
      }
      await writeFile(path.join(root, 'meta.json'), JSON.stringify(meta));
      return ws;
    } catch (err) {
      await unmountAndRemove(root);
      throw err;
    }
  }

  async destroy(): Promise<void> {
    await unmountAndRemove(this.root);
  }

  /** Sandboxes whose owning process is gone: left by a crashed run. */
  static async orphans(isAlive: (pid: number) => boolean): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(boxesDir()).catch(() => [] as string[])) {
      const meta = await readFile(path.join(boxesDir(), entry, 'meta.json'), 'utf8')
        .then((t) => JSON.parse(t) as WorkspaceMeta)
        .catch(() => null);
      const root = path.join(boxesDir(), entry);
      // Without (readable) metadata it may be a sandbox another process is creating right now: only an old one is an orphan.
      const orphan = meta ? !isAlive(meta.ownerPid) : Date.now() - (await stat(root).then((s) => s.mtimeMs, () => 0)) >= UNCLAIMED_GRACE_MS;
      if (orphan) out.push(root);
    }
    return out;
  }

  static async removeDir(dir: string): Promise<void> {
    await unmountAndRemove(dir);
  }
}

/** How long a box without metadata is left alone: its creator may be between mkdir and writing meta.json. */
export const UNCLAIMED_GRACE_MS = 10 * 60_000;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mount points at or below `root`, deepest first. */
async function mountsUnder(root: string): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const points = text
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((p) => p === root || p.startsWith(root + '/'));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

async function unmountAndRemove(root: string): Promise<void> {
  for (const point of await mountsUnder(root)) {
    await run('umount', [point]).catch(() => run('umount', ['-l', point]).catch(() => undefined));
  }
  // Never recurse into something still mounted (a staged mount is the user's data).
  if ((await mountsUnder(root)).length > 0) throw new Error(`cannot unmount everything under ${root}`);
  await rm(root, { recursive: true, force: true });
}
