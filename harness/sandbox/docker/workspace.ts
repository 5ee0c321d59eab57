import { scratchInodes } from '../limits.js';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, open, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ensureOwnedDir } from '../host-dirs.js';
import { SANDBOX_UID } from './executor.js';

const run = promisify(execFile);

/**
 * Host-side state of the Docker backend, under one directory the harness owns (checked: a
 * directory planted by another user is refused):
 *   boxes/<id>/meta.json      who owns the sandbox (for gc)
 *   boxes/<id>/scratch.ext4   the image of the scratch filesystem (ext4 mode)
 *   boxes/<id>/scratch/       ONE size- and inode-limited filesystem per sandbox holding workspace/,
 *                             tmp/ and shm/, bind-mounted at /workspace, /tmp and /dev/shm: the
 *                             three together never exceed the quota
 *   views/                    neutral views of public data (host-dirs.ts), bound at /data
 * Bind sources inside one loop-mounted or tmpfs filesystem show up in the container's
 * /proc/self/mountinfo as `/workspace`, `/tmp`, `/shm` (their paths inside that filesystem), and
 * the views as paths under this directory: never a path of the checkout or of a task.
 */
export function sandboxesRoot(): string {
  const shared = process.env.ARENA_SANDBOX_DIR;
  return path.resolve(shared ? path.join(shared, 'docker') : path.join(os.tmpdir(), 'mle-arena-docker'));
}
export const boxesDir = () => path.join(sandboxesRoot(), 'boxes');
export const viewsDir = () => path.join(sandboxesRoot(), 'views');

/** Creates the state directories, refusing ones another user could have planted or can write to. */
export async function ensureSandboxDirs(): Promise<void> {
  const shared = process.env.ARENA_SANDBOX_DIR;
  for (const dir of [...(shared ? [path.resolve(shared)] : []), sandboxesRoot(), boxesDir(), viewsDir()]) await ensureOwnedDir(dir);
}

/**
 * How the scratch filesystem's limits are enforced. Docker bind mounts have no quota, so the host
 * directory behind them is itself a size-limited filesystem, mounted by the harness (needs root):
 *  - ext4: a sparse file formatted ext4 (fixed inode count, SCRATCH_INODES) and loop-mounted: real
 *    disk, not charged to the sandbox's memory; writes past the size fail with ENOSPC.
 *  - tmpfs: a tmpfs with size= and nr_inodes=: ENOSPC past either, but its pages are memory
 *    charged to the container's memory limit.
 *  - dir: plain directories: /workspace has only the per-file size limit (RLIMIT_FSIZE); /tmp and
 *    /dev/shm are then engine tmpfs mounts of their own (tmpfsOptions).
 * The harness reads and writes workspace files in that host directory (workspace-files.ts).
 */
export type QuotaMode = 'ext4' | 'tmpfs' | 'dir';
const QuotaModeSchema = z.enum(['ext4', 'tmpfs', 'dir']);


/** Engine tmpfs options for /tmp and /dev/shm in dir mode: half the quota each (16 MiB to 1 GiB), inode-limited too. */
export function tmpfsOptions(workspaceMb: number): string {
  const sizeMb = Math.min(1024, Math.max(16, Math.floor(workspaceMb / 2)));
  return `rw,nosuid,nodev,size=${sizeMb}m,nr_inodes=${scratchInodes(sizeMb)},mode=1777`;
}

const WorkspaceMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerPid: z.number().int(),
  createdAt: z.string(),
  quota: QuotaModeSchema,
});
export type WorkspaceMeta = z.infer<typeof WorkspaceMetaSchema>;

