import { existsSync } from 'node:fs';
import { z } from 'zod';
import { describePolicy } from '../syscall-policy.js';
import { ENFORCEMENT_NAMES, type BackendCheck, type BackendName, type Enforcement, type EnforcementName } from '../types.js';
import { DOCKER_SOCKET, docker, engineOnThisHost, engineVersion } from './client.js';
import { SUPERVISOR_CAPS } from './container.js';
import { runtimeImageTag } from './image.js';
import { probeRuntime, seccompProblem, uidProblem, type ProbeResult } from './probe.js';
import { dockerRuntime, GVISOR, type DockerRuntime } from './runtime.js';
import { SANDBOX_UID } from './executor.js';
import { scratchInodes } from '../limits.js';
import { preferredQuotaMode, type QuotaMode } from './workspace.js';

/** The executor is given this long past the timeout before the harness restarts the container. */
export const BACKSTOP_MS = 15_000;

/** The parts of `GET /info` the check reads. */
const EngineInfoSchema = z.object({
  MemoryLimit: z.boolean(),
  SwapLimit: z.boolean(),
  PidsLimit: z.boolean(),
  CpuCfsQuota: z.boolean(),
  SecurityOptions: z.array(z.string()),
  Runtimes: z.record(z.string(), z.unknown()),
  CgroupVersion: z.string().optional(),
});
type EngineInfo = z.infer<typeof EngineInfoSchema>;

/** Shown when the probe's code ran under gVisor without the profile (Debian's runsc 0.0~20221219 applies it only partly). */
const GVISOR_SECCOMP =
  "gVisor did not apply the container's seccomp profile to the code; gVisor's user-space kernel serves the code's system calls instead. Fix: unset ARENA_DOCKER_RUNTIME (runc applies the profile), or accept gVisor's kernel with --allow-unenforced seccomp";

/** Whether the harness can read and signal containers' cgroups from the host (same host, root; not under gVisor). */
export function hostCgroupsUsable(runtime: DockerRuntime): boolean {
  return runtime !== GVISOR && engineOnThisHost() && process.getuid?.() === 0 && existsSync('/proc/self/cgroup');
}

const unavailableOf = (backend: BackendName, details: string[], problem: string, fix: string, enforcements: Enforcement[] = notChecked(problem)): BackendCheck => ({
  backend,
  ok: false,
  details,
  enforcements,
  problem,
  fix,
});

function notChecked(problem: string): Enforcement[] {
  return ENFORCEMENT_NAMES.map((name) => ({ name, enforced: false, detail: `not checked: ${problem}` }));
}

/**
 * Where a container backend keeps the public data, the inputs and the scratch filesystem, as
 * check() reports it: its lines of details and the two protections that depend on it.
 */
export interface StorageReport {
  /** The line about /data and the inputs, then the line about the scratch filesystem. */
  dataLine: string;
  scratchLine: string;
  workspaceQuota: Enforcement;
  scratchInodes: Enforcement;
}

/** The docker backend's storage: host directories, bind-mounted (workspace.ts, host-dirs.ts). */
function hostStorage(): StorageReport {
  const mode = preferredQuotaMode();
  return {
    dataLine: '/data: the public data from a neutral view under the sandboxes directory (hard links), read-only; no path of the checkout or of a task is mounted (declared inputs only, bind-mounted at their targets)',
    scratchLine: quotaLine(mode),
    ...scratchEnforcements(mode),
  };
}

/**
 * `arena sandbox check` for a container backend (docker by default): the engine, the image, a
 * probe of each runtime, and every protection.
 */
