import type Docker from 'dockerode';
import { DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SerialQueue } from '../serial-queue.js';
import { SANDBOX_PATHS, SandboxError, type BackendName, type ExecOptions, type ExecResult, type Sandbox, type SandboxSpec } from '../types.js';
import { HostCgroup } from './cgroup.js';
import { BACKSTOP_MS, hostCgroupsUsable } from './check.js';
import { statusOf } from './client.js';
import { ExecutorChannel } from './executor-channel.js';
import { GVISOR, type DockerRuntime } from './runtime.js';

/** Longer Python sources go to the executor as a script: one argument may hold at most 128 KiB. */
const MAX_INLINE_CODE = 96 * 1024;
/** Runs a script the executor put in a memfd (its fd number is the last argument), as `-c` would: __main__, sys.path[0] = cwd. */
const SCRIPT_LOADER = "import sys; exec(compile(open(int(sys.argv.pop()), 'rb').read(), '<string>', 'exec'))";

/**
 * A sandbox that is one container with the resident executor as PID 1 (executor.ts): executions,
 * their limits, timeouts, OOM reports and restarts. How its workspace files are read and written,
 * and what goes with the container when it is destroyed, is the backend's (docker: a host
 * directory; docker-copy: through the container).
 */
export abstract class ContainerSandbox implements Sandbox {
  abstract readonly backend: BackendName;
  private destroyed = false;
  /** One operation at a time: the executor's kill-everything-after is only right if nothing else runs. */
  private readonly queue = new SerialQueue();
  /** The container's cgroups on the host, when visible; found again after each restart (new init pid). */
  private cgroup: HostCgroup | undefined;

  constructor(
    readonly id: string,
    protected readonly container: Docker.Container,
    protected readonly spec: SandboxSpec,
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

  /** One execution, not queued: a subclass calls it only from inside readWorkspace/writeWorkspace (queued already). */
  protected async run(argv: string[], options: ExecOptions, script?: Buffer): Promise<ExecResult> {
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
   * Kills every process of the container and starts it again (what of its files survives is the
   * backend's). Returns whether the container had been OOM-killed before that.
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
    return this.serial(() => this.readWorkspace(relativePath, options?.maxBytes));
  }

  writeFile(relativePath: string, data: string | Buffer, options: { exclusive?: boolean } = {}): Promise<void> {
    return this.serial(() => this.writeWorkspace(relativePath, data, options));
  }

  /** Reads a workspace file with the contract's guarantees (types.ts); runs between executions. */
  protected abstract readWorkspace(relativePath: string, maxBytes: number | undefined): Promise<Buffer>;
  protected abstract writeWorkspace(relativePath: string, data: string | Buffer, options: { exclusive?: boolean }): Promise<void>;

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.channel.close();
    // Not queued: destroying must also end an execution that is still running.
    try {
      await this.beforeRemove();
    } finally {
      await this.container.remove({ force: true, v: true }).catch((err: unknown) => {
        if (statusOf(err) !== 404) throw new SandboxError(`could not remove container of sandbox ${this.id}: ${(err as Error).message}`);
      });
      await this.afterRemove();
    }
  }

  /** Before the container is removed (every execution may still be running: kill first if it matters). */
  protected async beforeRemove(): Promise<void> {}
  /** After the container is removed: the backend's own state of the sandbox. */
  protected abstract afterRemove(): Promise<void>;
}
