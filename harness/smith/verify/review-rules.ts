import { escapeRegExp } from '../../util/regex.js';
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../../tabular/csv.js';
import type { Task } from '../../task/loader.js';
import { missingSections } from '../roles/refactor.js';
import { METRICS } from '../../grading/metrics/catalog.js';
import { publishedInputs } from '../../task/recipe.js';
import { splitUnit } from '../roles/heuristic-brainstormer.js';
import { formulaPredictors } from '../targets.js';
import { MIN_TEST_ROWS as MIN_FORECAST_TEST_ROWS } from '../forecast-plan.js';
import { splitGroups, testGroups, WANTED_TEST_ROWS } from '../task-policy.js';
import { columnWaves, waveRelation } from '../waves.js';
import { isKindOfUnit } from '../measurement.js';
import type { CheckRecord, DatasetProfile, Design } from '../types.js';

/**
 * The review rubric. An LLM judge scores every criterion; the offline reviewer applies the parts
 * that can be checked mechanically (marked `checkable`).
 */
export const RUBRIC = [
  { id: 'meaningful', text: 'The target is a real quantity of interest in the domain, and predicting it from the inputs makes sense.', checkable: 'the card documents the target, calls it an outcome, or it is derived from one of those (or the data has no documentation at all); the target varies (no class above 95% of rows; a numeric target with spread)' },
  { id: 'non-trivial', text: 'The task needs learning: enough rows and inputs, no input that gives the answer away.', checkable: 'at least 100 training rows, 150 test rows (30 for a forecast) and three input columns (a tabular task); the inputs are more than a design (more than 100 distinct combinations of input values, or fewer than 4 training rows per combination)' },
  { id: 'realistic', text: 'The setup is one a practitioner would face: inputs available at prediction time, a sensible split and metric.', checkable: 'most raw rows are kept; no other outcome of the study is an input unless the documented model uses it; forecasts split by time and carry lags; a repeated grouping key the card names is split by group' },
  { id: 'metric-fits', text: 'The metric suits the target: its scale, its distribution, how its errors cost.', checkable: 'the metric registry lists the target\'s kind among those the metric fits, and the description says why' },
  { id: 'description-complete', text: 'The description states the goal, every file, every input column with its meaning, the metric and the submission format.', checkable: 'every required section, the target, the metric and each input column are named, each input with a meaning' },
  { id: 'consistent', text: 'The description and the manifest agree with the files.', checkable: 'train/test columns are exactly the documented ones; answers only use known classes' },
] as const;

interface Table {
  header: string[];
  rows: string[][];
}

/** A CSV file parsed once; the rules read its header, one column and its input combinations from that. */
async function readTable(file: string): Promise<Table> {
  return parseCsv(await readFile(file, 'utf8'));
}

async function header(file: string): Promise<string[]> {
  return parseCsv((await readFile(file, 'utf8')).split('\n', 1)[0] ?? '').header;
}

function column({ header: h, rows }: Table, name: string): string[] {
  const at = h.indexOf(name);
  return at < 0 ? [] : rows.map((r) => r[at] ?? '');
}

/**
 * The input combinations of train.csv (id and target left out). When each holds many rows (a design
 * of time × arm × sex), the best model is a table of cell means: nothing to learn, no competition.
 */
function inputCells({ header: h, rows }: Table, exclude: string[]): { cells: number; rows: number; inputs: string[] } {
  const at = h.map((name, i) => (exclude.includes(name) ? -1 : i)).filter((i) => i >= 0);
  return { cells: new Set(rows.map((r) => at.map((i) => r[i] ?? '').join('\u0001'))).size, rows: rows.length, inputs: at.map((i) => h[i]!) };
}
const MIN_ROWS_PER_CELL = 4;
/**
 * Input columns a tabular task needs: on two (the eighth reading's transact t1 and t2, glucose's
 * time and meal, noxemissions' two) every model lands within noise of a plain fit.
 */
const MIN_INPUTS = 3;
/**
 * Test rows a task needs to rank agents, as many as the designer asks for: every reading marked a
 * task of 150 test rows or fewer WEAK (the eighth: cars, penguins, mmmec, star98 on 105–149 rows).
 */
const MIN_TEST_ROWS = WANTED_TEST_ROWS;
/**
 * A yes/no task ranks agents by how they order its rarer class: with fewer test rows of it than
 * this, the ranking is noise (the fifth reading: Epi's diet had 17 test cases, KMsurv's kidtran 29).
 */
const MIN_TEST_MINORITY = 30;
/** Test groups of a group split (or runs) a task needs; the designer asks for WANTED_TEST_GROUPS. */
const MIN_TEST_GROUPS = 15;
/** Past this many combinations the inputs are covariates, however coarse (mlmrev's egsingle: 1,071), not a design. */
const MAX_DESIGN_CELLS = 100;

const MIN_COUNT_VALUES = 4;
const MIN_MEASUREMENT_VALUES = 10;

