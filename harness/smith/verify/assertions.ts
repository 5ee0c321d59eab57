import { PrepareError, prepareTask } from '../../task/prepare.js';
import type { Task } from '../../task/loader.js';
import type { BackendName } from '../../sandbox/types.js';
import { checkIntegrity } from '../../verification/integrity.js';
import { checkLeakage } from '../../verification/leakage.js';
import { checkTaskStructure } from '../../verification/structure.js';
import { recordSplitRows } from '../roles/refactor.js';
import type { CheckRecord } from '../types.js';

/** prepare.py in the sandbox, twice, byte-compared: a crash or a nondeterministic script goes back to the Designer. */
export async function assertPrepares(task: Task, runtime: BackendName): Promise<{ check: CheckRecord; task: Task }> {
  try {
    const result = await prepareTask(task, { runtime, force: true });
    const measured = await recordSplitRows(task);
    return { task: measured, check: { id: 'prepare-deterministic', stage: 'assertions', ok: true, message: `prepare.py ran twice in the ${runtime} sandbox with identical outputs (${result.files} files, digest ${result.digest.slice(0, 12)})` } };
  } catch (err) {
    const message = err instanceof PrepareError ? err.message : `prepare failed: ${(err as Error).message}`;
    return { task, check: { id: 'prepare-deterministic', stage: 'assertions', ok: false, fixBy: 'designer', message } };
  }
}

/** The deterministic assertions on prepared data: layout and schemas, ids, leakage, integrity. */
export async function runAssertions(task: Task): Promise<CheckRecord[]> {
  const structure = await checkTaskStructure(task);
  const checks: CheckRecord[] = [
    {
      id: 'layout-and-schemas',
      stage: 'assertions',
      ok: structure.ok,
      fixBy: 'refactor',
      message: structure.ok ? 'files present, task.json valid, metric in the catalog, ids aligned, sample submission grades' : structure.problems.join('; '),
    },
  ];
  if (!structure.ok) return checks;
  for (const outcome of [...(await checkLeakage(task)), ...(await checkIntegrity(task))]) {
    // A leak's columns to drop go into the record with its evidence (verification.json).
    const details = outcome.drop?.length ? { drop: outcome.drop, ...outcome.details } : outcome.details;
    checks.push({ id: outcome.id, stage: 'assertions', ok: outcome.ok, message: outcome.message, fixBy: outcome.fixBy, details });
  }
  return checks;
}
