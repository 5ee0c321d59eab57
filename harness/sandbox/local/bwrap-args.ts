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

/**
 * bubblewrap arguments: every namespace unshared (network: loopback only; pid: the tree dies
 * with its init), an unprivileged uid with no capabilities, a read-only system, the workspace
 * and public data as the only task files, and a private size-limited /tmp.
 */
export function bwrapArgs(spec: SandboxSpec, workspaceDir: string, tmpMb: number): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--uid', '65534',
    '--gid', '65534',
    '--cap-drop', 'ALL',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--hostname', 'sandbox',
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/bin', '/bin',
    '--symlink', 'usr/sbin', '/sbin',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(tmpMb * 1024 * 1024),
    '--tmpfs', '/tmp',
  ];
  for (const f of ETC_FILES) if (existsSync(f)) args.push('--ro-bind', f, f);
  args.push('--bind', workspaceDir, SANDBOX_PATHS.workspace);
  if (spec.publicDir) args.push('--ro-bind', spec.publicDir, SANDBOX_PATHS.data);
  for (const m of spec.mounts ?? []) args.push(m.readOnly ? '--ro-bind' : '--bind', m.source, m.target);
  // bwrap's root is a scratch tmpfs: make it read-only too, so only /workspace and /tmp take writes.
  args.push('--remount-ro', '/');
  for (const [k, v] of Object.entries(sandboxEnv(spec))) args.push('--setenv', k, v);
  args.push('--chdir', SANDBOX_PATHS.workspace);
  return args;
}