export async function checkDocker(backend: BackendName = 'docker', storageOf: () => StorageReport = hostStorage): Promise<BackendCheck> {
  const unavailable = (details: string[], problem: string, fix: string, enforcements?: Enforcement[]) => unavailableOf(backend, details, problem, fix, enforcements);
  let runtime: DockerRuntime;
  let storage: StorageReport;
  try {
    runtime = dockerRuntime();
    storage = storageOf();
  } catch (err) {
    return unavailable([], (err as Error).message, 'unset the variable, or set it to one of the values named');
  }
  const version = await engineVersion();
  if (!version) return unavailable([], `no Docker engine at ${DOCKER_SOCKET}`, 'apt-get install docker.io && scripts/docker-up.sh');
  const tag = runtimeImageTag();
  const image = await docker().getImage(tag).inspect().catch(() => undefined);
  const details = [`Docker engine ${version} at ${DOCKER_SOCKET}; runtime image ${tag}${image ? ` (${Math.round(image.Size / 1e6)} MB)` : ' NOT built'}`];
  if (!image) return unavailable(details, 'runtime image not built', 'arena sandbox build-image');
  const parsedInfo = EngineInfoSchema.safeParse(await docker().info());
  if (!parsedInfo.success) return unavailable(details, `the engine's GET /info is not as expected: ${parsedInfo.error.message}`, 'use the docker.io package of Debian 12 (Docker 20.10) or newer');
  const info = parsedInfo.data;

  const gvisorRegistered = GVISOR in info.Runtimes;
  const [probe, gvisorProbe] = await Promise.all([
    probeRuntime(tag, runtime),
    runtime !== GVISOR && gvisorRegistered ? probeRuntime(tag, GVISOR) : Promise.resolve(undefined),
  ]);
  details.push(runtimeLine(runtime, probe, gvisorRegistered ? (runtime === GVISOR ? probe : gvisorProbe) : undefined));
  const enforcements = enforcementsOf(info, probe, runtime, storage);
  if (!probe.ok) {
    return unavailable(details, `a probe container under ${runtime} failed: ${probe.error}`, runtime === GVISOR ? 'unset ARENA_DOCKER_RUNTIME (runc), or fix runsc (scripts/docker-up.sh registers it)' : 'scripts/docker-up.sh, then see the engine log', enforcements);
  }
  details.push(
    'one long-lived container per sandbox; network none (loopback only: no DNS, no host ports, no outside addresses; AF_VSOCK sockets denied), read-only root filesystem, /dev writable by no one but the supervisor, no POSIX message queues (RLIMIT_MSGQUEUE 0)',
    `code runs as uid ${SANDBOX_UID}:${SANDBOX_UID} without groups or capabilities; its supervisor (PID 1, the resident executor) is root with ${SUPERVISOR_CAPS.map((c) => `CAP_${c}`).join(', ')} only, no-new-privileges; environment: PATH, HOME, LANG, thread counts and spec.env only`,
    storage.dataLine,
    'memory limit for the whole container (cgroup memory, Memory = MemorySwap: no swap); an OOM kill is reported per execution and the container stays usable (restarted if its init was killed)',
    runtime === GVISOR ? "process-count limit: RLIMIT_NPROC inside gVisor's kernel (this sandbox's processes only): fork bombs stop at the limit" : 'process-count limit for the whole container (pids cgroup, PidsLimit): fork bombs stop at the limit',
    'core limit (CFS quota, NanoCpus = cpus x 1e9); CPU time measured for the whole container (cpuacct)',
    'CPU-time limit per process (RLIMIT_CPU, default timeout x cpus), file-size limit (RLIMIT_FSIZE = workspaceMb), no core dumps',
    `wall-clock timeout: the executor (PID 1) kills the command, then every other process (kill -1 with CAP_KILL), so nothing outlives an execution; the harness restarts the container if the executor has not reported ${BACKSTOP_MS / 1000} s after the timeout`,
    hostCgroupsUsable(runtime)
      ? "after every execution the harness also kills, from the host, whatever is left in the container's cgroup, and reads OOM kills there"
      : runtime === GVISOR
        ? "under gVisor the container's host cgroup holds gVisor's own processes: OOM kills, CPU time and the final kill come from the executor (out of the code's reach) and the container state"
        : 'host cgroups not visible to the harness: OOM kills, CPU time and the final kill come from the executor (out of the code\'s reach) and the container state',
    storage.scratchLine,
    'NOT enforced: disk I/O bandwidth; RLIMIT_CPU is per process (a multi-process program is bounded by timeout x cpus instead)',
  );
  return { backend, ok: true, details, enforcements };
}

function runtimeLine(runtime: DockerRuntime, probe: ProbeResult, gvisor: ProbeResult | undefined): string {
  const selected = runtime === GVISOR ? 'runtime gVisor (runsc, ARENA_DOCKER_RUNTIME=runsc)' : 'runtime runc';
  const tried = probe.ok ? `a probe container worked (${probe.ms} ms)` : `a probe container FAILED: ${probe.error}`;
  const gvisorNote =
    runtime === GVISOR
      ? ''
      : gvisor === undefined
        ? '; gVisor (runsc) is not registered with the engine (apt-get install runsc && scripts/docker-up.sh)'
        : gvisor.ok
          ? `; gVisor (runsc) works here too (probe ${gvisor.ms} ms): ARENA_DOCKER_RUNTIME=runsc to use it`
          : `; gVisor (runsc) is registered but does not work here: ${gvisor.error}`;
  return `${selected}: ${tried}${gvisorNote}`;
}

function quotaLine(mode: QuotaMode): string {
  switch (mode) {
    case 'ext4':
      return 'scratch: one loop-mounted ext4 image of workspaceMb per sandbox holds /workspace, /tmp and /dev/shm, so together they stop at workspaceMb (ENOSPC); the grader reads it in place';
    case 'tmpfs':
      return 'scratch: one size-limited tmpfs per sandbox holds /workspace, /tmp and /dev/shm, so together they stop at workspaceMb (ENOSPC); its pages count against the memory limit';
    case 'dir':
      return 'workspace size limit NOT enforced (mounting a filesystem needs root): a plain directory, only files over workspaceMb are refused (RLIMIT_FSIZE); /tmp and /dev/shm are engine tmpfs mounts of half of workspaceMb each';
  }
}

