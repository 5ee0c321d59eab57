import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { SANDBOX_PATHS, type SandboxSpec } from '../types.js';
import { INIT_CMD } from './wrapper.js';
import { SANDBOX_UID, type Workspace } from './workspace.js';

/** Labels on every sandbox container: what gc() goes by. */
export const LABELS = {
  arena: 'mle-arena',
  sandbox: 'mle-arena.sandbox',
  created: 'mle-arena.created',
  ownerPid: 'mle-arena.owner-pid',
  /** The owner's start time (clock ticks since boot), so a reused pid is not mistaken for the owner. */
  ownerStart: 'mle-arena.owner-start',
  /** The host directory of the sandbox (workspace mount and metadata), removed with the container. */
  root: 'mle-arena.root',
} as const;

/** /tmp inside the sandbox: half the workspace quota, 16 MiB to 1 GiB (it is memory, charged to the sandbox). */
export const tmpSizeMb = (spec: SandboxSpec) => Math.min(1024, Math.max(16, Math.floor(spec.limits.workspaceMb / 2)));

/** Start time of a process (field 22 of /proc/<pid>/stat), or undefined when it does not exist. */
export function ownerStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The only environment the code sees. */
function environment(spec: SandboxSpec): string[] {
  const threads = String(Math.max(1, Math.ceil(spec.limits.cpus)));
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: SANDBOX_PATHS.workspace,
    LANG: 'C.UTF-8',
    OMP_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    ...spec.env,
  };
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** The container of one sandbox: every limit the engine can enforce is set here. */
export function containerConfig(id: string, spec: SandboxSpec, workspace: Workspace, image: string): Docker.ContainerCreateOptions {
  const mib = 1024 * 1024;
  const mounts: Docker.MountSettings[] = [{ Type: 'bind', Source: workspace.dir, Target: SANDBOX_PATHS.workspace, ReadOnly: false }];
  if (spec.publicDir) mounts.push({ Type: 'bind', Source: spec.publicDir, Target: SANDBOX_PATHS.data, ReadOnly: true });
  for (const m of spec.mounts ?? []) mounts.push({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly });
  return {
    name: `mle-arena-${id}`,
    Image: image,
    Cmd: INIT_CMD,
    User: `${SANDBOX_UID}:${SANDBOX_UID}`,
    WorkingDir: SANDBOX_PATHS.workspace,
    Env: environment(spec),
    Hostname: 'sandbox',
    Labels: {
      [LABELS.arena]: '1',
      [LABELS.sandbox]: spec.name,
      [LABELS.created]: new Date().toISOString(),
      [LABELS.ownerPid]: String(process.pid),
      [LABELS.ownerStart]: ownerStartTime(process.pid) ?? '',
      [LABELS.root]: workspace.root,
    },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Mounts: mounts,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${tmpSizeMb(spec)}m,mode=1777` },
      ShmSize: 64 * mib,
      IpcMode: 'private',
      Memory: spec.limits.memoryMb * mib,
      // Equal to Memory: no swap, so the limit is the limit.
      MemorySwap: spec.limits.memoryMb * mib,
      NanoCpus: Math.round(spec.limits.cpus * 1e9),
      PidsLimit: spec.limits.pids,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}