/** The rule-based reviewer: one record per rubric criterion. */
export async function reviewByRules(task: Task, design: Design, profile: DatasetProfile): Promise<CheckRecord[]> {
  const rawRows = profile.rows;
  const card = profile.card;
  const proposal = design.proposal;
  const { manifest, paths } = task;
  const target = manifest.targetColumns[0]!;
  const description = await readFile(paths.description, 'utf8');
  const train = await readTable(paths.train);
  const trainTarget = column(train, target);
  const out: CheckRecord[] = [];
  const record = (id: string, problems: string[], fixBy: CheckRecord['fixBy'], ok = `meets the rubric's checkable part: ${RUBRIC.find((r) => r.id === id)!.checkable}`) =>
    out.push({ id: `review-${id}`, stage: 'reviews', ok: problems.length === 0, message: problems.length ? problems.join('; ') : ok, fixBy });

  const meaningful: string[] = [];
  const documented = card.targets.length > 0 || card.columns.some((c) => c.role === 'outcome');
  if (proposal.basis === 'inferred' && documented) {
    const role = card.columns.find((c) => c.name === (proposal.source ?? proposal.target))?.role ?? 'unknown';
    meaningful.push(`the card documents other targets and calls \`${proposal.source ?? proposal.target}\` ${role === 'input' ? 'an input (a measurement, not the study\'s outcome)' : `a ${role} column`}: no expert would ask for it`);
  }
  if (manifest.classes) {
    const counts = new Map<string, number>();
    for (const v of trainTarget) counts.set(v, (counts.get(v) ?? 0) + 1);
    const top = Math.max(...counts.values()) / Math.max(1, trainTarget.length);
    if (top > 0.95) meaningful.push(`train.csv: class shares are too skewed (${(top * 100).toFixed(1)}% of rows in one class)`);
  } else {
    const nums = trainTarget.map(Number).filter(Number.isFinite);
    // A count (children, doctor visits) naturally takes few values; a measurement with few values is a code.
    const least = proposal.kind === 'count' || proposal.kind === 'zero-inflated' ? MIN_COUNT_VALUES : MIN_MEASUREMENT_VALUES;
    if (new Set(nums).size < least) meaningful.push(`train.csv: target \`${target}\` takes only ${new Set(nums).size} distinct values (a ${proposal.kind} target needs ${least})`);
  }
  record('meaningful', meaningful, 'brainstormer');

  const nonTrivial: string[] = [];
  if (manifest.split.rows.train < 100) nonTrivial.push(`only ${manifest.split.rows.train} training rows`);
  // A forecast's test period is its horizon (30 rows or more); other tasks need enough rows to rank agents by.
  const minTest = manifest.objective === 'forecasting' ? MIN_FORECAST_TEST_ROWS : MIN_TEST_ROWS;
  if (manifest.split.rows.test < minTest) nonTrivial.push(`only ${manifest.split.rows.test} test rows (needs ${minTest}: differences between agents on fewer are mostly noise)`);
  if (manifest.objective === 'binary' && manifest.classes) {
    const answers = column(await readTable(paths.answers), target);
    const [rarer, count] = manifest.classes.map((c) => [c, answers.filter((v) => v === c).length] as const).reduce((a, b) => (b[1] < a[1] ? b : a));
    if (count < MIN_TEST_MINORITY) nonTrivial.push(`answers.csv: only ${count} test rows of the rarer class \`${rarer}\` (needs ${MIN_TEST_MINORITY}: a ranking by how agents order so few cases is mostly noise)`);
  }
  const groups = splitGroups(profile, proposal);
  const inTest = groups === undefined ? undefined : testGroups(groups, design.testFraction);
  if (groups !== undefined && inTest !== undefined && inTest < MIN_TEST_GROUPS) {
    const units = proposal.split.kind === 'group' ? `groups of \`${proposal.split.groupColumn}\`` : `runs of ${proposal.split.blockSize} rows`;
    nonTrivial.push(`about ${inTest} of the ${groups} ${units} are in the test set (needs ${MIN_TEST_GROUPS}: a ranking on so few units says more about them than about the agents)`);
  }
  if (design.features.length === 0) nonTrivial.push('no input columns');
  else if (manifest.objective !== 'forecasting') {
    if (manifest.modality === 'tabular' && design.features.length + design.derivedInputs.length < MIN_INPUTS) {
      const published = [...design.features, ...design.derivedInputs.map((d) => d.name)];
      nonTrivial.push(`only ${published.length} input column${published.length === 1 ? '' : 's'} (${published.map((f) => `\`${f}\``).join(', ')}; needs ${MIN_INPUTS}): the best model is a smooth curve of them, which a textbook fit already draws, so there is nothing for competitors to rank on`);
    }
    const { cells, rows, inputs } = inputCells(train, [manifest.idColumn, ...manifest.targetColumns]);
    if (cells <= MAX_DESIGN_CELLS && cells * MIN_ROWS_PER_CELL <= rows) nonTrivial.push(`train.csv: the inputs (${inputs.map((f) => `\`${f}\``).join(', ')}) take only ${cells} distinct combinations over ${rows} rows (${(rows / cells).toFixed(1)} rows each): the best model is a table of cell means of the study's design, nothing to learn`);
  }
  record('non-trivial', nonTrivial, 'brainstormer');

  const realistic: string[] = [];
  const kept = manifest.split.rows.train + manifest.split.rows.test;
  if (kept < 0.5 * Math.min(rawRows, design.maxRows)) realistic.push(`only ${kept} of ${Math.min(rawRows, design.maxRows)} usable raw rows are kept`);
  if (manifest.objective === 'forecasting' && proposal.split.kind !== 'temporal') realistic.push('a forecasting task must split by time');
  if (manifest.objective === 'forecasting' && !proposal.lags) realistic.push('a forecast needs the history of the series (lag features) as inputs');
  const short = proposal.lags?.horizon ? proposal.lags.lags.filter((k) => k < proposal.lags!.horizon!) : [];
  if (short.length) realistic.push(`lags ${short.join(', ')} are shorter than the forecast's horizon of ${proposal.lags!.horizon} time steps: a later test row would show an earlier test row's answer`);
  const modelled = new Set(proposal.evidence ? formulaPredictors(proposal.evidence, profile.columns.map((c) => c.name)) : []);
  // An earlier wave's outcome (last grade's score) was known before the target: the designer's rule, in one place.
  const waves = columnWaves(card);
  const otherOutcomes = design.features.filter((f) => card.columns.find((c) => c.name === f)?.role === 'outcome' && !modelled.has(f) && waveRelation(waves, proposal.source ?? proposal.target, f) !== 'earlier' && !isKindOfUnit(card.columns.find((c) => c.name === f)?.meaning ?? ''));
  if (otherOutcomes.length) realistic.push(`inputs ${otherOutcomes.map((f) => `\`${f}\``).join(', ')} are other outcomes of the study, not known when the target is predicted`);
  // The same rule the Brainstormer splits by: one place decides what a repeated unit is.
  const unit = splitUnit(profile, proposal.source ?? proposal.target);
  if (unit && proposal.split.kind !== unit.kind && proposal.split.kind !== 'temporal') {
    realistic.push(unit.kind === 'group' ? `\`${unit.column}\` is a grouping key with repeated rows: a ${proposal.split.kind} split puts one group on both sides` : `the rows are runs of ${unit.size} rows of one unit each: a ${proposal.split.kind} split puts one unit on both sides`);
  }
  record('realistic', realistic, 'designer');

  const fits: string[] = [];
  const definition = METRICS.get(manifest.metric.name);
  if (proposal.kind && definition && !definition.fits.some((f) => f.kind === proposal.kind)) fits.push(`${manifest.metric.name} is not listed as fitting ${proposal.kind} targets (it fits ${definition.fits.map((f) => f.kind).join(', ') || 'no kind'})`);
  record('metric-fits', fits, 'designer');

  const complete: string[] = missingSections(description).map((s) => `description.md: no "## ${s}" section`);
  if (!description.includes(target)) complete.push(`description.md: the target \`${target}\` is not named`);
  const undocumented = design.features.filter((f) => !description.includes(`\`${f}\``));
  if (undocumented.length) complete.push(`description.md: input columns not described: ${undocumented.join(', ')}`);
  const meaningless = design.features.filter((f) => description.includes(`\`${f}\``) && !new RegExp(`^- \`${escapeRegExp(f)}\`: \\S`, 'm').test(description));
  if (meaningless.length && card.origins.description !== 'inferred') complete.push(`description.md: input columns without a meaning: ${meaningless.join(', ')}`);
  if (description.trim().length < 400) complete.push('description.md: shorter than 400 characters');
  record('description-complete', complete, 'refactor');

  const consistent: string[] = [];
  const expectedTest = [manifest.idColumn, ...(manifest.recipe ? publishedInputs(manifest.recipe) : design.features)];
  const trainHeader = train.header;
  const testHeader = await header(paths.test);
  if (testHeader.join() !== expectedTest.join()) consistent.push(`test.csv: columns ${testHeader.join(', ')} differ from the documented ${expectedTest.join(', ')}`);
  if (trainHeader.join() !== [...expectedTest, target].join()) consistent.push(`train.csv: columns ${trainHeader.join(', ')} differ from the documented ${[...expectedTest, target].join(', ')}`);
  if (manifest.classes) {
    const known = new Set(manifest.classes);
    const unknown = [...new Set(column(await readTable(paths.answers), target))].filter((v) => !known.has(v));
    if (unknown.length) consistent.push(`answers.csv: classes not in task.json: ${unknown.slice(0, 5).join(', ')}`);
  }
  record('consistent', consistent, 'designer');
  return out;
}
