import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { SANDBOX_PATHS, type SandboxSpec } from '../types.js';
import { GVISOR, runtimeOption, type DockerRuntime } from './runtime.js';
import { seccompSecurityOpt } from './seccomp-profile.js';
import { EXECUTOR_CMD } from './executor.js';
import { tmpfsOptions, type Workspace } from './workspace.js';

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
  /** On a container created ahead of being asked for (create.ts's warm pool). */
  warm: 'mle-arena.warm',
} as const;

/**
 * The container's user is root, but with no capabilities except the three its supervisor (PID 1,
 * the executor, executor.ts) needs: SETUID and SETGID to start the code as SANDBOX_UID,
 * KILL to end all of it. The code runs under that other uid with no capabilities at all, so it
 * cannot signal, trace or read the memory of its supervisor; no-new-privileges keeps it from
 * gaining any back through set-uid files.
 */
export const SUPERVISOR_CAPS = ['SETUID', 'SETGID', 'KILL'];

/** What every container of the backend gets, sandboxes and check()'s probe alike. */
export function hardening(runtime: DockerRuntime): Docker.HostConfig {
  return {
    ...runtimeOption(runtime),
    NetworkMode: 'none',
    ReadonlyRootfs: true,
    // No IPC mount of the engine's own: /dev/shm is the scratch filesystem's shm/, inside the quota.
    IpcMode: 'none',
    CapDrop: ['ALL'],
    CapAdd: SUPERVISOR_CAPS,
    SecurityOpt: ['no-new-privileges', seccompSecurityOpt()],
    LogConfig: { Type: 'none', Config: {} },
  };
}

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

/**
 * The pids cgroup bounds the code's processes under runc. Under gVisor its ptrace platform runs
 * several host processes per sandboxed one and the whole sandbox dies when the cgroup refuses one,
 * so there the limit is RLIMIT_NPROC inside gVisor's own kernel (executor.ts) instead.
 */
export function pidsLimit(pids: number, runtime: DockerRuntime): { PidsLimit?: number } {
  return runtime === GVISOR ? {} : { PidsLimit: pids };
}

/**
 * The mounts of a sandbox: the scratch filesystem's three directories (or, in dir mode, the
 * workspace directory and engine tmpfs mounts), the public data from its neutral view, the spec's
 * inputs bind-mounted as declared.
 */
function mountsOf(spec: SandboxSpec, workspace: Workspace, publicView: string | undefined): Pick<Docker.HostConfig, 'Mounts' | 'Tmpfs'> {
  const bind = (Source: string, Target: string, ReadOnly = false): Docker.MountSettings => ({ Type: 'bind', Source, Target, ReadOnly });
  const mounts = [bind(workspace.dir, SANDBOX_PATHS.workspace)];
  let tmpfs: Record<string, string> | undefined;
  if (workspace.meta.quota === 'dir') tmpfs = { '/tmp': tmpfsOptions(spec.limits.workspaceMb), '/dev/shm': tmpfsOptions(spec.limits.workspaceMb) };
  else mounts.push(bind(workspace.tmpDir, '/tmp'), bind(workspace.shmDir, '/dev/shm'));
  if (publicView) mounts.push(bind(publicView, SANDBOX_PATHS.data, true));
  for (const m of spec.inputs ?? []) mounts.push(bind(m.source, m.target, m.readOnly));
  return { Mounts: mounts, ...(tmpfs ? { Tmpfs: tmpfs } : {}) };
}

/**
 * The executor's channel is PID 1's stdio (executor-channel.ts). StdinOnce: the engine closes the
 * container's stdin when the harness's attach ends, so the executor reads EOF and exits, and with it
 * every process of the container: a harness killed outright (SIGKILL) leaves stopped containers for
 * gc, never running ones, warm or in use. A restart attaches anew before starting the container.
 */
export const EXECUTOR_STDIO = { OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false } as const;

/** The container of one sandbox whose workspace is a host directory (Workspace) and whose public data is a host view. */
export function containerConfig(id: string, spec: SandboxSpec, workspace: Workspace, publicView: string | undefined, image: string, runtime: DockerRuntime): Docker.ContainerCreateOptions {
  return sandboxContainerConfig(id, spec, image, runtime, mountsOf(spec, workspace, publicView), { [LABELS.root]: workspace.root });
}

/**
 * The container of one sandbox, with the given mounts: every limit the engine can enforce is set
 * here. `labels` add to the ones gc() goes by.
 */
export function sandboxContainerConfig(
  id: string,
  spec: SandboxSpec,
  image: string,
  runtime: DockerRuntime,
  mounts: Pick<Docker.HostConfig, 'Mounts' | 'Tmpfs'>,
  labels: Record<string, string> = {},
): Docker.ContainerCreateOptions {
  const mib = 1024 * 1024;
  return {
    name: `mle-arena-${id}`,
    Image: image,
    Cmd: EXECUTOR_CMD,
    ...EXECUTOR_STDIO,
    User: '0:0',
    WorkingDir: SANDBOX_PATHS.workspace,
    Env: environment(spec),
    Hostname: 'sandbox',
    Labels: {
      [LABELS.arena]: '1',
      [LABELS.sandbox]: spec.name,
      [LABELS.created]: new Date().toISOString(),
      [LABELS.ownerPid]: String(process.pid),
      [LABELS.ownerStart]: ownerStartTime(process.pid) ?? '',
      ...labels,
    },
    HostConfig: {
      ...hardening(runtime),
      ...mounts,
      Memory: spec.limits.memoryMb * mib,
      // Equal to Memory: no swap, so the limit is the limit.
      MemorySwap: spec.limits.memoryMb * mib,
      NanoCpus: Math.round(spec.limits.cpus * 1e9),
      ...pidsLimit(spec.limits.pids, runtime),
      // No core dumps; no POSIX message queues (/dev/mqueue is the one writable place outside the
      // scratch filesystem, and RLIMIT_MSGQUEUE bounds it per host uid, not per sandbox).
      Ulimits: [
        { Name: 'core', Soft: 0, Hard: 0 },
        { Name: 'msgqueue', Soft: 0, Hard: 0 },
      ],
      RestartPolicy: { Name: 'no' },
    },
  };
}
