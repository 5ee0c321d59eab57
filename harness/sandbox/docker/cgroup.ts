import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CGROUP_ROOT = process.env.ARENA_CGROUP_ROOT ?? '/sys/fs/cgroup';

/**
 * A container's cgroups seen from the host, when the harness runs beside the engine with access
 * to them (the usual case: bind mounts need the same host anyway). The in-container executor
 * measures the same counters out of the code's reach (another uid); these readings and kills are
 * a second line from outside the container, and the only one when the executor itself was
 * OOM-killed. Not used under gVisor, whose own processes share the container's cgroup. Found through
 * /proc/<init pid>/cgroup, so it works with the cgroupfs and systemd drivers, v1 and v2.
 */
export class HostCgroup {
  private constructor(
    private readonly memory: string,
    private readonly cpu: string,
    private readonly procsDir: string,
    private readonly v2: boolean,
    /** Host pid of the container's init, the one process allowed to outlive an execution. */
    readonly initPid: number,
  ) {}

  static async find(initPid: number): Promise<HostCgroup | undefined> {
    if (!initPid) return undefined;
    const text = await readFile(`/proc/${initPid}/cgroup`, 'utf8').catch(() => '');
    const v1 = new Map<string, string>();
    let unified: string | undefined;
    for (const line of text.split('\n')) {
      const [, controllers, rel] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
      if (controllers === undefined || rel === undefined) continue;
      if (controllers === '') unified = path.join(CGROUP_ROOT, rel);
      else for (const c of controllers.split(',')) v1.set(c, path.join(CGROUP_ROOT, controllers, rel));
    }
    const memory = v1.get('memory');
    const cpu = v1.get('cpuacct');
    const pids = v1.get('pids');
    if (memory && cpu && pids && [memory, cpu, pids].every((d) => existsSync(d))) return new HostCgroup(memory, cpu, pids, false, initPid);
    if (unified && existsSync(path.join(unified, 'memory.events'))) return new HostCgroup(unified, unified, unified, true, initPid);
    return undefined;
  }

  /** OOM kills in the container so far. */
  async oomKills(): Promise<number | undefined> {
    return field(path.join(this.memory, this.v2 ? 'memory.events' : 'memory.oom_control'), 'oom_kill');
  }

  /** CPU time used by the container so far, ns. */
  async cpuNs(): Promise<number | undefined> {
    if (this.v2) {
      const usec = await field(path.join(this.cpu, 'cpu.stat'), 'usage_usec');
      return usec === undefined ? undefined : usec * 1000;
    }
    const text = await readFile(path.join(this.cpu, 'cpuacct.usage'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : Number(text.trim());
  }

  /** Host pids of the container's processes other than its init. */
  async others(): Promise<number[]> {
    const text = await readFile(path.join(this.procsDir, 'cgroup.procs'), 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== this.initPid);
  }

  /**
   * Kills every process of the container but its init, from the host, until none is left.
   * Returns false when that is not possible (not root) or does not finish: the caller must then
   * restart the container.
   */
  async killOthers(): Promise<boolean> {
    for (let round = 0; round < 200; round++) {
      const pids = await this.others();
      if (pids.length === 0) return true;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EPERM') return false;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }
}

async function field(file: string, key: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const m = text === undefined ? null : new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}
