import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Task } from '../task/loader.js';
import { REPO_ROOT } from '../util/paths.js';
import { runPython } from '../util/python.js';
import { MetricError } from './metrics/types.js';

const RUNNER = path.join(REPO_ROOT, 'harness', 'grading', 'python', 'custom_metric.py');

/** Exit code the runner uses when the task's metric raised on this submission. */
const METRIC_RAISED = 3;

/** Runs the task's metric.py on an already validated submission. */
export async function runCustomMetric(task: Task, submissionPath: string): Promise<{ public: number | null; private: number }> {
  const { paths, manifest } = task;
  if (!existsSync(paths.metric)) throw new Error(`${paths.manifest}: metric "custom" needs ${paths.metric}, which does not exist`);
  const result = await runPython([RUNNER, paths.metric, path.resolve(submissionPath), paths.answers, manifest.idColumn]);
  if (result.code === METRIC_RAISED) throw new MetricError(result.stderr.trim().split('\n').pop() ?? 'metric.py failed');
  if (result.code !== 0) throw new Error(`${paths.metric}: the metric script failed (exit ${result.code}): ${result.stderr.trim()}`);
  const parsed = JSON.parse(result.stdout) as { public: number | null; private: number | null };
  if (parsed.private === null) throw new Error(`${paths.answers}: no private-leaderboard rows`);
  return { public: parsed.public, private: parsed.private };
}
