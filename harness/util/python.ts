import { spawn } from 'node:child_process';

/**
 * Debian's interpreter, which has the ML packages from apt. Never the pyenv `python3` on PATH.
 * ARENA_PYTHON overrides it for machines laid out differently.
 */
export const PYTHON = process.env.ARENA_PYTHON ?? '/usr/bin/python3';

export interface PythonResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Python script (code via `-c`, or a file with args) and collects its output. */
export function runPython(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd: options.cwd,
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(options.input ?? '');
  });
}
