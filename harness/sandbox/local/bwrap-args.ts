import { existsSync } from 'node:fs';
import { SANDBOX_PATHS, type SandboxSpec } from '../types.js';

/**
 * The parts of /etc the Python runtime needs (shared-library resolution through Debian's
 * alternatives, time zone, Python's own config). Nothing else of the host's /etc is visible:
 * no passwd, no hosts, no credentials.
 */
const ETC_FILES = ['/etc/alternatives', '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/localtime', '/etc/python3', '/etc/python3.11', '/etc/mime.types'];

/** Environment of the code: nothing inherited, thread pools sized to the cores it may use. */
export function sandboxEnv(spec: SandboxSpec): Record<string, string> {
  const threads = String(Math.max(1, Math.floor(spec.limits.cpus)));
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: SANDBOX_PATHS.workspace,
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    MPLBACKEND: 'Agg',
    OMP_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    ...spec.env,
  };
}

/** Where bubblewrap finds each host-side piece of one sandbox. */
export interface BwrapLayout {
  workspaceDir: string;
  tmpDir: string;
  shmDir: string;
  /** The neutral view of the public data, when the spec has some. */
  publicView?: string;
  /** Host paths to bind for spec.inputs, in order. */
  inputSources: string[];
  /** The descriptor bubblewrap reports the sandbox's start on (`--json-status-fd`). */
  statusFd: number;
  /** The descriptor the seccomp program is read from, when there is one. */
  seccompFd?: number;
}

/**
 * bubblewrap arguments: every namespace unshared (network: loopback only; pid: the tree dies
 * with its init), the code itself as PID 1 (no bubblewrap helper inside it could trace or fool),
 * an unprivileged uid with no capabilities, a read-only system and /dev, the workspace, /tmp and
 * /dev/shm from the sandbox's one quota'd scratch filesystem, the public data from a neutral view,
 * each declared input bind-mounted at its target.
 */
export function bwrapArgs(spec: SandboxSpec, layout: BwrapLayout): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--uid', '65534',
    '--gid', '65534',
    '--cap-drop', 'ALL',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--clearenv',
    '--hostname', 'sandbox',
    '--json-status-fd', String(layout.statusFd),
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/bin', '/bin',
    '--symlink', 'usr/sbin', '/sbin',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--proc', '/proc',
    // The sandbox's own IPC and pid namespaces make a few /proc/sys files its to write: none need be.
    '--remount-ro', '/proc',
    '--dev', '/dev',
    '--bind', layout.shmDir, '/dev/shm',
    // bubblewrap's /dev is a tmpfs without a size: only the bounded /dev/shm on it takes writes.
    '--remount-ro', '/dev',
    '--bind', layout.tmpDir, '/tmp',
  ];
  for (const f of ETC_FILES) if (existsSync(f)) args.push('--ro-bind', f, f);
  args.push('--bind', layout.workspaceDir, SANDBOX_PATHS.workspace);
  if (layout.publicView) args.push('--ro-bind', layout.publicView, SANDBOX_PATHS.data);
  for (const [i, m] of (spec.inputs ?? []).entries()) args.push(m.readOnly ? '--ro-bind' : '--bind', layout.inputSources[i]!, m.target);
  // bwrap's root is a scratch tmpfs: make it read-only too, so only /workspace, /tmp and /dev/shm take writes.
  args.push('--remount-ro', '/');
  for (const [k, v] of Object.entries(sandboxEnv(spec))) args.push('--setenv', k, v);
  if (layout.seccompFd !== undefined) args.push('--seccomp', String(layout.seccompFd));
  args.push('--chdir', SANDBOX_PATHS.workspace);
  return args;
}