/** Every protection of ENFORCEMENT_NAMES, each with how it holds or why not and what would fix it. */
function enforcementsOf(info: EngineInfo, probe: ProbeResult, runtime: DockerRuntime, storage: StorageReport): Enforcement[] {
  const failed = probe.ok ? undefined : `the probe container under ${runtime} failed (${probe.error})`;
  const uid = failed ?? (probe.ok ? uidProblem(probe.report) : undefined);
  const seccompOff = info.SecurityOptions.some((o) => o.startsWith('name=seccomp')) ? undefined : 'the engine reports no seccomp support (SecurityOptions)';
  const seccomp = seccompOff ?? failed ?? (probe.ok ? seccompProblem(probe.report) : undefined);
  const byName: Record<EnforcementName, Enforcement> = {
    'unprivileged-uid': uid
      ? { name: 'unprivileged-uid', enforced: false, detail: `${uid}; fix: run the harness against a Docker engine that honours User, CapDrop/CapAdd and no-new-privileges` }
      : { name: 'unprivileged-uid', enforced: true, detail: `code runs as uid ${SANDBOX_UID} (never host uid 0) without capabilities; PID 1, the executor, runs as root with ${SUPERVISOR_CAPS.join('/')} only, so code cannot signal, trace or read them (checked by a probe container)` },
    seccomp: seccomp
      ? { name: 'seccomp', enforced: false, detail: `${seccomp}; ${runtime === GVISOR ? GVISOR_SECCOMP : 'fix: a Docker engine built with seccomp on a kernel with CONFIG_SECCOMP_FILTER'}` }
      : { name: 'seccomp', enforced: true, detail: `${describePolicy('Docker profile in SecurityOpt, replacing the engine default')}, also in the i386/x32 tables; checked by a probe container` },
    memory: info.MemoryLimit
      ? { name: 'memory', enforced: true, detail: `cgroup ${info.CgroupVersion ?? '1'} memory limit per container (HostConfig.Memory)${info.SwapLimit ? ', swap equal to it (none extra)' : '; the kernel has no swap accounting, so swap (if the host has any) is not bounded'}` }
      : { name: 'memory', enforced: false, detail: 'the engine reports no memory cgroup (MemoryLimit false); fix: enable the memory cgroup controller (cgroup_enable=memory)' },
    pids:
      runtime === GVISOR
        ? { name: 'pids', enforced: true, detail: "RLIMIT_NPROC for the code inside gVisor's own kernel, which counts this sandbox's processes alone (the host pids cgroup is not set: gVisor dies at it, see container.ts)" }
        : info.PidsLimit
          ? { name: 'pids', enforced: true, detail: 'pids cgroup per container (HostConfig.PidsLimit)' }
          : { name: 'pids', enforced: false, detail: 'the engine reports no pids cgroup (PidsLimit false); fix: a kernel with CONFIG_CGROUP_PIDS' },
    cpu: info.CpuCfsQuota
      ? { name: 'cpu', enforced: true, detail: 'CFS quota per container (HostConfig.NanoCpus = cpus x 1e9)' }
      : { name: 'cpu', enforced: false, detail: 'the engine reports no CFS quota (CpuCfsQuota false); fix: a kernel with CONFIG_CFS_BANDWIDTH' },
    'cpu-time': { name: 'cpu-time', enforced: true, detail: 'RLIMIT_CPU per process, set by the executor before the code starts (default timeout x cpus), and the wall-clock timeout for the whole process tree' },
    'workspace-quota': storage.workspaceQuota,
    'scratch-inodes': storage.scratchInodes,
  };
  return ENFORCEMENT_NAMES.map((name) => byName[name]);
}

/** workspace-quota and scratch-inodes of the docker backend's scratch filesystem in `mode`. */
function scratchEnforcements(mode: QuotaMode): Pick<StorageReport, 'workspaceQuota' | 'scratchInodes'> {
  const scratchFs = mode === 'ext4' ? 'one ext4 image per sandbox' : 'one tmpfs per sandbox';
  return {
    workspaceQuota:
      mode === 'dir'
        ? { name: 'workspace-quota', enforced: false, detail: 'dir mode: /workspace is a plain directory (only RLIMIT_FSIZE per file); fix: run the harness as root so it can mount a scratch filesystem (unset ARENA_DOCKER_WORKSPACE)' }
        : { name: 'workspace-quota', enforced: true, detail: `${scratchFs} of workspaceMb holds /workspace, /tmp and /dev/shm together (ENOSPC past it)` },
    scratchInodes:
      mode === 'dir'
        ? { name: 'scratch-inodes', enforced: false, detail: 'dir mode: /workspace is a plain directory of the host filesystem, no inode limit of its own (/tmp and /dev/shm are tmpfs with nr_inodes); fix: run the harness as root' }
        : {
            name: 'scratch-inodes',
            enforced: true,
            detail: `${mode === 'ext4' ? 'ext4 made with a fixed inode count (mkfs -N)' : 'tmpfs nr_inodes'}: ${scratchInodes(1024).toLocaleString('en')} inodes for 1 GiB (one per 16 KiB of quota, at least ${scratchInodes(0).toLocaleString('en')}), shared by /workspace, /tmp and /dev/shm`,
          },
  };
}
