import type { DatasetProfile, Design } from './types.js';

const METRIC_TEXT: Record<string, string> = {
  accuracy: 'accuracy: the share of test rows whose predicted class is right (higher is better)',
  balanced_accuracy: 'balanced accuracy: the mean over classes of the recall of each class, so rare classes count as much as common ones (higher is better)',
  f1_macro: 'macro-averaged F1: the unweighted mean of the per-class F1 scores (higher is better)',
  quadratic_weighted_kappa: 'quadratic weighted kappa: agreement between predicted and true classes, where an error costs the square of its distance between ordered classes (higher is better; 1 is perfect, 0 is chance)',
  log_loss: 'multiclass log loss: the mean negative log-probability given to the true class; probabilities are clipped to [1e-15, 1 − 1e-15] and each row is renormalized (lower is better)',
  roc_auc: 'area under the ROC curve of the probability given to the positive class (higher is better; 0.5 is chance)',
  average_precision: 'average precision (area under the precision–recall curve) of the probability given to the positive class (higher is better)',
  rmse: 'root mean squared error (lower is better)',
  mae: 'mean absolute error (lower is better)',
  rmsle: 'root mean squared logarithmic error, sqrt(mean((log(1 + prediction) − log(1 + truth))²)); predictions must be non-negative (lower is better)',
  mape: 'mean absolute percentage error, mean(|truth − prediction| / |truth|) (lower is better)',
};

function columnLine(profile: DatasetProfile, name: string): string {
  const c = profile.columns.find((x) => x.name === name);
  if (!c) return `- \`${name}\``;
  const range = c.min !== undefined && c.max !== undefined ? `, from ${c.min} to ${c.max}` : '';
  const values = c.top && c.distinct <= 12 ? `, values ${c.top.map((t) => `\`${t.value}\``).join(', ')}` : '';
  const missing = c.missing > 0 ? `, ${(c.missing * 100).toFixed(1)}% missing in the raw data` : '';
  return `- \`${name}\` (${c.type}${range}${values}${missing})`;
}

function submissionExample(design: Design): string {
  const p = design.proposal;
  const classes = design.classes ?? [];
  if (p.metric.form === 'labels') return `id,${p.target}\n0,${classes[0]}\n1,${classes[1] ?? classes[0]}`;
  if (p.metric.form === 'probabilities' && p.metric.positiveClass) return `id,${p.target}\n0,0.82\n1,0.07`;
  if (p.metric.form === 'probabilities') {
    const even = (1 / classes.length).toFixed(3);
    return `id,${classes.join(',')}\n0,${classes.map(() => even).join(',')}`;
  }
  return `id,${p.target}\n0,12.5\n1,3.0`;
}

function submissionText(design: Design): string {
  const p = design.proposal;
  if (p.metric.form === 'labels') return `one row per test \`id\`, with the predicted class of \`${p.target}\` (one of ${(design.classes ?? []).map((c) => `\`${c}\``).join(', ')})`;
  if (p.metric.form === 'probabilities' && p.metric.positiveClass) return `one row per test \`id\`, with the probability that \`${p.target}\` is \`${p.metric.positiveClass}\` in column \`${p.target}\``;
  if (p.metric.form === 'probabilities') return `one row per test \`id\`, with one probability column per class, named and ordered as ${(design.classes ?? []).map((c) => `\`${c}\``).join(', ')}; each row should sum to 1`;
  return `one row per test \`id\`, with the predicted value of \`${p.target}\``;
}

/** description.md in the unified section layout: Overview, Task, Data, Evaluation, Submission Format, Notes. */
export function renderDescription(profile: DatasetProfile, design: Design): string {
  const p = design.proposal;
  const temporal = p.split.kind === 'temporal';
  const splitText = temporal
    ? `The rows are ordered by \`${p.split.timeColumn}\`: the last ${Math.round(design.testFraction * 100)}% form the test set, so the task is to predict the future from the past.`
    : `The rows are split at random${p.split.kind === 'stratified' ? ' (stratified by class)' : ''}: ${Math.round(design.testFraction * 100)}% form the test set.`;
  const classesText = design.classes ? `\nClasses: ${design.classes.map((c) => `\`${c}\``).join(', ')}. Classes with fewer than ${design.minClassRows} rows in the raw data are left out.\n` : '';
  return `# ${p.title}

## Overview

${profile.description}

This competition was generated from the dataset **${profile.title}** (${profile.source}; license: ${profile.license}), domain: ${profile.domain}.
${p.justification}

## Task

Predict \`${p.target}\` for every row of \`test.csv\` (${p.objective}${p.modality !== 'tabular' ? `, ${p.modality}` : ''}).
${classesText}
## Data

- \`train.csv\`: \`id\`, the input columns below, and the target \`${p.target}\`.
- \`test.csv\`: \`id\` and the input columns, without the target.
- \`sample_submission.csv\`: a valid submission in the required format (an uninformed baseline).

Input columns:

${design.features.map((f) => columnLine(profile, f)).join('\n')}

${splitText} Rows whose target is missing are removed, and repeated rows are kept once, so no row appears in both the training and the test data.${design.maxRows ? ` At most ${design.maxRows} rows are used.` : ''} Row ids are a random permutation and carry no information.

## Evaluation

Submissions are scored with ${METRIC_TEXT[p.metric.name] ?? p.metric.name}. About ${Math.round(design.publicFraction * 100)}% of the test rows form the public leaderboard, whose score is shown after each submission; the final ranking uses the remaining private rows.

## Submission Format

A CSV file with a header row and ${submissionText(design)}. For example:

\`\`\`
${submissionExample(design)}
\`\`\`

## Notes

${design.dropped.length ? `Columns of the raw data not given as inputs:\n\n${design.dropped.map((d) => `- \`${d.column}\`: ${d.reason}`).join('\n')}\n` : 'Every column of the raw data is given as an input.'}
`;
}
