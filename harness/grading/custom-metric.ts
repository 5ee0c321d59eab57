import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Task } from '../task/loader.js';
import { MetricError } from './metrics/types.js';
import { GRADING_PATHS, gradingFailure, runGradingScript } from './sandboxed-python.js';

/** Exit code the runner uses when the task's metric raised on this submission. */
const METRIC_RAISED = 3;

const TASK = '/task';
const PRIVATE = '/private';

const RunnerOutput = z.object({ public: z.number().nullable(), private: z.number().nullable() });

/** Runs the task's metric.py on an already validated submission, in a sandbox (task code is not trusted with the host). */
export async function runCustomMetric(task: Task, submissionPath: string): Promise<{ public: number | null; private: number }> {
  const { paths, manifest } = task;
  if (!existsSync(paths.metric)) throw new Error(`${paths.manifest}: metric "custom" needs ${paths.metric}, which does not exist`);
  const result = await runGradingScript('custom_metric.py', [`${TASK}/metric.py`, `${GRADING_PATHS.inputs}/submission.csv`, `${PRIVATE}/answers.csv`, manifest.idColumn], {
    submission: submissionPath,
    inputs: [
      { source: paths.dir, target: TASK, readOnly: true },
      { source: paths.privateDir, target: PRIVATE, readOnly: true },
    ],
  });
  if (result.exitCode === METRIC_RAISED) throw new MetricError(result.stderr.trim().split('\n').pop() ?? 'metric.py failed');
  if (result.exitCode !== 0) throw new Error(`${paths.metric}: the metric script failed (${gradingFailure(result)})`);
  const parsed = RunnerOutput.safeParse(JSON.parse(result.stdout));
  if (!parsed.success) throw new Error(`${paths.metric}: the metric runner printed ${result.stdout.slice(0, 200)}, not {public, private} scores`);
  if (parsed.data.private === null) throw new Error(`${paths.answers}: no private-leaderboard rows`);
  return { public: parsed.data.public, private: parsed.data.private };
}
