import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CappedOutput, DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type ExecOptions, type ExecResult, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';
import { bwrapArgs } from './bwrap-args.js';
import { SandboxCgroup, usableControllers } from './cgroup.js';
import { isAlive, Workspace } from './workspace.js';

const BWRAP = process.env.ARENA_BWRAP ?? '/usr/bin/bwrap';
/** /tmp inside the sandbox: half the workspace quota, at most 1 GiB (it is memory, charged to the sandbox). */
const tmpSizeMb = (spec: SandboxSpec) => Math.min(1024, Math.max(16, Math.floor(spec.limits.workspaceMb / 2)));

/**
 * Joins the sandbox's cgroups, then becomes prlimit → bwrap → the command. The shell is the
 * first process in the groups, so every descendant is counted and limited.
 */
const JOIN_AND_EXEC = 'for f in "$@"; do case "$f" in --) shift; break;; esac; echo $$ > "$f" || exit 125; shift; done; exec "$@"';

class LocalSandbox implements Sandbox {
  readonly backend = 'local' as const;
  private destroyed = false;

  constructor(
    readonly id: string,
    private readonly spec: SandboxSpec,
    private readonly workspace: Workspace,
    private readonly cgroup: SandboxCgroup,
  ) {}

  get workspaceHostPath(): string {
    return this.workspace.dir;
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
    const limit = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT;
    const cpuSec = Math.max(1, Math.ceil(options.cpuTimeSec ?? options.timeoutSec * this.spec.limits.cpus));
    const bwrap = [BWRAP, ...bwrapArgs(this.spec, this.workspace.dir, tmpSizeMb(this.spec)), '--', ...argv];
    const command = ['/usr/bin/prlimit', `--cpu=${cpuSec}`, `--fsize=${this.spec.limits.workspaceMb * 1024 * 1024}`, '--core=0', '--', ...bwrap];
    const oomBefore = await this.cgroup.oomKills();
    const cpuBefore = await this.cgroup.cpuNanos();
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', JOIN_AND_EXEC, 'sh', ...this.cgroup.procsFiles(), '--', ...command], {
      env: {},
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout = new CappedOutput(limit);
    const stderr = new CappedOutput(limit);
    stdout.attach(child.stdout);
    stderr.attach(child.stderr);
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');

    let timedOut = false;
    let killing: Promise<void> = Promise.resolve();
    const timer = setTimeout(() => {
      timedOut = true;
      killing = this.killTree(child.pid);
    }, options.timeoutSec * 1000);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve({ code: c, signal: s }));
    }).finally(() => clearTimeout(timer));
    // Nothing the code started may outlive its execution; and the timeout's kill loop must be
    // over before the next execution joins the same cgroups.
    await killing;
    await this.killTree(child.pid);
    if (code === 125) throw new SandboxError(`could not place the execution in the sandbox's cgroups (${stderr.text().trim()})`);
    const oomKilled = (await this.cgroup.oomKills()) > oomBefore;
    return {
      exitCode: code,
      signal,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      wallMs: performance.now() - started,
      cpuMs: ((await this.cgroup.cpuNanos()) - cpuBefore) / 1e6,
      timedOut,
      oomKilled,
    };
  }

  private async killTree(pid: number | undefined): Promise<void> {
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
    await this.cgroup.killAll();
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
    await this.cgroup.destroy();
    await this.workspace.destroy();
  }
}

function newId(spec: SandboxSpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

export const localBackend: SandboxBackend = {
  name: 'local',

  async check(): Promise<BackendCheck> {
    const details: string[] = [];
    const version = spawnSync(BWRAP, ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      return { backend: 'local', ok: false, details, problem: `bubblewrap not found at ${BWRAP}`, fix: 'apt-get install bubblewrap (scripts/setup.sh does it)' };
    }
    details.push(`${version.stdout.trim()}: no network (loopback only), read-only system, clean environment, uid 65534 without capabilities`);
    const probe = spawnSync(BWRAP, ['--unshare-all', '--unshare-user', '--uid', '65534', '--die-with-parent', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin', '--proc', '/proc', '--', '/usr/bin/true'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      return { backend: 'local', ok: false, details, problem: `bubblewrap cannot create namespaces here: ${probe.stderr.trim()}`, fix: 'run as root, or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)' };
    }
    const controllers = usableControllers();
    const say = (c: string, enforced: string) => details.push(controllers.includes(c as never) ? enforced : `${c} cgroup not writable: ${c === 'memory' ? 'memory limit' : c === 'pids' ? 'process-count limit' : c === 'cpu' ? 'core limit' : 'CPU-time accounting'} NOT enforced`);
    say('memory', 'memory limit for the whole process tree (cgroup v1 memory), OOM kills detected');
    say('pids', 'process-count limit (cgroup v1 pids): fork bombs stop at the limit');
    say('cpu', 'core limit (cgroup v1 CFS quota)');
    say('cpuacct', 'CPU time measured for the whole tree (cgroup v1 cpuacct)');
    details.push('CPU-time limit per process (RLIMIT_CPU), file-size limit (RLIMIT_FSIZE), wall-clock timeout killing the whole tree');
    const canMount = process.getuid?.() === 0;
    details.push(canMount ? 'workspace quota: a size-limited tmpfs per sandbox' : 'workspace quota NOT enforced (mounting a tmpfs needs root); files are capped by RLIMIT_FSIZE only');
    return { backend: 'local', ok: true, details };
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const id = newId(spec);
    const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb);
    try {
      const cgroup = await SandboxCgroup.create(id, spec.limits);
      return new LocalSandbox(id, spec, workspace, cgroup);
    } catch (err) {
      await workspace.destroy();
      throw new SandboxError(`could not create sandbox ${id}: ${(err as Error).message}`);
    }
  },

  async gc(): Promise<number> {
    const orphans = await Workspace.orphans();
    for (const dir of orphans) await Workspace.removeDir(dir);
    return orphans.length + (await SandboxCgroup.sweepOrphans(isAlive));
  },
};
