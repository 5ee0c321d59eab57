import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { sandboxEnv } from '../local/bwrap-args.js';
import { isAlive, Workspace } from '../local/workspace.js';
import { CappedOutput, DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type ExecOptions, type ExecResult, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';
import { docker } from './client.js';
import { runtimeImageExists, runtimeImageTag } from './image.js';

/** The unprivileged user code runs as inside containers. */
const SANDBOX_UID = 65534;
const LABEL = 'mle-arena';
const CGROUP_ROOT = process.env.ARENA_CGROUP_ROOT ?? '/sys/fs/cgroup';

/** Reads one counter of the container's cgroup v1 groups (cgroupfs driver); 0 when unavailable. */
async function cgroupValue(containerId: string, controller: string, file: string, pick: (text: string) => number): Promise<number> {
  try {
    return pick(await readFile(`${CGROUP_ROOT}/${controller}/docker/${containerId}/${file}`, 'utf8'));
  } catch {
    return 0;
  }
}
const oomKills = (id: string) => cgroupValue(id, 'memory', 'memory.oom_control', (t) => Number(/oom_kill (\d+)/.exec(t)?.[1] ?? 0));
const cpuNanos = (id: string) => cgroupValue(id, 'cpuacct', 'cpuacct.usage', (t) => Number(t.trim()));

class DockerSandbox implements Sandbox {
  readonly backend = 'docker' as const;
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly container: Docker.Container,
    private readonly spec: SandboxSpec,
    private readonly workspace: Workspace,
  ) {}

  get workspaceHostPath(): string {
    return this.workspace.dir;
  }

  /** Runs one command in the container and collects its output, capped. */
  private async run(argv: string[], limit: number, stdin?: string): Promise<{ exitCode: number | null; stdout: CappedOutput; stderr: CappedOutput }> {
    const exec = await this.container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: stdin !== undefined, WorkingDir: SANDBOX_PATHS.workspace, User: `${SANDBOX_UID}:${SANDBOX_UID}` });
    const stream = await exec.start({ hijack: true, stdin: stdin !== undefined });
    const stdout = new CappedOutput(limit);
    const stderr = new CappedOutput(limit);
    const out = new PassThrough();
    const err = new PassThrough();
    stdout.attach(out);
    stderr.attach(err);
    this.container.modem.demuxStream(stream, out, err);
    if (stdin !== undefined) stream.end(stdin);
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode, stdout, stderr };
  }

  /** Kills every process of the container but its init: what an execution left behind. */
  private async killStragglers(): Promise<void> {
    await this.run(['/bin/kill', '-9', '-1'], 1024).catch(() => undefined);
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
    const limit = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT;
    const cpuSec = Math.max(1, Math.ceil(options.cpuTimeSec ?? options.timeoutSec * this.spec.limits.cpus));
    const fsize = this.spec.limits.workspaceMb * 1024 * 1024;
    // timeout(1) kills the command; `kill -9 -1` afterwards ends anything it left running.
    const wrapped = ['/usr/bin/timeout', '-s', 'KILL', String(Math.ceil(options.timeoutSec)), '/usr/bin/prlimit', `--cpu=${cpuSec}`, `--fsize=${fsize}`, '--core=0', '--', ...argv];
    const oomBefore = await oomKills(this.container.id);
    const cpuBefore = await cpuNanos(this.container.id);
    const started = performance.now();
    let timedOut = false;
    const backstop = setTimeout(() => {
      timedOut = true;
      void this.killStragglers();
    }, (options.timeoutSec + 10) * 1000);
    let result;
    try {
      result = await this.run(wrapped, limit, options.stdin);
    } catch (err) {
      throw new SandboxError(`docker exec failed in ${this.id}: ${(err as Error).message}`);
    } finally {
      clearTimeout(backstop);
    }
    const wallMs = performance.now() - started;
    await this.killStragglers();
    // timeout(1) exits 137 after its SIGKILL once the limit has passed.
    if (result.exitCode === 137 && wallMs >= options.timeoutSec * 1000) timedOut = true;
    const oomKilled = (await oomKills(this.container.id)) > oomBefore;
    await this.ensureRunning();
    return {
      exitCode: result.exitCode === 137 ? null : result.exitCode,
      signal: result.exitCode === 137 ? 'SIGKILL' : null,
      stdout: result.stdout.text(),
      stderr: result.stderr.text(),
      stdoutTruncated: result.stdout.truncated,
      stderrTruncated: result.stderr.truncated,
      wallMs,
      cpuMs: ((await cpuNanos(this.container.id)) - cpuBefore) / 1e6,
      timedOut,
      oomKilled,
    };
  }

  /** The memory limit covers the container's init too: if the OOM killer took it, start it again (the workspace is on the host). */
  private async ensureRunning(): Promise<void> {
    const state = await this.container.inspect();
    if (!state.State.Running) await this.container.start();
  }

  runPython(code: string, options: ExecOptions): Promise<ExecResult> {
    return this.exec([SANDBOX_PATHS.python, '-c', code], options);
  }

  readFile(relativePath: string): Promise<Buffer> {
    return readWorkspaceFile(this.workspace.dir, relativePath);
  }

  writeFile(relativePath: string, data: string | Buffer): Promise<void> {
    return writeWorkspaceFile(this.workspace.dir, relativePath, data);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.container.remove({ force: true }).catch(() => undefined);
    await this.workspace.destroy();
  }
}

