import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { CappedOutput, DEFAULT_OUTPUT_LIMIT } from '../output.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type Enforcement, type ExecOptions, type ExecResult, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { orphanViews, publicView } from '../host-dirs.js';
import { recordHostLocation } from '../host-location.js';
import { describePolicy } from '../syscall-policy.js';
import { readWorkspaceFile, writeWorkspaceFile, type WriteOptions } from '../workspace-files.js';
import { bwrapArgs } from './bwrap-args.js';
import { SandboxCgroup, usableControllers } from './cgroup.js';
import { canSwitchUid, leaseHostUid, sweepUidLeases, UID_BASE, UID_SLOTS, type HostUid } from './host-uid.js';
import { seccompFilter } from './seccomp.js';
import { StartReport } from './start-report.js';
import { ensureSandboxDirs, isAlive, uidsDir, viewsDir, Workspace } from './workspace.js';
import { SerialQueue } from '../serial-queue.js';
import { Zygote } from './zygote.js';

const BWRAP = process.env.ARENA_BWRAP ?? '/usr/bin/bwrap';
const SETPRIV = '/usr/bin/setpriv';
/** Descriptors of the spawned chain: bubblewrap's start report, and the seccomp program. */
const STATUS_FD = 3;
const SECCOMP_FD = 4;

/**
 * Each execution is forked by the sandbox's resident starter (zygote.py: why, and what it
 * guarantees), already inside the sandbox's cgroups: it closes stray descriptors, sets the code's
 * rlimits (CPU seconds, file size in KiB, no core dumps), then becomes [setpriv →] bwrap → the
 * command, so every descendant is counted and limited. A failure here is told by what is missing
 * on the status descriptor (bubblewrap never reported a start), never by an exit code the code
 * itself could also return.
 */

/** How bubblewrap reports code killed at the CPU-time limit: 128 + SIGXCPU (soft) or + SIGKILL (hard). */
const CPU_LIMIT_EXITS = new Set([128 + constants.signals.SIGXCPU, 128 + constants.signals.SIGKILL]);

class LocalSandbox implements Sandbox {
  readonly backend = 'local' as const;
  private destroyed = false;
  private readonly queue = new SerialQueue();
  private zygote: Zygote | undefined;
  private seccompWritten = false;

  constructor(
    readonly id: string,
    private readonly spec: SandboxSpec,
    private readonly workspace: Workspace,
    private readonly cgroup: SandboxCgroup,
    private readonly hostUid: HostUid,
    private readonly view: string | undefined,
  ) {}

  private get controlDir(): string {
    return path.join(this.workspace.root, 'ctl');
  }

  /** The resident starter, started again if it ever died (it is never the code's to kill). */
  async starter(): Promise<Zygote> {
    if (this.zygote?.alive) return this.zygote;
    this.zygote = await Zygote.start(this.controlDir, this.cgroup.procsFiles());
    return this.zygote;
  }

  exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    return this.queue.run(() => this.run(argv, options));
  }

  private async run(argv: string[], options: ExecOptions): Promise<ExecResult> {
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
    const limit = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT;
    const cpuSec = Math.max(1, Math.ceil(options.cpuTimeSec ?? options.timeoutSec * this.spec.limits.cpus));
    const filter = seccompFilter();
    const layout = {
      workspaceDir: this.workspace.dir,
      tmpDir: this.workspace.tmpDir,
      shmDir: this.workspace.shmDir,
      publicView: this.view,
      inputSources: this.workspace.inputSources,
      statusFd: STATUS_FD,
      seccompFd: filter.ok ? SECCOMP_FD : undefined,
    };
    const bwrap = [BWRAP, ...bwrapArgs(this.spec, layout), '--', ...argv];
    const uid = String(this.hostUid.uid);
    const command = canSwitchUid() ? [SETPRIV, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--', ...bwrap] : bwrap;
    const zygote = await this.starter().catch((err: Error) => {
      throw new SandboxError(`could not start the execution in sandbox ${this.id}: ${err.message}`);
    });
    const seccompFile = path.join(this.controlDir, 'seccomp');
    if (filter.ok && !this.seccompWritten) {
      await writeFile(seccompFile, filter.program, { mode: 0o600 });
      this.seccompWritten = true;
    }
    // stdin from a file only root can reach (the child opens it before it drops to the code's uid).
    let stdinFile: string | null = null;
    if (options.stdin !== undefined && options.stdin.length > 0) {
      stdinFile = path.join(this.controlDir, 'stdin');
      await writeFile(stdinFile, options.stdin, { mode: 0o600 });
    }
    const oomBefore = await this.cgroup.oomKills();
    const cpuBefore = await this.cgroup.cpuNanos();
    const started = performance.now();
    const outputs = zygote.openOutputs();
    const [out, err, status] = outputs;
    const closed = Promise.all(outputs.map((o) => new Promise((resolve) => o.once('close', resolve))));
    const stdout = new CappedOutput(limit);
    const stderr = new CappedOutput(limit);
    stdout.attach(out);
    stderr.attach(err);
    const report = new StartReport(status);
    const exit = zygote.run({ argv: command, cpu: cpuSec, fsize: this.spec.limits.workspaceMb * 1024, stdin: stdinFile, seccomp: filter.ok ? seccompFile : null });

    let timedOut = false;
    let killing: Promise<void> = Promise.resolve();
    const timer = setTimeout(() => {
      timedOut = true;
      killing = this.killTree();
    }, options.timeoutSec * 1000);
    let code: number | null = null;
    let signal: NodeJS.Signals | null = null;
    let failure: Error | undefined;
    try {
      ({ code, signal } = await exit);
    } catch (e) {
      failure = e as Error;
    } finally {
      clearTimeout(timer);
    }
    // Nothing the code started may outlive its execution; and the timeout's kill loop must be
    // over before the next execution starts in the same cgroups.
    await killing;
    await this.killTree();
    zygote.closeOutputs();
    await closed;
    const began = await report.started();
    // The starter runs outside the code's reach (zygote.py): its death is the host's doing, not the code's.
    if (failure && began) throw new SandboxError(`the execution in sandbox ${this.id} was lost: ${failure.message} while it ran (a host or harness failure, not the code's; the next execution starts a new one)`);
    if (failure || !began) {
      throw new SandboxError(`could not start the execution in sandbox ${this.id} (${failure ? failure.message : `exit ${code ?? signal}`}): ${stderr.text().trim().slice(0, 2000)}`);
    }
    const oomKilled = (await this.cgroup.oomKills()) > oomBefore;
    const cpuMs = ((await this.cgroup.cpuNanos()) - cpuBefore) / 1e6;
    return {
      exitCode: code,
      signal,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      wallMs: performance.now() - started,
      cpuMs,
      // The CPU-time limit is the timeout too: a busy process can reach it before the timer fires.
      timedOut: timedOut || (code !== null && CPU_LIMIT_EXITS.has(code) && cpuMs >= cpuSec * 1000 * 0.9),
      oomKilled,
    };
  }

  /** Kills every process of the sandbox but its starter (all are in its cgroups). */
  private async killTree(): Promise<void> {
    await this.cgroup.killAll(this.zygote?.pid);
  }

  runPython(code: string, options: ExecOptions): Promise<ExecResult> {
    return this.exec([SANDBOX_PATHS.python, '-c', code], options);
  }

  readFile(relativePath: string, options?: { maxBytes?: number }): Promise<Buffer> {
    return readWorkspaceFile(this.workspace.dir, relativePath, options?.maxBytes);
  }

  writeFile(relativePath: string, data: string | Buffer, options: WriteOptions = {}): Promise<void> {
    // Files the harness writes belong to the code's uid, so the code may change them.
    return writeWorkspaceFile(this.workspace.dir, relativePath, data, { ...options, owner: canSwitchUid() ? this.hostUid.uid : undefined });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.zygote?.stop();
    await this.cgroup.destroy();
    await this.workspace.destroy();
    await this.hostUid.release();
  }
}

