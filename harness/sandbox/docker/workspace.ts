import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, chmod, mkdir, open, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The uid:gid code runs as inside the containers (Debian's nobody:nogroup). */
export const SANDBOX_UID = 65534;

/**
 * How /workspace's size limit is enforced. Docker bind mounts have no quota, so the host directory
 * behind /workspace is itself a size-limited filesystem, mounted by the harness (needs root):
 *  - ext4: a sparse file formatted ext4 and loop-mounted: real disk, not charged to the sandbox's
 *    memory; writes past the size fail with ENOSPC.
 *  - tmpfs: a size-limited tmpfs: ENOSPC past the size, but its pages are memory charged to the
 *    container's memory limit.
 *  - dir: a plain directory; only the per-file size limit (RLIMIT_FSIZE) applies.
 * The grader reads submissions straight from this host directory; no copying.
 */
export type QuotaMode = 'ext4' | 'tmpfs' | 'dir';

export interface WorkspaceMeta {
  id: string;
  name: string;
  ownerPid: number;
  createdAt: string;
  quota: QuotaMode;
}

/** Per-sandbox directories: ARENA_SANDBOX_DIR, else <tmpdir>/mle-arena-docker. */
export function sandboxesRoot(): string {
  return path.resolve(process.env.ARENA_SANDBOX_DIR ?? path.join(os.tmpdir(), 'mle-arena-docker'));
}

function requestedMode(): QuotaMode | undefined {
  const m = process.env.ARENA_DOCKER_WORKSPACE;
  return m === 'ext4' || m === 'tmpfs' || m === 'dir' ? m : undefined;
}

/** The mode create() will use here: ext4 when root with mkfs.ext4 and loop devices, else tmpfs as root, else dir. */
export function preferredQuotaMode(): QuotaMode {
  const requested = requestedMode();
  if (requested) return requested;
  if (process.getuid?.() !== 0) return 'dir';
  return existsSync('/sbin/mkfs.ext4') && existsSync('/dev/loop-control') ? 'ext4' : 'tmpfs';
}

export class Workspace {
  private constructor(
    readonly root: string,
    readonly meta: WorkspaceMeta,
  ) {}

  /** The host directory mounted at /workspace. */
  get dir(): string {
    return path.join(this.root, 'workspace');
  }

  static async create(id: string, name: string, sizeMb: number): Promise<Workspace> {
    const root = path.join(sandboxesRoot(), id);
    await mkdir(sandboxesRoot(), { recursive: true, mode: 0o711 });
    await mkdir(root, { mode: 0o711 });
    const ws = new Workspace(root, { id, name, ownerPid: process.pid, createdAt: new Date().toISOString(), quota: preferredQuotaMode() });
    await writeFile(path.join(root, 'meta.json'), JSON.stringify(ws.meta));
    await mkdir(ws.dir, { mode: 0o755 });
    try {
      ws.meta.quota = await ws.mount(sizeMb);
      await writeFile(path.join(root, 'meta.json'), JSON.stringify(ws.meta));
      return ws;
    } catch (err) {
      await Workspace.removeDir(root);
      throw err;
    }
  }

  /** Mounts the quota'd filesystem on the workspace dir, falling back ext4 → tmpfs → dir. */
  private async mount(sizeMb: number): Promise<QuotaMode> {
    const mode = this.meta.quota;
    if (mode === 'ext4') {
      try {
        await this.mountExt4(sizeMb);
        return 'ext4';
      } catch (err) {
        if (requestedMode() === 'ext4') throw err;
      }
    }
    if (mode === 'ext4' || mode === 'tmpfs') {
      try {
        await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,uid=${SANDBOX_UID},gid=${SANDBOX_UID},mode=0755,nosuid,nodev`, 'tmpfs', this.dir]);
        return 'tmpfs';
      } catch (err) {
        if (requestedMode() === 'tmpfs') throw err;
      }
    }
    if (process.getuid?.() === 0) await chown(this.dir, SANDBOX_UID, SANDBOX_UID);
    else await chmod(this.dir, 0o777);
    return 'dir';
  }

  private async mountExt4(sizeMb: number): Promise<void> {
    const image = path.join(this.root, 'workspace.ext4');
    const handle = await open(image, 'w', 0o600);
    await handle.truncate(sizeMb * 1024 * 1024);
    await handle.close();
    // No journal and no reserved blocks: every block is the code's; the root dir belongs to it.
    await run('/sbin/mkfs.ext4', ['-q', '-F', '-m', '0', '-O', '^has_journal', '-E', `root_owner=${SANDBOX_UID}:${SANDBOX_UID},lazy_itable_init=1,nodiscard`, image]);
    await run('mount', ['-o', 'loop,nosuid,nodev,noatime', image, this.dir]);
    // lost+found would only puzzle the code; e2fsck recreates it when it needs it.
    await rmdir(path.join(this.dir, 'lost+found')).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await Workspace.removeDir(this.root);
  }

  /** Unmounts (the loop device is freed with it) and deletes a sandbox's directory. */
  static async removeDir(root: string): Promise<void> {
    const dir = path.join(root, 'workspace');
    if (await isMountPoint(dir)) {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]).catch(() => undefined));
    }
    if (await isMountPoint(dir)) throw new Error(`cannot unmount ${dir}`);
    await rm(root, { recursive: true, force: true });
  }

  /** Sandbox dirs under the root, with their metadata when readable. */
  static async list(): Promise<Array<{ root: string; meta?: WorkspaceMeta }>> {
    const entries = await readdir(sandboxesRoot()).catch(() => [] as string[]);
    const out: Array<{ root: string; meta?: WorkspaceMeta }> = [];
    for (const id of entries) {
      const root = path.join(sandboxesRoot(), id);
      const meta = await readFile(path.join(root, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as WorkspaceMeta, () => undefined);
      out.push({ root, meta });
    }
    return out;
  }
}

async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return mounts.split('\n').some((line) => line.split(' ')[4] === dir);
}
