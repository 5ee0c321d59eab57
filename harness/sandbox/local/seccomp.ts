import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { PYTHON } from '../../util/python.js';
import { REPO_ROOT } from '../../util/paths.js';
import { SYSCALL_POLICY } from '../syscall-policy.js';

const COMPILER = path.join(REPO_ROOT, 'harness', 'sandbox', 'python', 'seccomp_filter.py');
const Skipped = z.object({ skipped: z.array(z.string()) });

/** The policy compiled for bubblewrap's `--seccomp FD`, or why it cannot be. */
export type CompiledFilter = { ok: true; program: Buffer; skipped: string[] } | { ok: false; reason: string };

let cached: CompiledFilter | undefined;

/**
 * Compiles the syscall policy once per process with libseccomp (Debian's python3-seccomp): a few
 * hundred bytes of BPF, handed to every execution.
 */
export function seccompFilter(): CompiledFilter {
  if (cached) return cached;
  const r = spawnSync(PYTHON, ['-I', COMPILER], { input: JSON.stringify(SYSCALL_POLICY), env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, maxBuffer: 1 << 20 });
  if (r.status !== 0 || r.stdout.length === 0 || r.stdout.length % 8 !== 0) {
    const why = r.error?.message ?? r.stderr.toString().trim().split('\n').slice(-1)[0] ?? `exit ${r.status}`;
    cached = { ok: false, reason: /No module named 'seccomp'/.test(why) ? 'libseccomp for Python is missing (apt-get install python3-seccomp; scripts/setup.sh does it)' : `compiling the filter failed: ${why}` };
    return cached;
  }
  const lastLine = r.stderr.toString().trim().split('\n').pop() ?? '';
  const skipped = lastLine.startsWith('{') ? Skipped.parse(JSON.parse(lastLine)).skipped : [];
  cached = { ok: true, program: r.stdout, skipped };
  return cached;
}
