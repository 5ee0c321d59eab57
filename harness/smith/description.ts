import type { CardColumn } from '../datasets/card.js';
import { METRICS, metricDescription } from '../grading/metrics/catalog.js';
import { designedMetricParams } from './metric-choice.js';
import { meaningFromName } from './name-meaning.js';
import { frequencyOf, stepsIn, unitNoun } from './series-frequency.js';
import { horizonText, survivalEvent } from './survival-event.js';
import { followUpDerivationText } from './survival.js';
import type { DatasetProfile, Design } from './types.js';

/** A column as a competitor needs it: meaning, unit or coding from the card, range and missingness from the data. */
export function columnLine(profile: DatasetProfile, name: string): string {
  const c = profile.columns.find((x) => x.name === name);
  const card: CardColumn | undefined = profile.card.columns.find((x) => x.name === name);
  const documented = card?.meaning?.trim().replace(/\s+/g, ' ');
  const fromName = documented ? null : meaningFromName(name);
  const meaning = documented || (fromName ? `${fromName} (read from the column's name: the documentation does not describe it)` : undefined);
  const unit = card?.unit ? `; unit: ${card.unit}` : '';
  const coding = card?.coding && !meaning?.includes(card.coding) ? `; ${card.coding}` : '';
  if (!c) return `- \`${name}\`${meaning ? `: ${meaning}` : ''}${unit}${coding}`;
  const range = c.min !== undefined && c.max !== undefined ? `, from ${c.min} to ${c.max}` : '';
  const values = c.top && c.distinct <= 12 && !coding ? `, values ${c.top.map((t) => `\`${t.value}\``).join(', ')}` : '';
  const missing = c.missing > 0 ? `, ${(c.missing * 100).toFixed(1)}% missing in the raw data` : '';
  const inferred = documented && card?.origin === 'inferred' ? ' (meaning inferred from the data: the documentation is silent)' : '';
  return `- \`${name}\`${meaning ? `: ${meaning}` : ''}${unit}${coding} (${c.type}${range}${values}${missing})${inferred}`;
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

/**
 * What the target is, in the card's words: its own meaning, or for a derived target the meaning of
 * the column it is made from (the eighth reading: USSeatBelts' task never said `fatalities` counts
 * deaths per million traffic miles). Empty when the documentation gives no meaning.
 */
export function targetMeaningText(profile: DatasetProfile, design: Design): string {
  const p = design.proposal;
  const source = p.source ?? p.target;
  const card = profile.card.columns.find((c) => c.name === source);
  const meaning = card?.meaning?.trim().replace(/\s+/g, ' ').replace(/[.,;:]+$/, '');
  if (!meaning) return '';
  const unit = card?.unit ? ` (unit: ${card.unit})` : '';
  const inferred = card?.origin === 'inferred' ? ', as inferred from the data (the documentation is silent)' : '';
  return p.derive.kind === 'copy' || source === p.target
    ? `\`${p.target}\` is documented as: ${meaning}${unit}${inferred}.`
    : `It is made from \`${source}\`, documented as: ${meaning}${unit}${inferred}.`;
}

/** How the target is made, when it is not a raw column. */
function derivationText(profile: DatasetProfile, design: Design): string {
  const p = design.proposal;
  const d = p.derive;
  const source = `\`${p.source ?? p.target}\``;
  if (d.kind === 'threshold') return `\`${p.target}\` is \`${d.labels[1]}\` when ${source} ${d.op} ${d.value} and \`${d.labels[0]}\` otherwise; ${source} itself is not given.`;
  if (d.kind === 'share') return `\`${p.target}\` is ${source} / (${source} + \`${d.failures}\`); neither count is given.`;
  if (d.kind === 'event_by') {
    const followUp = followUpDerivationText(profile, p.target, p.source ?? p.target, d);
    if (followUp) return followUp;
    const named = survivalEvent(profile.card, p.source ?? p.target, d.status, d.event ?? '');
    const event = named.event ?? 'the event';
    const within = horizonText(d.horizon, p.source ?? p.target, named.unit);
    return `\`${p.target}\` is \`${d.labels[1]}\` when ${event} (\`${d.status}\` = ${d.event}) happened within ${within} of follow-up (${source} ≤ ${d.horizon}), \`${d.labels[0]}\` when follow-up went on past ${within} without it (${source} > ${d.horizon}); rows censored before ${d.horizon} are left out, since their answer is unknown, and neither ${source} nor \`${d.status}\` is given.`;
  }
  if (d.kind === 'rate') return `\`${p.target}\` is ${source} / \`${d.exposure}\` × ${d.per} (per ${d.per.toLocaleString('en-US')} of \`${d.exposure}\`); neither is given.`;
  if (d.kind === 'compare') return `\`${p.target}\` is \`${d.labels[2]}\` when ${source} > \`${d.other}\`, \`${d.labels[1]}\` when they are equal and \`${d.labels[0]}\` when ${source} < \`${d.other}\`; neither is given, so only what is known before the match can predict it.`;
  return '';
}

