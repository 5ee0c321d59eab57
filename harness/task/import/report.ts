import type { ImportedTask } from './foreign-task.js';

/** One competition's import report: metric and how it is computed, direction and its source, files mapped, what was not. */
export function formatImportReport(t: ImportedTask): string {
  const lines = [
    `imported ${t.id} (${t.origin})`,
    `  metric: ${t.metric.grader}, computed by ${t.metric.computedBy}${t.metric.catalogEquivalent ? ` (catalog equivalent: ${t.metric.catalogEquivalent})` : ''}`,
    `  direction: ${t.direction.higherIsBetter ? 'higher' : 'lower'} is better, from ${t.direction.from}`,
    `  answers: ${t.format}; the sample submission scores ${t.sampleScore ?? 'n/a'} on every test row`,
    `  files: train.csv <- ${t.files.train}; test.csv <- ${t.files.test}; sample_submission.csv <- ${t.files.sampleSubmission}; answers <- private/${t.files.answers}`,
    ...(t.files.folders.length > 0 ? [`  folders copied: ${t.files.folders.join(', ')}`] : []),
    ...(t.files.copied.length > 0 ? [`  also copied: ${t.files.copied.join(', ')}`] : []),
    `  leaderboard: ${t.leaderboard}`,
    ...t.notes.map((n) => `  note: ${n}`),
  ];
  return lines.join('\n') + '\n';
}
