import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where sandboxes keep their host-side state. Override with ARENA_SANDBOX_DIR. */
export function sandboxesRoot(): string {
  return path.resolve(process.env.ARENA_SANDBOX_DIR ?? path.join(os.tmpdir(), 'mle-arena-sandboxes'));
}

export interface WorkspaceMeta {
  id: string;
  name: string;
  ownerPid: number;
  createdAt: string;
  /** How the size limit is enforced: a size-limited tmpfs, or not at all. */
  quota: 'tmpfs' | 'none';
}

/**
 * A sandbox's writable workspace. It is a tmpfs mounted with `size=`, which gives the
 * workspace a hard size quota and persists across executions; without the right to mount,
 * it is a plain directory and the quota is not enforced (reported by `arena sandbox check`).
 */
export class Workspace {
  private constructor(
    readonly root: string,
    readonly meta: WorkspaceMeta,
  ) {}

  get dir(): string {
    return path.join(this.root, 'workspace');
  }

  /** `owner`: the uid/gid that must own the workspace (a container's unprivileged user). */
  static async create(id: string, name: string, sizeMb: number, owner?: number): Promise<Workspace> {
    const root = path.join(sandboxesRoot(), id);
    const dir = path.join(root, 'workspace');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let quota: WorkspaceMeta['quota'] = 'tmpfs';
    const ownership = owner === undefined ? '' : `,uid=${owner},gid=${owner}`;
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755,nosuid,nodev${ownership}`, 'mle-arena-ws', dir]);
    } catch {
      quota = 'none';
      if (owner !== undefined) await chown(dir, owner, owner);
    }
    const meta: WorkspaceMeta = { id, name, ownerPid: process.pid, createdAt: new Date().toISOString(), quota };
    await writeFile(path.join(root, 'meta.json'), JSON.stringify(meta));
    return new Workspace(root, meta);
  }

  async destroy(): Promise<void> {
    await unmountAndRemove(this.root);
  }

  /** Workspaces whose owning process is gone: left by a crashed run. */
  static async orphans(): Promise<string[]> {
    const root = sandboxesRoot();
    if (!existsSync(root)) return [];
    const out: string[] = [];
    for (const entry of await readdir(root)) {
      const meta = await readFile(path.join(root, entry, 'meta.json'), 'utf8')
        .then((t) => JSON.parse(t) as WorkspaceMeta)
        .catch(() => null);
      if (!meta || !isAlive(meta.ownerPid)) out.push(path.join(root, entry));
    }
    return out;
  }

  static async removeDir(dir: string): Promise<void> {
    await unmountAndRemove(dir);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function unmountAndRemove(root: string): Promise<void> {
  const dir = path.join(root, 'workspace');
  await run('umount', ['-l', dir]).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
}