/**
 * A forecast's setup in the series' own unit: how far ahead, from where, and which past values each
 * row is given ("the 36 months after the training period ... 36, 37, 38 and 48 months earlier").
 */
function forecastText(design: Design): string {
  const p = design.proposal;
  const unit = p.lags?.unit ?? 'step';
  const frequency = unit === 'step' ? '' : ` (a ${frequencyOf(unit).adjective} series)`;
  if (!p.lags) return `The rows are ordered by \`${p.split.timeColumn}\`${frequency}: the last ${Math.round(design.testFraction * 100)}% of its time steps form the test set, so the task is to forecast the future from the past.`;
  const horizon = p.lags.horizon ?? p.lags.lags[0]!;
  const lags = p.lags.lags;
  const listed = `${lags.slice(0, -1).join(', ')}${lags.length > 1 ? ' and ' : ''}${lags.at(-1)}`;
  const series = p.lags.seriesColumn ? ` of each \`${p.lags.seriesColumn}\` series` : '';
  return [
    `The rows are ordered by \`${p.split.timeColumn}\`${frequency}. The test set is the ${stepsIn(unit, horizon)}${series} after the training period: each test row is a forecast ${stepsIn(unit, 1)} to ${stepsIn(unit, horizon)} ahead of the last training ${unitNoun(unit)}: the forecast horizon is ${stepsIn(unit, horizon)} ahead.`,
    `Each row carries the target's values ${listed} ${unitNoun(unit)}s earlier${p.lags.seriesColumn ? ' in the same series' : ''} (\`${p.target}_lag_<k>\`, empty before the series starts). The shortest lag is the horizon, so every lag of a test row was observed in the training period, and no test row shows another's answer; values observed later than that are not given, and a model that needs them must forecast them itself.`,
  ].join(' ');
}

function splitText(design: Design): string {
  const p = design.proposal;
  const pct = Math.round(design.testFraction * 100);
  if (p.split.kind === 'temporal') return forecastText(design);
  if (p.split.kind === 'group') return `The split is by \`${p.split.groupColumn}\`: about ${pct}% of its groups form the test set, with all their rows, so a model must generalize to groups it has never seen (their rows are alike, and a random split would reward remembering them).`;
  if (p.split.kind === 'blocks') return `The rows come in consecutive runs of ${p.split.blockSize}, each one unit observed ${p.split.blockSize} times (the data have no column naming the unit): about ${pct}% of the runs form the test set, with all their rows, so a model must generalize to units it has never seen (a unit's rows are alike, and a random split would reward remembering them).`;
  return `The rows are split at random${p.split.kind === 'stratified' ? ' (stratified by class)' : ''}: ${pct}% form the test set${pct > 25 ? ' (more than the usual quarter: the data are small, and a ranking needs enough test rows)' : ''}.`;
}

/** Which naive forecast a MASE scale of this task is, in the series' unit (the metric's text gives both kinds). */
function naiveText(design: Design): string {
  const p = design.proposal;
  if (p.metric.name !== 'mase' || !p.lags) return '';
  const unit = p.lags.unit ?? 'step';
  const pooled = p.lags.seriesColumn ? `, pooled over the \`${p.lags.seriesColumn}\` series (one scale for all of them)` : '';
  const naive = p.lags.season ? `the value ${stepsIn(unit, p.lags.season)} earlier (m = ${p.lags.season}, the series' season)` : `the previous ${unitNoun(unit)}'s value (m = 1: the series has no season)`;
  return ` Here the naive forecast is ${naive}, and its scale is measured on the training period${pooled}.`;
}