function newId(spec: SandboxSpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

const NOT_ROOT_FIX = 'run the harness as root (scripts/setup.sh sets up the rest)';

/** What each protection of the local backend rests on here, enforced or not, and why. */
function enforcements(): Enforcement[] {
  const root = process.getuid?.() === 0;
  const controllers = usableControllers();
  const cgroup = (c: (typeof controllers)[number], name: Enforcement['name'], how: string): Enforcement =>
    controllers.includes(c)
      ? { name, enforced: true, detail: how }
      : { name, enforced: false, detail: `the ${c} cgroup (v1) is not writable here (${root ? 'not mounted at /sys/fs/cgroup/' + c : 'not root'}): ${name} NOT enforced; fix: ${root ? 'mount the cgroup v1 hierarchy' : NOT_ROOT_FIX}` };
  const filter = seccompFilter();
  const uid = process.getuid?.() ?? 0;
  return [
    root
      ? { name: 'unprivileged-uid', enforced: true, detail: `code runs under a host uid of its own, leased from ${UID_BASE}..${UID_BASE + UID_SLOTS - 1} (setpriv), never 0; /proc/sys and cgroup files are root's, read-only to it` }
      : { name: 'unprivileged-uid', enforced: uid !== 0, detail: `code runs as the harness's own uid ${uid} (not root: cannot switch uids), so it shares that uid with the harness` },
    filter.ok
      ? { name: 'seccomp', enforced: true, detail: describePolicy('BPF from libseccomp, bubblewrap --seccomp') + (filter.skipped.length ? `; unknown to this libseccomp: ${filter.skipped.join(', ')}` : '') }
      : { name: 'seccomp', enforced: false, detail: `NOT enforced: ${filter.reason}` },
    cgroup('memory', 'memory', 'memory limit for the whole process tree (cgroup v1 memory, swap included where accounted), OOM kills detected'),
    cgroup('pids', 'pids', 'process-count limit for the whole tree (cgroup v1 pids): fork bombs stop at the limit'),
    cgroup('cpu', 'cpu', 'core limit (cgroup v1 CFS quota)'),
    controllers.includes('cpuacct')
      ? { name: 'cpu-time', enforced: true, detail: 'CPU time limit per process (RLIMIT_CPU) and measured for the whole tree (cgroup v1 cpuacct); wall-clock timeout kills the whole tree' }
      : { name: 'cpu-time', enforced: false, detail: `CPU time of the tree cannot be measured (cpuacct cgroup not writable); only RLIMIT_CPU per process; fix: ${NOT_ROOT_FIX}` },
    root
      ? { name: 'workspace-quota', enforced: true, detail: 'one size-limited tmpfs per sandbox holds /workspace, /tmp and /dev/shm together (ENOSPC past the quota; its pages count against the memory limit)' }
      : { name: 'workspace-quota', enforced: false, detail: `NOT enforced: mounting the scratch tmpfs needs root; files are capped by RLIMIT_FSIZE only; fix: ${NOT_ROOT_FIX}` },
    root
      ? { name: 'scratch-inodes', enforced: true, detail: `the scratch tmpfs has nr_inodes = max(16384, 64 per MiB of quota); /dev is read-only` }
      : { name: 'scratch-inodes', enforced: false, detail: `NOT enforced: no scratch tmpfs without root; fix: ${NOT_ROOT_FIX}` },
  ];
}

export const localBackend: SandboxBackend = {
  name: 'local',

  async check(): Promise<BackendCheck> {
    const details: string[] = [];
    const version = spawnSync(BWRAP, ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      return { backend: 'local', ok: false, details, enforcements: enforcements(), problem: `bubblewrap not found at ${BWRAP}`, fix: 'apt-get install bubblewrap (scripts/setup.sh does it)' };
    }
    details.push(`${version.stdout.trim()}: no network (loopback only), read-only system and /dev, clean environment, uid 65534 inside without capabilities, the code as PID 1`);
    const probeArgs = ['--unshare-all', '--unshare-user', '--uid', '65534', '--die-with-parent', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin', '--proc', '/proc', '--', '/usr/bin/true'];
    const probe = canSwitchUid()
      ? spawnSync(SETPRIV, [`--reuid=${UID_BASE}`, `--regid=${UID_BASE}`, '--clear-groups', '--', BWRAP, ...probeArgs], { encoding: 'utf8' })
      : spawnSync(BWRAP, probeArgs, { encoding: 'utf8' });
    const all = enforcements();
    if (probe.status !== 0) {
      return { backend: 'local', ok: false, details, enforcements: all, problem: `bubblewrap cannot create namespaces as an unprivileged uid here: ${(probe.stderr || probe.error?.message || '').trim()}`, fix: 'enable unprivileged user namespaces (sysctl user.max_user_namespaces=15000; on older kernels kernel.unprivileged_userns_clone=1)' };
    }
    for (const e of all) details.push(`${e.enforced ? '' : 'NOT ENFORCED: '}${e.name}: ${e.detail}`);
    details.push('host paths hidden: public data from a neutral hard-link view, no bubblewrap process inside the sandbox; the harness reads files without following links or blocking');
    return { backend: 'local', ok: true, details, enforcements: all };
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const id = newId(spec);
    let hostUid: HostUid | undefined;
    let workspace: Workspace | undefined;
    try {
      await ensureSandboxDirs();
      hostUid = await leaseHostUid(uidsDir(), isAlive);
      const view = spec.publicDir === undefined ? undefined : await publicView(viewsDir(), spec.publicDir);
      workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb, hostUid.uid, spec.inputs ?? []);
      // One process more than the code's: the resident starter lives in the pids group too.
      const cgroup = await SandboxCgroup.create(id, { ...spec.limits, pids: spec.limits.pids + 1 });
      const sandbox = new LocalSandbox(id, spec, workspace, cgroup, hostUid, view);
      await sandbox.starter().catch(async (err: Error) => {
        await cgroup.destroy();
        throw err;
      });
      const dir = workspace.dir;
      recordHostLocation(sandbox, async () => dir);
      return sandbox;
    } catch (err) {
      await workspace?.destroy().catch(() => undefined);
      await hostUid?.release();
      if (err instanceof SandboxError) throw err;
      throw new SandboxError(`could not create sandbox ${id}: ${(err as Error).message}`);
    }
  },

  async gc(): Promise<number> {
    const orphans = await Workspace.orphans(isAlive);
    for (const dir of orphans) await Workspace.removeDir(dir);
    const views = await orphanViews(viewsDir(), isAlive);
    for (const dir of views) await rm(dir, { recursive: true, force: true });
    return orphans.length + views.length + (await sweepUidLeases(uidsDir(), isAlive)) + (await SandboxCgroup.sweepOrphans(isAlive));
  },
};
