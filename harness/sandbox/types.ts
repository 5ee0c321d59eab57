/**
 * One execution environment per episode (or per prepare run). Agent code is untrusted: the
 * sandbox sees only the inputs declared for it, never the private answers, the harness or its env.
 *
 * The contract is exec, readFile and writeFile (as Inspect's sandbox environments): files go in
 * and out through the sandbox, never through a host path of it, so a backend whose sandboxes are
 * not on the harness's file system satisfies it as well as one that bind-mounts.
 *
 * Paths inside every sandbox, whatever the backend:
 *   /workspace   writable, the working directory, persists across exec() calls
 *   /data        the task's public data, read-only (when `publicDir` is given)
 *   /tmp         a private tmpfs
 *   plus each declared `input` of the spec at its `target` path.
 */

/**
 * A folder of the harness's data the code sees at `target`. How it gets there is the backend's
 * business (local, docker: a bind mount; docker-copy: a copy into an engine volume). What the
 * code wrote into a writable input is in `source` once destroy() has returned.
 */
export interface SandboxInput {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface SandboxLimits {
  /** Memory for the whole sandbox (all its processes), MiB. */
  memoryMb: number;
  /** CPU cores the sandbox may use (a CFS quota, or the process affinity where that is all there is). */
  cpus: number;
  /** Processes and threads at once (pids cgroup). */
  pids: number;
  /** Size of /workspace, MiB. */
  workspaceMb: number;
}

export interface SandboxSpec {
  /** A label for names and logs: e.g. `<run>-<task>-<agent>-<seed>`. */
  name: string;
  /** The task's public data: the input at /data, read-only. */
  publicDir?: string;
  inputs?: SandboxInput[];
  limits: SandboxLimits;
  /** The only environment variables the code sees (besides PATH, HOME, LANG and thread counts). */
  env?: Record<string, string>;
}

export interface ExecOptions {
  /** Wall-clock limit for this execution; the whole process tree is killed when it passes. */
  timeoutSec: number;
  /** CPU-time limit for this execution, seconds (default: timeoutSec × cpus). */
  cpuTimeSec?: number;
  stdin?: string;
  /** Bytes of stdout and of stderr kept (the rest is dropped with a marker); default 64 KiB. */
  outputLimitBytes?: number;
}

export interface ExecResult {
  /** The exit code, or null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  wallMs: number;
  cpuMs: number;
  /** Stopped by the wall-clock timeout or by the CPU-time limit (which a busy process may reach first). */
  timedOut: boolean;
  /** Killed by the memory limit (OOM), as far as the backend can tell. */
  oomKilled: boolean;
}

export interface Sandbox {
  readonly id: string;
  readonly backend: BackendName;
  /** Runs a command (argv) in /workspace. Executions of one sandbox run one at a time, in call order. */
  exec(argv: string[], options: ExecOptions): Promise<ExecResult>;
  /** Runs Python source with the sandbox's interpreter. */
  runPython(code: string, options: ExecOptions): Promise<ExecResult>;
  /**
   * Reads a regular file of /workspace (relative path) of at most `maxBytes` (default 64 MiB):
   * never through a symbolic link, never blocking on a FIFO the code left there.
   */
  readFile(relativePath: string, options?: { maxBytes?: number }): Promise<Buffer>;
  /**
   * Writes a file of /workspace, owned by the code's uid, mode 0644; refuses links and anything
   * not a regular file at that name. `exclusive`: the name must not exist yet.
   */
  writeFile(relativePath: string, data: string | Buffer, options?: { exclusive?: boolean }): Promise<void>;
  destroy(): Promise<void>;
}

/** A registered backend's name (harness/sandbox/registry.ts). */
export type BackendName = string;

/**
 * The protections every backend reports on. A run refuses to start on a backend where one of them
 * does not hold, unless the user names it in `--allow-unenforced`.
 */
export const ENFORCEMENT_NAMES = ['unprivileged-uid', 'seccomp', 'memory', 'pids', 'cpu', 'cpu-time', 'workspace-quota', 'scratch-inodes'] as const;
export type EnforcementName = (typeof ENFORCEMENT_NAMES)[number];

/** One protection of the sandbox and whether it holds on this machine (names: ENFORCEMENT_NAMES). */
export interface Enforcement {
  name: EnforcementName;
  enforced: boolean;
  /** How it is enforced, or precisely why it is not and what would fix it. */
  detail: string;
}

export interface BackendCheck {
  backend: BackendName;
  ok: boolean;
  /** What works and what is not enforced, each one line. */
  details: string[];
  /** Each protection the backend provides, enforced or not: what fail-closed start-up goes by. */
  enforcements: Enforcement[];
  /** When not ok: why, and how to fix it. */
  problem?: string;
  fix?: string;
}

export interface SandboxBackend {
  readonly name: BackendName;
  check(): Promise<BackendCheck>;
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Removes leftovers of crashed runs (containers, cgroups, workspaces); returns how many. */
  gc(): Promise<number>;
}

/** The sandbox itself failed (not the code in it): an infrastructure error, never the agent's fault. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}

/** Paths inside every sandbox. */
export const SANDBOX_PATHS = { workspace: '/workspace', data: '/data', python: '/usr/bin/python3' } as const;