function metricText(design: Design): string {
  const p = design.proposal;
  const definition = METRICS.get(p.metric.name);
  const what = definition ? metricDescription(definition, designedMetricParams(p, p.metric.name)) : p.metric.name;
  return `Submissions are scored with **${definition?.title ?? p.metric.name}**: ${what}${naiveText(design)}${p.metricWhy ? ` It fits this target because ${p.metricWhy.charAt(0).toLowerCase()}${p.metricWhy.slice(1).replace(/\.?$/, '.')}` : ''}`;
}

/** Data caveats a competitor should know: what was removed and how much is missing. */
function caveats(profile: DatasetProfile, design: Design): string[] {
  const out: string[] = [];
  const target = profile.columns.find((c) => c.name === (design.proposal.source ?? design.proposal.target));
  if (target && target.missing > 0) out.push(`${(target.missing * 100).toFixed(1)}% of the raw rows have no \`${design.proposal.source ?? design.proposal.target}\`; they are removed.`);
  if (design.classes && design.proposal.derive.kind === 'copy' && target && target.distinct > design.classes.length) {
    const kept = new Set(design.classes);
    const rare = (target.top ?? []).filter((t) => !kept.has(t.value)).map((t) => `\`${t.value}\` (${t.count})`);
    const named = rare.length === target.distinct - design.classes.length ? `: ${rare.join(', ')}` : '';
    out.push(`Classes with fewer than ${design.minClassRows} rows in the raw data are left out, with their rows${named}.`);
  }
  const missingInputs = design.features.filter((f) => (profile.columns.find((c) => c.name === f)?.missing ?? 0) > 0);
  if (missingInputs.length) out.push(`Inputs with missing values (left empty in the CSV files): ${missingInputs.map((f) => `\`${f}\``).join(', ')}.`);
  const repeats = design.dropRepeats
    ? 'Repeated rows are kept once, so no row appears in both the training and the test data'
    : 'Rows that repeat every value are all kept: every column here is coarse (codes, levels, small counts), so two alike rows are two units that came out alike, and some input combinations appear in both the training and the test data';
  out.push(`${repeats}; at most ${design.maxRows} rows are used; row ids are a random permutation and carry no information.`);
  return out;
}

/** description.md in the unified section layout: Overview, Task, Data, Evaluation, Submission Format, Notes. */
export function renderDescription(profile: DatasetProfile, design: Design): string {
  const p = design.proposal;
  const card = profile.card;
  const derivation = derivationText(profile, design);
  const meaning = targetMeaningText(profile, design);
  const citation = card.citation ? `\n\nCitation: ${card.citation.replace(/\s+/g, ' ').slice(0, 400)}` : '';
  return `# ${p.title}

## Overview

${card.description || profile.description}

Source: **${card.title || profile.title}** (${profile.source}${card.source.documentation ? `; documented in ${card.source.documentation}` : ''}; license: ${card.license || profile.license}), domain: ${profile.domain}.${citation}

Why this task: ${p.justification}

## Task

Predict \`${p.target}\` for every row of \`test.csv\` (${p.objective}${p.modality !== 'tabular' ? `, ${p.modality}` : ''}).${meaning ? ` ${meaning}` : ''}${derivation ? ` ${derivation}` : ''}
${design.classes ? `\nClasses: ${design.classes.map((c) => `\`${c}\``).join(', ')}.\n` : ''}
## Data

- \`train.csv\`: \`id\`, the input columns below, and the target \`${p.target}\`.
- \`test.csv\`: \`id\` and the input columns, without the target.
- \`sample_submission.csv\`: a valid submission in the required format (an uninformed baseline).

Input columns:

${[...design.features.map((f) => columnLine(profile, f)), ...design.derivedInputs.map((d) => `- \`${d.name}\`: ${d.meaning} (number)`)].join('\n')}

${splitText(design)}

## Evaluation

${metricText(design)} About ${Math.round(design.publicFraction * 100)}% of the test rows form the public leaderboard, whose score is shown after each submission; the final ranking uses the remaining private rows.

## Submission Format

A CSV file with a header row and ${submissionText(design)}. For example:

\`\`\`
${submissionExample(design)}
\`\`\`

## Notes

${caveats(profile, design).map((c) => `- ${c}`).join('\n')}

${design.dropped.length ? `Columns of the raw data not given as inputs, and why:\n\n${design.dropped.map((d) => `- \`${d.column}\`: ${d.reason}`).join('\n')}\n` : 'Every column of the raw data is given as an input.'}
`;
}
