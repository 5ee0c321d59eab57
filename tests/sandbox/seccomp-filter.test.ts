import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seccompFilter } from '../../harness/sandbox/local/seccomp.js';
import { DENIED_SYSCALLS, SYSCALL_POLICY } from '../../harness/sandbox/syscall-policy.js';

/** Runs Python with the helper module importable, as another Python program would import it. */
function python(code: string, input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('/usr/bin/python3', ['-c', code], { input, encoding: 'utf8', env: { PYTHONPATH: path.resolve('harness/sandbox/python'), PATH: '/usr/bin:/bin' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('seccomp_filter (Python helper over libseccomp)', () => {
  it('compiles the whole policy to a BPF program (8-byte instructions) that knows every denied call', () => {
    const filter = seccompFilter();
    expect(filter.ok).toBe(true);
    if (!filter.ok) return;
    expect(filter.program.length % 8).toBe(0);
    expect(filter.program.length).toBeGreaterThan(8 * DENIED_SYSCALLS.length);
    expect(filter.skipped).toEqual([]);
  });

  it('as a module: skips names libseccomp does not know and reports them, rather than failing', () => {
    const r = python(`import json, seccomp_filter
program, skipped = seccomp_filter.compile_policy({"denied": ["ptrace", "no_such_call_xyz"], "unsupported": [], "deniedFlags": {}})
print(len(program) % 8, len(program) > 0, json.dumps(skipped))`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0 True ["no_such_call_xyz"]');
  });

  it('as a module: a flag rule denies only the flagged argument values', () => {
    // The filter is loaded into a child process only: the test's own interpreter stays unfiltered.
    const r = python(`import ctypes, errno, json, os, seccomp_filter
policy = json.loads(${JSON.stringify(JSON.stringify(SYSCALL_POLICY))})
pid = os.fork()
if pid == 0:
    f, _ = seccomp_filter.build_filter(policy)
    f.load()
    libc = ctypes.CDLL(None, use_errno=True)
    query = libc.personality(ctypes.c_ulong(0xffffffff))
    denied = libc.personality(ctypes.c_ulong(0x0040000))
    print(query >= 0, denied == -1 and ctypes.get_errno() == errno.EPERM, flush=True)
    os._exit(0)
os.waitpid(pid, 0)`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('True True');
  });
});
