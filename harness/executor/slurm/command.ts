import { spawn } from 'node:child_process';

/** A Slurm or munge client command failed: names the command, how it ended, and what it printed. */
export class SlurmCommandError extends Error {
  override name = 'SlurmCommandError';
  constructor(
    readonly command: string,
    /** The exit code; null when the tool is missing, timed out or was killed. */
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
    /** `reported`: it exited 0 but its JSON lists errors (22.05's --json does so when slurmctld is unreachable). */
    readonly reason: 'not-installed' | 'timed-out' | 'failed' | 'reported',
  ) {
    const said = stderr.trim().split('\n').slice(-3).join(' / ');
    const how = { 'not-installed': 'is not installed', 'timed-out': 'did not answer in time', failed: `exited ${exitCode}`, reported: 'reported errors' }[reason];
    super(`\`${command}\` ${how}${said ? `: ${said}` : ''}`);
  }
}

export interface CommandOptions {
  /** Written to the command's standard input. */
  input?: string | Buffer;
  /** Added to the environment the command inherits. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Client tools answer in well under a second when slurmctld is up; 20 s covers a loaded controller. */
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Runs one client tool (sinfo, squeue, sbatch, scontrol, munge...) with its arguments, no shell,
 * and returns what it printed; anything but exit 0 is a SlurmCommandError. LC_ALL=C: the tools'
 * text output is parsed, never localised.
 */
export function runSlurmCommand(tool: string, args: string[], options: CommandOptions = {}): Promise<string> {
  const command = [tool, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...options.env, LC_ALL: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SlurmCommandError(command, null, e.code === 'ENOENT' ? '' : e.message, '', e.code === 'ENOENT' ? 'not-installed' : 'failed'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) reject(new SlurmCommandError(command, null, stderr, stdout, 'timed-out'));
      else if (code !== 0) reject(new SlurmCommandError(command, code, stderr, stdout, 'failed'));
      else resolve(stdout);
    });
    // A tool that exits without reading its input (EPIPE) is judged by its exit code, not by this.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
