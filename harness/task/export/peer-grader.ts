import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getMetric } from '../../grading/metrics/catalog.js';
import { metricParams } from '../../grading/metrics/definition.js';
import type { MetricDefinition } from '../../grading/metrics/types.js';
import { submissionFormat } from '../../grading/submission-format.js';
import type { Task } from '../loader.js';
import { REPO_ROOT } from '../../util/paths.js';

const TEMPLATES = path.join(REPO_ROOT, 'harness', 'task', 'export', 'templates');

/** The variables score_core.py defines for each submission form. */
const FORM_VARIABLES: Record<string, string[]> = {
  values: ['y_true', 'y_pred'],
  labels: ['y_true', 'y_pred', 'classes', 'positive_class'],
  'binary-scores': ['y_true', 'y_score', 'y_proba', 'classes'],
  'class-probabilities': ['y_true', 'y_proba', 'classes'],
  rankings: ['y_true', 'y_pred'],
};
const KNOWN = new Set(['y_true', 'y_pred', 'y_score', 'y_proba', 'classes', 'positive_class', 'params']);

/**
 * Calls for catalog metrics scikit-learn lacks, on functions score_core.py defines itself
 * (map_at_k, as the catalog's `ranking.ts` computes it) or composes from scikit-learn (MASE's
 * mean absolute error over the task's stated scale).
 */
const OWN_CALLS: Readonly<Record<string, string>> = {
  map_at_k: 'map_at_k(y_true, y_pred, params.k)',
  mase: 'mean_absolute_error(y_true, y_pred) / params.scale',
};

/** The calls that compute the metric on the form, those scoring y_score first (binary AUCs). */
function callsFor(definition: MetricDefinition, form: string): string[] {
  const available = new Set([...(FORM_VARIABLES[form] ?? []), 'params']);
  const own = OWN_CALLS[definition.name];
  const calls = [...definition.sklearn.map((s) => s.call), ...(own ? [own] : [])].filter((call) =>
    [...call.matchAll(/\b(y_\w+|classes|positive_class|params)\b/g)].every((m) => !KNOWN.has(m[1]!) || available.has(m[1]!)),
  );
  return calls.sort((a, b) => Number(b.includes('y_score')) - Number(a.includes('y_score')));
}

/** How the exported grader computes the task's metric: the catalog's calls, or the task's own metric.py. */
function scoring(task: Task, form: string | null): { form: string; calls: string[]; params: Record<string, unknown> } {
  const { manifest } = task;
  if (manifest.metric.name === 'custom') return { form: 'custom', calls: [], params: {} };
  const definition = getMetric(manifest.metric.name);
  if (!definition) throw new Error(`${task.paths.manifest}: field metric.name: unknown metric "${manifest.metric.name}"`);
  if (!form || !(form in FORM_VARIABLES)) throw new Error(`${task.paths.manifest}: submissions of ${form ?? 'mixed'} columns are not exported`);
  const calls = callsFor(definition, form);
  if (calls.length === 0) throw new Error(`${task.paths.manifest}: metric "${manifest.metric.name}" has no call for ${form} submissions to export`);
  try {
    // The calls read params as the metric's schema fills them in (MAP@k's default k).
    return { form, calls, params: metricParams(definition.name, definition.params, manifest.metric.params) };
  } catch (err) {
    throw new Error(`${task.paths.manifest}: ${(err as Error).message}`);
  }
}

/**
 * The Python that grades a task as a peer loads it: the scoring core with the task's spec, then
 * the peer's entry point (MLE-bench grade(), MLE-Dojo's CompetitionMetrics subclass). A task with
 * its own metric.py needs that file beside the grader as arena_metric.py (`CUSTOM_METRIC_FILE`).
 * Throws when the task's metric has no call to export.
 */
export async function peerGraderSource(task: Task, layout: 'mle-bench' | 'mle-dojo'): Promise<string> {
  const { manifest } = task;
  const format = submissionFormat(manifest);
  const { form, calls, params } = scoring(task, format.inputKind);
  const spec = {
    idColumn: manifest.idColumn,
    target: manifest.targetColumns[0],
    classes: format.classes,
    positiveClass: format.classes.length > 0 ? format.classes[format.positiveClass] : null,
    predictionColumns: format.valueColumns.map((c) => c.name),
    form,
    params,
    calls,
  };
  const core = (await readFile(path.join(TEMPLATES, 'score_core.py'), 'utf8')).replace('__SPEC__', JSON.stringify(spec, null, 2));
  const tail = await readFile(path.join(TEMPLATES, layout === 'mle-bench' ? 'mlebench_grade.py' : 'mledojo_metric.py'), 'utf8');
  return core + tail.replace('__HIGHER_IS_BETTER__', manifest.metric.higherIsBetter ? 'True' : 'False');
}

/** The name the exported grader loads a task's own metric.py by, beside itself. */
export const CUSTOM_METRIC_FILE = 'arena_metric.py';

export const DOJO_PREPARE_TEMPLATE = path.join(TEMPLATES, 'mledojo_prepare.py');
