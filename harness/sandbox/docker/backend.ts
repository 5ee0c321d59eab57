import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lchown } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type ExecOptions, type ExecResult, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, resolveInWorkspace, writeWorkspaceFile } from '../workspace-files.js';
import { DOCKER_SOCKET, docker, engineVersion, statusOf } from './client.js';
import { dockerExec } from './exec.js';
import { runtimeImageTag } from './image.js';
import { HostCgroup } from './cgroup.js';
import { containerConfig } from './container.js';
import { gcDocker } from './gc.js';
import { parseStatus, STATUS_MARKER, wrapperArgv } from './wrapper.js';
import { preferredQuotaMode, SANDBOX_UID, Workspace, type QuotaMode } from './workspace.js';

/** Longer Python sources go to the wrapper through stdin: one argument may hold at most 128 KiB. */
const MAX_INLINE_CODE = 96 * 1024;
/** Runs a script the wrapper wrote to /tmp, as `-c` would: __main__, sys.path[0] = cwd. */
const SCRIPT_LOADER = "import sys; exec(compile(open(sys.argv.pop(), 'rb').read(), '<string>', 'exec'))";
/** The wrapper enforces the timeout; the harness steps in only if it is still waiting this much later. */
const BACKSTOP_MS = 15_000;

class DockerSandbox implements Sandbox {
  readonly backend = 'docker' as const;
  private destroyed = false;
  /** One operation at a time: the wrapper's kill-everything-after is only right if nothing else runs. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The container's cgroups on the host, when visible; found again after each restart (new init pid). */
  private cgroup: HostCgroup | undefined;

  constructor(
    readonly id: string,
    private readonly container: Docker.Container,
    private readonly spec: SandboxSpec,
    private readonly workspace: Workspace,
  ) {}

  get workspaceHostPath(): string {
    return this.workspace.dir;
  }

  async attachCgroup(): Promise<void> {
    const info = await this.container.inspect().catch(() => undefined);
    this.cgroup = await HostCgroup.find(info?.State.Pid ?? 0);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (argv.length === 0) return Promise.reject(new SandboxError('exec needs a command'));
    return this.serial(() => this.run(argv, options));
  }

  runPython(code: string, options: ExecOptions): Promise<ExecResult> {
    const source = Buffer.from(code, 'utf8');
    if (source.length <= MAX_INLINE_CODE && !code.includes('\0')) return this.exec([SANDBOX_PATHS.python, '-c', code], options);
    return this.serial(() => this.run([SANDBOX_PATHS.python, '-c', SCRIPT_LOADER], options, source));
  }