function requestedMode(): QuotaMode | undefined {
  const value = process.env.ARENA_DOCKER_WORKSPACE;
  if (value === undefined || value === '') return undefined;
  const parsed = QuotaModeSchema.safeParse(value);
  if (!parsed.success) throw new Error(`ARENA_DOCKER_WORKSPACE="${value}": expected one of ${QuotaModeSchema.options.join(', ')}`);
  return parsed.data;
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

  /** The mount point of the scratch filesystem. */
  get scratch(): string {
    return path.join(this.root, 'scratch');
  }

  /** The host directory mounted at /workspace. */
  get dir(): string {
    return path.join(this.scratch, 'workspace');
  }

  /** Host directories mounted at /tmp and /dev/shm (not in dir mode, where they are engine tmpfs mounts). */
  get tmpDir(): string {
    return path.join(this.scratch, 'tmp');
  }

  get shmDir(): string {
    return path.join(this.scratch, 'shm');
  }

  static async create(id: string, name: string, sizeMb: number): Promise<Workspace> {
    await ensureSandboxDirs();
    const root = path.join(boxesDir(), id);
    await mkdir(root, { mode: 0o711 });
    const ws = new Workspace(root, { id, name, ownerPid: process.pid, createdAt: new Date().toISOString(), quota: preferredQuotaMode() });
    await writeFile(path.join(root, 'meta.json'), JSON.stringify(ws.meta));
    await mkdir(ws.scratch, { mode: 0o755 });
    try {
      ws.meta.quota = await ws.mount(sizeMb);
      await writeFile(path.join(root, 'meta.json'), JSON.stringify(ws.meta));
      await ws.layout();
      return ws;
    } catch (err) {
      await Workspace.removeDir(root);
      throw err;
    }
  }

  /** Mounts the scratch filesystem, falling back ext4 → tmpfs → dir unless a mode was requested. */
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
        await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,nr_inodes=${scratchInodes(sizeMb)},mode=0755,nosuid,nodev`, 'tmpfs', this.scratch]);
        return 'tmpfs';
      } catch (err) {
        if (requestedMode() === 'tmpfs') throw err;
      }
    }
    return 'dir';
  }

  private async mountExt4(sizeMb: number): Promise<void> {
    const image = path.join(this.root, 'scratch.ext4');
    const handle = await open(image, 'w', 0o600);
    await handle.truncate(sizeMb * 1024 * 1024);
    await handle.close();
    // No journal and no reserved blocks: every block is the code's; a fixed number of inodes.
    await run('/sbin/mkfs.ext4', ['-q', '-F', '-m', '0', '-O', '^has_journal', '-N', String(scratchInodes(sizeMb)), '-E', 'lazy_itable_init=1,nodiscard', image]);
    await run('mount', ['-o', 'loop,nosuid,nodev,noatime', image, this.scratch]);
    // lost+found would only puzzle the code (it never sees it; e2fsck recreates it when needed).
    await rmdir(path.join(this.scratch, 'lost+found')).catch(() => undefined);
  }

  /** workspace/ belongs to the code; tmp/ and shm/ are world-writable and sticky, as on any system. */
  private async layout(): Promise<void> {
    await mkdir(this.dir, { mode: 0o755 });
    if (process.getuid?.() === 0) await chown(this.dir, SANDBOX_UID, SANDBOX_UID);
    else await chmod(this.dir, 0o777);
    if (this.meta.quota === 'dir') return;
    for (const dir of [this.tmpDir, this.shmDir]) {
      await mkdir(dir);
      await chmod(dir, 0o1777);
    }
  }

  async destroy(): Promise<void> {
    await Workspace.removeDir(this.root);
  }

  /** Unmounts (the loop device is freed with it) and deletes a sandbox's directory. */
  static async removeDir(root: string): Promise<void> {
    const scratch = path.join(root, 'scratch');
    if (await isMountPoint(scratch)) {
      await run('umount', [scratch]).catch(() => run('umount', ['-l', scratch]).catch(() => undefined));
    }
    if (await isMountPoint(scratch)) throw new Error(`cannot unmount ${scratch}`);
    await rm(root, { recursive: true, force: true });
  }

  /** The same, synchronously (at process exit). */
  static removeDirSync(root: string): void {
    const scratch = path.join(root, 'scratch');
    if (isMountPointSync(scratch)) {
      for (const args of [[scratch], ['-l', scratch]]) if (spawnSync('umount', args, { stdio: 'ignore' }).status === 0) break;
    }
    if (!isMountPointSync(scratch)) rmSync(root, { recursive: true, force: true });
  }

  /** Sandbox dirs under boxes/, with their metadata when readable and well-formed. */
  static async list(): Promise<Array<{ root: string; meta?: WorkspaceMeta }>> {
    const entries = await readdir(boxesDir()).catch(() => [] as string[]);
    const out: Array<{ root: string; meta?: WorkspaceMeta }> = [];
    for (const id of entries) {
      const root = path.join(boxesDir(), id);
      const text = await readFile(path.join(root, 'meta.json'), 'utf8').catch(() => undefined);
      const parsed = text === undefined ? undefined : WorkspaceMetaSchema.safeParse(safeJson(text));
      out.push({ root, meta: parsed?.success ? parsed.data : undefined });
    }
    return out;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const mountedAt = (mountinfo: string, dir: string) => mountinfo.split('\n').some((line) => line.split(' ')[4] === dir);

async function isMountPoint(dir: string): Promise<boolean> {
  return mountedAt(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''), dir);
}

function isMountPointSync(dir: string): boolean {
  try {
    return mountedAt(readFileSync('/proc/self/mountinfo', 'utf8'), dir);
  } catch {
    return false;
  }
}
