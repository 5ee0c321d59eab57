import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { publicView } from '../host-dirs.js';
import { recordHostLocation } from '../host-location.js';
import { DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type ExecOptions, type ExecResult, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';
import { docker, statusOf } from './client.js';
import { runtimeImageTag } from './image.js';
import { HostCgroup } from './cgroup.js';
import { BACKSTOP_MS, checkDocker, hostCgroupsUsable } from './check.js';
import { containerConfig } from './container.js';
import { gcDocker } from './gc.js';
import { dockerRuntime, GVISOR, type DockerRuntime } from './runtime.js';
import { SANDBOX_UID } from './executor.js';
import { ExecutorChannel } from './executor-channel.js';
import { viewsDir, Workspace } from './workspace.js';
import { SerialQueue } from '../serial-queue.js';

/** Longer Python sources go to the executor as a script: one argument may hold at most 128 KiB. */
const MAX_INLINE_CODE = 96 * 1024;
/** Runs a script the executor put in a memfd (its fd number is the last argument), as `-c` would: __main__, sys.path[0] = cwd. */
const SCRIPT_LOADER = "import sys; exec(compile(open(int(sys.argv.pop()), 'rb').read(), '<string>', 'exec'))";

class DockerSandbox implements Sandbox {
  readonly backend = 'docker' as const;
  private destroyed = false;
  /** One operation at a time: the executor's kill-everything-after is only right if nothing else runs. */
  private readonly queue = new SerialQueue();
  /** The container's cgroups on the host, when visible; found again after each restart (new init pid). */
  private cgroup: HostCgroup | undefined;

  constructor(
    readonly id: string,
    private readonly container: Docker.Container,
    private readonly spec: SandboxSpec,
    private readonly workspace: Workspace,
    /** The runtime the container was created under (ARENA_DOCKER_RUNTIME then). */
    private readonly runtime: DockerRuntime,
    /** The executor's channel; replaced when the container restarts. */
    private channel: ExecutorChannel,
  ) {}

  async attachCgroup(): Promise<void> {
    if (!hostCgroupsUsable(this.runtime)) return;
    const info = await this.container.inspect().catch(() => undefined);
    this.cgroup = await HostCgroup.find(info?.State.Pid ?? 0);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(() => {
      if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
      return fn();
    });
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
    const request = {
      argv,
      timeout: options.timeoutSec,
      cpu: Math.max(1, Math.ceil(options.cpuTimeSec ?? options.timeoutSec * limits.cpus)),
      fsize: limits.workspaceMb * 1024 * 1024,
      nproc: this.runtime === GVISOR ? limits.pids : 0,
      limit: options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT,
    };
    const oomBefore = await this.cgroup?.oomKills();
    const cpuBefore = await this.cgroup?.cpuNs();
    const started = performance.now();
    // A channel that ended (the container stopped since: OOM-killed executor, engine restart) is renewed first.
    if (!this.channel.isOpen) await this.restart();
    const channel = this.channel;
    let deadlineHit = false;
    const backstop = setTimeout(() => {
      deadlineHit = true;
      void this.restart().catch(() => undefined);
    }, options.timeoutSec * 1000 + BACKSTOP_MS);
    const raw = await channel.execute(request, script ?? Buffer.alloc(0), Buffer.from(options.stdin ?? '', 'utf8')).finally(() => clearTimeout(backstop));
    const wallMs = performance.now() - started;
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed during the execution`);
    // Read from the host, out of the code's reach (undefined when the host's cgroups are not visible).
    const hostOom = this.hostDelta(oomBefore, await this.cgroup?.oomKills());
    const hostCpuNs = this.hostDelta(cpuBefore, await this.cgroup?.cpuNs());
    const { status } = raw;
    if (status?.kind === 'setup') throw new SandboxError(`sandbox ${this.id} could not start the code: ${status.reason}`);
    const base = { stdout: raw.stdout.text, stderr: raw.stderr.text, stdoutTruncated: raw.stdout.truncated, stderrTruncated: raw.stderr.truncated, wallMs };
    if (status) {
      // The executor killed everything; make sure from outside too (defence in depth).
      if (this.cgroup && !(await this.cgroup.killOthers())) await this.restart();
      return {
        ...base,
        exitCode: status.timedOut ? null : status.exitCode,
        signal: status.signal ?? (status.timedOut ? 'SIGKILL' : null),
        // The executor's reading covers what ran of the code (and its own fork), nothing else.
        cpuMs: status.cpuNs / 1e6,
        timedOut: status.timedOut,
        oomKilled: (hostOom ?? 0) > 0 || status.oomKills > 0,
      };
    }
    // No status: the backstop restarted the container, or the kernel killed the executor (OOM),
    // which stops the container. Start it again, leaving nothing of the code running.
    const containerOomKilled = deadlineHit ? false : await this.restart();
    return { ...base, exitCode: null, signal: 'SIGKILL', cpuMs: (hostCpuNs ?? 0) / 1e6, timedOut: deadlineHit, oomKilled: containerOomKilled || (hostOom ?? 0) > 0 };
  }

  private hostDelta(before: number | undefined, after: number | undefined): number | undefined {
    return before === undefined || after === undefined ? undefined : Math.max(0, after - before);
  }

  /**
   * Kills every process of the container and starts it again; the scratch filesystem (a host
   * mount) survives. Returns whether the container had been OOM-killed before that.
   */
  private restart(): Promise<boolean> {
    // The backstop and a failed execution may both ask at once: one restart serves both.
    this.restarting ??= this.restartOnce().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private restarting: Promise<boolean> | undefined;

  private async restartOnce(): Promise<boolean> {
    this.channel.close();
    await this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    await this.container.wait({ condition: 'not-running' }).catch(() => undefined);
    // Read once the engine has reaped the container: only then is an OOM kill recorded.
    const stopped = await this.container.inspect().catch(() => undefined);
    this.channel = await ExecutorChannel.start(this.container).catch((err: Error) => {
      throw new SandboxError(`could not restart sandbox ${this.id}: ${err.message}`);
    });
    await this.attachCgroup();
    return Boolean(stopped?.State.OOMKilled);
  }

  readFile(relativePath: string, options?: { maxBytes?: number }): Promise<Buffer> {
    return this.serial(() => readWorkspaceFile(this.workspace.dir, relativePath, options?.maxBytes));
  }

  writeFile(relativePath: string, data: string | Buffer, options: { exclusive?: boolean } = {}): Promise<void> {
    // Written by the harness (root), the file and new directories must still be the code's to change.
    return this.serial(() => writeWorkspaceFile(this.workspace.dir, relativePath, data, { ...options, owner: process.getuid?.() === 0 ? SANDBOX_UID : undefined }));
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.channel.close();
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

export const dockerBackend: SandboxBackend = {
  name: 'docker',

  check(): Promise<BackendCheck> {
    return checkDocker();
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (spec.publicDir !== undefined && !existsSync(spec.publicDir)) throw new SandboxError(`public data directory ${spec.publicDir} does not exist`);
    for (const m of spec.inputs ?? []) {
      if (!path.isAbsolute(m.target)) throw new SandboxError(`input target ${m.target} is not an absolute path`);
      if (!existsSync(m.source)) throw new SandboxError(`input source ${m.source} does not exist`);
    }
    let runtime: DockerRuntime;
    try {
      runtime = dockerRuntime();
    } catch (err) {
      throw new SandboxError((err as Error).message);
    }
    const id = newId(spec);
    const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb).catch((err: Error) => {
      throw new SandboxError(`could not create the workspace of sandbox ${id}: ${err.message}`);
    });
    let container: Docker.Container | undefined;
    try {
      const view = spec.publicDir === undefined ? undefined : await publicView(viewsDir(), spec.publicDir);
      container = await docker().createContainer(containerConfig(id, spec, workspace, view, runtimeImageTag(), runtime));
      const sandbox = new DockerSandbox(id, container, spec, workspace, runtime, await ExecutorChannel.start(container));
      await sandbox.attachCgroup();
      recordHostLocation(sandbox, async () => workspace.dir);
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
