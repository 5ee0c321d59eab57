import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PREPARE_LIMITS } from '../sandbox/limits.js';
import { getBackend, UnknownBackendError } from '../sandbox/registry.js';
import { SANDBOX_PATHS, type ExecResult, type SandboxBackend, type SandboxInput } from '../sandbox/types.js';
import { REPO_ROOT } from '../util/paths.js';

/** The grading scripts and the compatibility modules they put on the path, an input read-only. */
const GRADING_PYTHON = path.join(REPO_ROOT, 'harness', 'grading', 'python');
const GRADING_TIMEOUT_SEC = 600;

/** Where the inputs of one graded run appear in its sandbox (the files written in live in its workspace). */
export const GRADING_PATHS = { scripts: '/grading', inputs: `${SANDBOX_PATHS.workspace}/inputs` } as const;

/** The sandbox grading code runs in: any registered backend named by ARENA_GRADING_RUNTIME, else the local one. */
async function gradingBackend(): Promise<SandboxBackend> {
  const name = process.env.ARENA_GRADING_RUNTIME || 'local';
  try {
    return await getBackend(name);
  } catch (err) {
    if (err instanceof UnknownBackendError) throw new UnknownBackendError(`ARENA_GRADING_RUNTIME: ${err.message}`);
    throw err;
  }
}

/**
 * Runs one grading script of harness/grading/python in a fresh sandbox, as agent code runs: task
 * code (a metric.py, a peer's grade.py) is not trusted with the host. The submission is written
 * in through the sandbox (`inputs/submission.csv`, with `files` beside it); `inputs` declare the
 * task's code and private answers, read-only.
 */
export async function runGradingScript(
  script: string,
  args: string[],
  options: { submission: string; files?: Record<string, string>; inputs: SandboxInput[] },
): Promise<ExecResult> {
  const sandbox = await (await gradingBackend()).create({
    name: `grade-${path.basename(script, '.py')}`,
    inputs: [{ source: GRADING_PYTHON, target: GRADING_PATHS.scripts, readOnly: true }, ...options.inputs.map((m) => ({ ...m, readOnly: true }))],
    limits: PREPARE_LIMITS,
    env: { PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
  });
  try {
    const inputs = path.posix.relative(SANDBOX_PATHS.workspace, GRADING_PATHS.inputs);
    await sandbox.writeFile(`${inputs}/submission.csv`, await readFile(options.submission));
    for (const [name, text] of Object.entries(options.files ?? {})) await sandbox.writeFile(`${inputs}/${name}`, text);
    return await sandbox.exec([SANDBOX_PATHS.python, `${GRADING_PATHS.scripts}/${script}`, ...args], { timeoutSec: GRADING_TIMEOUT_SEC });
  } finally {
    await sandbox.destroy();
  }
}

/** One line saying why a grading run failed: killed by a limit, or the tail of its stderr. */
export function gradingFailure(result: ExecResult): string {
  if (result.timedOut) return `timed out after ${GRADING_TIMEOUT_SEC} s`;
  if (result.oomKilled) return `killed: over ${PREPARE_LIMITS.memoryMb} MiB of memory`;
  return `exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`;
}