export const dockerBackend: SandboxBackend = {
  name: 'docker',

  async check(): Promise<BackendCheck> {
    const details: string[] = [];
    try {
      await docker().ping();
    } catch (err) {
      return { backend: 'docker', ok: false, details, problem: `no Docker engine at /var/run/docker.sock (${(err as Error).message})`, fix: 'apt-get install docker.io && scripts/docker-up.sh' };
    }
    const tag = runtimeImageTag();
    if (!(await runtimeImageExists(tag))) {
      return { backend: 'docker', ok: false, details, problem: `runtime image ${tag} not built`, fix: 'arena sandbox build-image' };
    }
    details.push(
      `image ${tag} (Debian packages, built offline)`,
      'network none, read-only root, uid 65534, all capabilities dropped, no-new-privileges',
      'memory, pids and CPU limits on the container (cgroups), OOM kills detected',
      'workspace: a size-limited tmpfs on the host, bind-mounted; /tmp a size-limited tmpfs',
      'per execution: wall-clock timeout (SIGKILL), RLIMIT_CPU, RLIMIT_FSIZE; processes left behind are killed',
    );
    return { backend: 'docker', ok: true, details };
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const id = `${spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
    const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb, SANDBOX_UID);
    const binds = [`${workspace.dir}:${SANDBOX_PATHS.workspace}:rw`];
    if (spec.publicDir) binds.push(`${spec.publicDir}:${SANDBOX_PATHS.data}:ro`);
    for (const m of spec.mounts ?? []) binds.push(`${m.source}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`);
    const bytes = spec.limits.memoryMb * 1024 * 1024;
    try {
      const container = await docker().createContainer({
        name: `mle-arena-${id}`,
        Image: runtimeImageTag(),
        Cmd: ['/bin/sleep', 'infinity'],
        User: `${SANDBOX_UID}:${SANDBOX_UID}`,
        WorkingDir: SANDBOX_PATHS.workspace,
        Env: Object.entries(sandboxEnv(spec)).map(([k, v]) => `${k}=${v}`),
        Labels: { [LABEL]: '1', [`${LABEL}.sandbox`]: spec.name, [`${LABEL}.owner-pid`]: String(process.pid), [`${LABEL}.created`]: new Date().toISOString() },
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          ReadonlyRootfs: true,
          Binds: binds,
          Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${Math.min(1024, Math.max(16, Math.floor(spec.limits.workspaceMb / 2)))}m,mode=1777` },
          Memory: bytes,
          MemorySwap: bytes,
          NanoCpus: Math.round(spec.limits.cpus * 1e9),
          PidsLimit: spec.limits.pids,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          IpcMode: 'private',
        },
      });
      await container.start();
      return new DockerSandbox(id, container, spec, workspace);
    } catch (err) {
      await workspace.destroy();
      throw new SandboxError(`could not create a docker sandbox: ${(err as Error).message}`);
    }
  },

  async gc(): Promise<number> {
    const containers = await docker().listContainers({ all: true, filters: { label: [`${LABEL}=1`] } });
    let removed = 0;
    for (const c of containers) {
      const owner = Number(c.Labels[`${LABEL}.owner-pid`]);
      if (owner && isAlive(owner)) continue;
      await docker().getContainer(c.Id).remove({ force: true }).catch(() => undefined);
      removed++;
    }
    for (const dir of await Workspace.orphans()) {
      await Workspace.removeDir(dir);
      removed++;
    }
    return removed;
  },
};
