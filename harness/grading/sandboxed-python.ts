import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PREPARE_LIMITS } from '../sandbox/limits.js';
import { getBackend } from '../sandbox/registry.js';
import { SANDBOX_PATHS, type BackendName, type ExecResult, type Mount } from '../sandbox/types.js';
import { REPO_ROOT } from '../util/paths.js';

/** The grading scripts and the compatibility modules they put on the path, mounted read-only. */
const GRADING_PYTHON = path.join(REPO_ROOT, 'harness', 'grading', 'python');
const GRADING_TIMEOUT_SEC = 600;

/** Where the inputs of one graded run appear in its sandbox. */
export const GRADING_PATHS = { scripts: '/grading', inputs: '/inputs' } as const;

/** The sandbox grading code runs in: ARENA_GRADING_RUNTIME, else the local one. */
function gradingRuntime(): BackendName {
  return process.env.ARENA_GRADING_RUNTIME === 'docker' ? 'docker' : 'local';
}

/**
 * Runs one grading script of harness/grading/python in a fresh sandbox, as agent code runs: task
 * code (a metric.py, a peer's grade.py) is not trusted with the host. The submission is copied
 * in (`/inputs/submission.csv`, with `inputs` written beside it); `mounts` add the task's code and
 * private answers, read-only.
 */
export async function runGradingScript(
  script: string,
  args: string[],
  options: { submission: string; inputs?: Record<string, string>; mounts: Mount[] },
): Promise<ExecResult> {
  const inputs = await mkdtemp(path.join(os.tmpdir(), 'arena-grade-'));
  try {
    await copyFile(options.submission, path.join(inputs, 'submission.csv'));
    for (const [name, text] of Object.entries(options.inputs ?? {})) await writeFile(path.join(inputs, name), text);
    await chmod(inputs, 0o755);
    const sandbox = await (await getBackend(gradingRuntime())).create({
      name: `grade-${path.basename(script, '.py')}`,
      mounts: [
        { source: GRADING_PYTHON, target: GRADING_PATHS.scripts, readOnly: true },
        { source: inputs, target: GRADING_PATHS.inputs, readOnly: true },
        ...options.mounts.map((m) => ({ ...m, readOnly: true })),
      ],
      limits: PREPARE_LIMITS,
      env: { PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
    });
    try {
      return await sandbox.exec([SANDBOX_PATHS.python, `${GRADING_PATHS.scripts}/${script}`, ...args], { timeoutSec: GRADING_TIMEOUT_SEC });
    } finally {
      await sandbox.destroy();
    }
  } finally {
    await rm(inputs, { recursive: true, force: true });
  }
}

/** One line saying why a grading run failed: killed by a limit, or the tail of its stderr. */
export function gradingFailure(result: ExecResult): string {
  if (result.timedOut) return `timed out after ${GRADING_TIMEOUT_SEC} s`;
  if (result.oomKilled) return `killed: over ${PREPARE_LIMITS.memoryMb} MiB of memory`;
  return `exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`;
}
