import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getMetric } from '../../grading/metrics/catalog.js';
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
};
const KNOWN = new Set(['y_true', 'y_pred', 'y_score', 'y_proba', 'classes', 'positive_class', 'params']);

/** The catalog's scikit-learn calls that fit the form, those scoring y_score first (binary AUCs). */
function callsFor(metric: string, form: string): string[] {
  const definition = getMetric(metric);
  const available = new Set([...(FORM_VARIABLES[form] ?? []), 'params']);
  const calls = (definition?.sklearn ?? []).map((s) => s.call).filter((call) => [...call.matchAll(/\b(y_\w+|classes|positive_class|params)\b/g)].every((m) => !KNOWN.has(m[1]!) || available.has(m[1]!)));
  return calls.sort((a, b) => Number(b.includes('y_score')) - Number(a.includes('y_score')));
}

/**
 * The Python that grades a task as a peer loads it: the scoring core with the task's spec, then
 * the peer's entry point (MLE-bench grade(), MLE-Dojo's CompetitionMetrics subclass). Throws when
 * the task's metric has no scikit-learn equivalent to export.
 */
export async function peerGraderSource(task: Task, layout: 'mle-bench' | 'mle-dojo'): Promise<string> {
  const { manifest } = task;
  if (manifest.metric.name === 'custom') throw new Error(`${task.paths.manifest}: metric "custom" (metric.py) is not exported; only catalog metrics are`);
  const format = submissionFormat(manifest);
  const form = format.inputKind;
  if (!form || !(form in FORM_VARIABLES)) throw new Error(`${task.paths.manifest}: submissions of ${form ?? 'mixed'} columns are not exported`);
  const calls = callsFor(manifest.metric.name, form);
  if (calls.length === 0) throw new Error(`${task.paths.manifest}: metric "${manifest.metric.name}" has no scikit-learn call for ${form} submissions in the catalog`);
  const spec = {
    idColumn: manifest.idColumn,
    target: manifest.targetColumns[0],
    classes: format.classes,
    positiveClass: format.classes.length > 0 ? format.classes[format.positiveClass] : null,
    predictionColumns: format.valueColumns.map((c) => c.name),
    form,
    params: manifest.metric.params,
    calls,
  };
  const core = (await readFile(path.join(TEMPLATES, 'score_core.py'), 'utf8')).replace('__SPEC__', JSON.stringify(spec, null, 2));
  const tail = await readFile(path.join(TEMPLATES, layout === 'mle-bench' ? 'mlebench_grade.py' : 'mledojo_metric.py'), 'utf8');
  return core + tail.replace('__HIGHER_IS_BETTER__', manifest.metric.higherIsBetter ? 'True' : 'False');
}

export const DOJO_PREPARE_TEMPLATE = path.join(TEMPLATES, 'mledojo_prepare.py');
