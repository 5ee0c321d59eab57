import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * cgroup v1 groups for one sandbox: memory (limit, OOM counter), pids (process count),
 * cpu (CFS quota for the core count) and cpuacct (CPU time used). Every process of the sandbox is
 * placed in all of them, so the limits bind the whole process tree and killing "everything in the
 * pids group" is exact.
 */
const ROOT = process.env.ARENA_CGROUP_ROOT ?? '/sys/fs/cgroup';
const PARENT = 'mle-arena';
const CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct'] as const;
type Controller = (typeof CONTROLLERS)[number];
/**
 * The parent cpu group's weight. All local sandboxes share the one `mle-arena` group, which
 * the CFS scheduler weighs as one task against every busy host process: at the default 1024 a
 * sandbox gets less CPU than a plain subprocess under load (measured: +2 busy, overhead 27–28 ms
 * at 1024, 18–20 ms at 20480). Each sandbox keeps its own CFS quota, so no code can exceed its
 * core limit with it; it only stops the sandboxes as a whole from being starved.
 */
export const PARENT_CPU_SHARES = 20480;
let sharesWritten = false;

export interface CgroupLimits {
  memoryMb: number;
  pids: number;
  cpus: number;
}

/** Which controllers this process may create groups in; the rest cannot be enforced here. */
export function usableControllers(): Controller[] {
  return CONTROLLERS.filter((c) => {
    const dir = path.join(ROOT, c);
    if (!existsSync(path.join(dir, 'cgroup.procs'))) return false;
    try {
      mkdirSync(path.join(dir, PARENT), { recursive: true });
      if (c === 'cpu' && !sharesWritten) {
        sharesWritten = true;
        try {
          writeFileSync(path.join(dir, PARENT, 'cpu.shares'), String(PARENT_CPU_SHARES));
        } catch {
          // the quota per sandbox still holds; only the parent's weight stays as it was
        }
      }
      return true;
    } catch {
      return false;
    }
  });
}

export class SandboxCgroup {
  private constructor(
    readonly id: string,
    readonly controllers: Controller[],
  ) {}

  /** Group names carry the owning process's pid, so a sweep never touches a live run's groups. */
  private dir(c: Controller): string {
    return path.join(ROOT, c, PARENT, this.id);
  }

  static nameFor(sandboxId: string): string {
    return `p${process.pid}-${sandboxId}`;
  }

  static async create(sandboxId: string, limits: CgroupLimits): Promise<SandboxCgroup> {
    const group = new SandboxCgroup(SandboxCgroup.nameFor(sandboxId), usableControllers());
    for (const c of group.controllers) await mkdir(group.dir(c), { recursive: true });
    const set = async (c: Controller, file: string, value: string | number) => {
      if (group.controllers.includes(c)) await writeFile(path.join(group.dir(c), file), String(value));
    };
    const bytes = limits.memoryMb * 1024 * 1024;
    await set('memory', 'memory.limit_in_bytes', bytes);
    if (existsSync(path.join(group.dir('memory'), 'memory.memsw.limit_in_bytes'))) await set('memory', 'memory.memsw.limit_in_bytes', bytes);
    await set('pids', 'pids.max', limits.pids);
    await set('cpu', 'cpu.cfs_period_us', 100_000);
    await set('cpu', 'cpu.cfs_quota_us', Math.max(1000, Math.round(limits.cpus * 100_000)));
    return group;
  }

  /** The `cgroup.procs` files a new process writes its pid into to join every group. */
  procsFiles(): string[] {
    return this.controllers.map((c) => path.join(this.dir(c), 'cgroup.procs'));
  }

  has(c: Controller): boolean {
    return this.controllers.includes(c);
  }

  async cpuNanos(): Promise<number> {
    if (!this.has('cpuacct')) return 0;
    return Number((await readFile(path.join(this.dir('cpuacct'), 'cpuacct.usage'), 'utf8')).trim());
  }

  /** How many processes the kernel has OOM-killed in this group so far. */
  async oomKills(): Promise<number> {
    if (!this.has('memory')) return 0;
    const text = await readFile(path.join(this.dir('memory'), 'memory.oom_control'), 'utf8');
    return Number(/oom_kill (\d+)/.exec(text)?.[1] ?? 0);
  }

  async pids(): Promise<number[]> {
    const c = this.controllers.find((x) => x === 'pids' || x === 'memory');
    if (!c) return [];
    const text = await readFile(path.join(this.dir(c), 'cgroup.procs'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map(Number);
  }

  /**
   * SIGKILLs every process in the group until none is left (forks racing the kill included),
   * but `spare`: the sandbox's resident starter (zygote.ts), which belongs to the harness.
   */
  async killAll(spare?: number): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const pids = (await this.pids()).filter((p) => p !== spare);
      if (pids.length === 0) return;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async destroy(): Promise<void> {
    await this.killAll();
    for (const c of this.controllers) await rmdirRetry(this.dir(c));
  }

  /** Removes the groups whose owning process is gone (a crashed run); returns how many. */
  static async sweepOrphans(isAlive: (pid: number) => boolean): Promise<number> {
    let removed = 0;
    for (const name of await SandboxCgroup.listIds()) {
      const owner = Number(/^p(\d+)-/.exec(name)?.[1]);
      if (owner && isAlive(owner)) continue;
      await new SandboxCgroup(name, usableControllers()).destroy();
      removed++;
    }
    return removed;
  }

  static async listIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const c of CONTROLLERS) {
      const entries = await readdir(path.join(ROOT, c, PARENT), { withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isDirectory()) ids.add(e.name);
    }
    return [...ids];
  }
}

/** A cgroup can only be removed once its last process is fully gone, which lags the kill a little. */
async function rmdirRetry(dir: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