  private async run(argv: string[], options: ExecOptions, script?: Buffer): Promise<ExecResult> {
    const { limits } = this.spec;
    const command = wrapperArgv(argv, {
      timeoutSec: options.timeoutSec,
      cpuTimeSec: options.cpuTimeSec ?? options.timeoutSec * limits.cpus,
      maxFileBytes: limits.workspaceMb * 1024 * 1024,
      scriptBytes: script?.length ?? 0,
    });
    const stdin = Buffer.concat([script ?? Buffer.alloc(0), Buffer.from(options.stdin ?? '', 'utf8')]);
    const oomBefore = await this.cgroup?.oomKills();
    const cpuBefore = await this.cgroup?.cpuNs();
    const started = performance.now();
    const attempt = () =>
      dockerExec(this.container, command, {
        stdin,
        outputLimit: options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT,
        deadlineMs: options.timeoutSec * 1000 + BACKSTOP_MS,
        onDeadline: () => this.restart(),
      });
    let raw;
    try {
      raw = await attempt();
    } catch (err) {
      // 409: the container is not running (its init was OOM-killed, or the engine restarted).
      if (statusOf(err) !== 409) throw new SandboxError(`docker exec failed in sandbox ${this.id}: ${(err as Error).message}`);
      await this.restart();
      raw = await attempt().catch((e: Error) => {
        throw new SandboxError(`docker exec failed in sandbox ${this.id} after a restart: ${e.message}`);
      });
    }
    const wallMs = performance.now() - started;
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed during the execution`);
    // Read from the host, out of the code's reach (undefined when the host's cgroups are not visible).
    const hostOom = this.hostDelta(oomBefore, await this.cgroup?.oomKills());
    const hostCpuNs = this.hostDelta(cpuBefore, await this.cgroup?.cpuNs());
    const stdout = raw.stdout.finish();
    const stderr = raw.stderr.finish(STATUS_MARKER);
    // A status line only counts if the wrapper itself exited normally after writing it: code that
    // killed the wrapper could have printed a forged one.
    const status = stderr.trailer !== undefined && (raw.exitCode === 0 || raw.exitCode === null) ? parseStatus(stderr.trailer) : undefined;
    const base = { stdout: stdout.text, stderr: stderr.text, stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated, wallMs };
    if (status) {
      // The wrapper killed everything; make sure from outside, in case the code tampered with it.
      if (this.cgroup && !(await this.cgroup.killOthers())) await this.restart();
      return {
        ...base,
        exitCode: status.timedOut ? null : status.exitCode,
        signal: status.timedOut ? 'SIGKILL' : status.signal,
        // The wrapper's reading starts after docker's own exec setup (runc runs ~0.1 s of CPU in the
        // container's cgroup per exec), so it is the code's; the host's includes that setup.
        cpuMs: status.cpuNs / 1e6,
        timedOut: status.timedOut,
        oomKilled: (hostOom ?? 0) > 0 || status.oomKills > 0,
      };
    }
    // The wrapper did not finish: the backstop restarted the container, the kernel killed the
    // container's init (OOM), or the code killed the wrapper. Leave nothing running either way.
    const initKilledByOom = await this.recover();
    return { ...base, exitCode: null, signal: 'SIGKILL', cpuMs: (hostCpuNs ?? 0) / 1e6, timedOut: raw.deadlineHit, oomKilled: initKilledByOom || (hostOom ?? 0) > 0 };
  }

  private hostDelta(before: number | undefined, after: number | undefined): number | undefined {
    return before === undefined || after === undefined ? undefined : Math.max(0, after - before);
  }

  /** Makes the container usable again after an execution that did not end cleanly; returns whether it was an OOM kill. */
  private async recover(): Promise<boolean> {
    const info = await this.container.inspect().catch(() => undefined);
    if (!info?.State.Running) {
      await this.restart();
      return Boolean(info?.State.OOMKilled);
    }
    if (this.cgroup) {
      if (!(await this.cgroup.killOthers())) await this.restart();
      return false;
    }
    const cleanup = await dockerExec(this.container, ['/bin/sh', '-c', 'kill -KILL -1 2>/dev/null; exit 0'], { outputLimit: 1024, deadlineMs: 10_000, onDeadline: () => this.restart() }).catch(() => undefined);
    if (!cleanup || cleanup.exitCode !== 0) await this.restart();
    return false;
  }

  /** Kills every process of the container and starts it again; /workspace (a host mount) survives. */
  private async restart(): Promise<void> {
    await this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    await this.container.wait({ condition: 'not-running' }).catch(() => undefined);
    await this.container.start().catch((err: Error) => {
      if (statusOf(err) !== 304) throw new SandboxError(`could not restart sandbox ${this.id}: ${err.message}`);
    });
    await this.attachCgroup();
  }

  readFile(relativePath: string): Promise<Buffer> {
    return this.serial(() => readWorkspaceFile(this.workspace.dir, relativePath));
  }

  writeFile(relativePath: string, data: string | Buffer): Promise<void> {
    return this.serial(async () => {
      await writeWorkspaceFile(this.workspace.dir, relativePath, data);
      // Written by the harness (root), the file and new directories must still be the code's to change.
      if (process.getuid?.() === 0) {
        const parts = path.normalize(relativePath).split(path.sep).filter(Boolean);
        for (let i = 1; i <= parts.length; i++) {
          const full = await resolveInWorkspace(this.workspace.dir, parts.slice(0, i).join(path.sep));
          await lchown(full, SANDBOX_UID, SANDBOX_UID);
        }
      }
    });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    // Not queued: destroying must also end an execution that is still running.
    await this.container.remove({ force: true, v: true }).catch((err: unknown) => {
      if (statusOf(err) !== 404) throw new SandboxError(`could not remove container of sandbox ${this.id}: ${(err as Error).message}`);
    });
    await this.workspace.destroy();
  }
}

function newId(spec: SandboxSpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'sandbox';
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

/** Whether the harness can read and signal containers' cgroups from the host (same host, root). */
function hostCgroupsVisible(): boolean {
  return process.getuid?.() === 0 && existsSync('/proc/self/cgroup');
}

function quotaDetail(mode: QuotaMode): string {
  switch (mode) {
    case 'ext4':
      return 'workspace size limit: /workspace is a loop-mounted ext4 image of workspaceMb on the host (bind-mounted), writes past it fail with ENOSPC; the grader reads it in place';
    case 'tmpfs':
      return 'workspace size limit: /workspace is a size-limited tmpfs on the host (bind-mounted), writes past it fail with ENOSPC; its contents count against the memory limit';
    case 'dir':
      return 'workspace size limit NOT enforced (mounting a filesystem needs root): a plain directory, only files over workspaceMb are refused (RLIMIT_FSIZE)';
  }
}

export const dockerBackend: SandboxBackend = {
  name: 'docker',

  async check(): Promise<BackendCheck> {
    const version = await engineVersion();
    if (!version) return { backend: 'docker', ok: false, details: [], problem: `no Docker engine at ${DOCKER_SOCKET}`, fix: 'apt-get install docker.io && scripts/docker-up.sh' };
    const tag = runtimeImageTag();
    const image = await docker().getImage(tag).inspect().catch(() => undefined);
    const details = [`Docker engine ${version} at ${DOCKER_SOCKET}; runtime image ${tag}${image ? ` (${Math.round(image.Size / 1e6)} MB)` : ' NOT built'}`];
    if (!image) return { backend: 'docker', ok: false, details, problem: 'runtime image not built', fix: 'arena sandbox build-image' };
    details.push(
      'one long-lived container per sandbox; network none (loopback only: no DNS, no host ports, no outside addresses), read-only root filesystem',
      'code runs as uid 65534 with all capabilities dropped and no-new-privileges; environment: PATH, HOME, LANG, thread counts and spec.env only',
      '/data: the public data, a read-only bind mount; nothing else of the host is mounted (spec.mounts only, as given)',
      'memory limit for the whole container (cgroup memory, Memory = MemorySwap: no swap); an OOM kill is reported per execution (oom_kill counter of the container\'s memory cgroup) and the container stays usable (restarted if its init was killed)',
      'process-count limit for the whole container (pids cgroup, PidsLimit): fork bombs stop at the limit',
      'core limit (CFS quota, NanoCpus = cpus x 1e9); CPU time measured for the whole container (cpuacct)',
      'CPU-time limit per process (RLIMIT_CPU, default timeout x cpus), file-size limit (RLIMIT_FSIZE = workspaceMb), no core dumps',
      `wall-clock timeout: an in-container wrapper kills the command, then every process but init (kill -1), so nothing outlives an execution; the harness restarts the container if the wrapper is still running ${BACKSTOP_MS / 1000} s after the timeout`,
      hostCgroupsVisible()
        ? 'after every execution the harness also kills, from the host, whatever is left in the container\'s cgroup, and reads OOM kills there (out of the code\'s reach)'
        : 'host cgroups not visible to the harness: OOM kills, CPU time and the final kill rely on the in-container wrapper (code that tampers with it is caught by the restart backstop only)',
      quotaDetail(preferredQuotaMode()),
      '/tmp: a private tmpfs of workspaceMb/2 (16 MiB to 1 GiB), memory charged to the container',
      'NOT enforced: disk I/O bandwidth; RLIMIT_CPU is per process (a multi-process program is bounded by timeout x cpus instead)',
    );
    return { backend: 'docker', ok: true, details };
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (spec.publicDir !== undefined && !existsSync(spec.publicDir)) throw new SandboxError(`public data directory ${spec.publicDir} does not exist`);
    for (const m of spec.mounts ?? []) {
      if (!path.isAbsolute(m.target)) throw new SandboxError(`mount target ${m.target} is not an absolute path`);
      if (!existsSync(m.source)) throw new SandboxError(`mount source ${m.source} does not exist`);
    }
    const id = newId(spec);
    const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb).catch((err: Error) => {
      throw new SandboxError(`could not create the workspace of sandbox ${id}: ${err.message}`);
    });
    let container: Docker.Container | undefined;
    try {
      container = await docker().createContainer(containerConfig(id, spec, workspace, runtimeImageTag()));
      await container.start();
      const sandbox = new DockerSandbox(id, container, spec, workspace);
      await sandbox.attachCgroup();
      return sandbox;
    } catch (err) {
      await container?.remove({ force: true }).catch(() => undefined);
      await workspace.destroy().catch(() => undefined);
      if (err instanceof SandboxError) throw err;
      const missing = statusOf(err) === 404 ? ` (runtime image ${runtimeImageTag()} not built: run \`arena sandbox build-image\`)` : '';
      throw new SandboxError(`could not create sandbox ${id}${missing}: ${(err as Error).message}`);
    }
  },

  gc(): Promise<number> {
    return gcDocker();
  },
};
