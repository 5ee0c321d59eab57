import { escapeRegExp } from '../../util/regex.js';
import { orderedLevels } from '../../datasets/card.js';
import { derivedFrom, type Recipe, type RecipeSplit } from '../../task/recipe.js';
import { renderDescription } from '../description.js';
import { designSizing, MAX_ROWS, TEST_FRACTION, taskIdFor } from '../task-policy.js';
import { followUpOf } from '../survival.js';
import { ageAtEntry } from '../survival-dates.js';
import { readTable } from '../survival-dates.js';
import { selectionShifts } from '../selection-shift.js';
import { isBaseline, isKindOfUnit, measurementOf, otherSide } from '../measurement.js';
import { formulaPredictors } from '../targets.js';
import { columnWaves, waveRelation } from '../waves.js';
import type { ColumnStats, DatasetProfile, Design, Draft, Proposal } from '../types.js';
import { CALENDAR, MIN_CLASS_ROWS, QUANTITY, usableClasses } from './heuristic-brainstormer.js';

const MAX_FEATURE_MISSING = 0.6;
/** A documented calendar time of a row's start (flchain's `sample.yr`, "the calendar year in which a blood sample was obtained"; MGUS's "year of diagnosis"; Rotterdam's "year of surgery"). */
const ENTRY_CALENDAR = /\b(calendar year|year of|year in which|date of|date on which)\b/i;
const BIRTH = /\b(birth|born)\b/i;

/** Raw columns the target is made of: never inputs. */
export function targetColumns(proposal: Proposal): string[] {
  return [proposal.target, proposal.source ?? proposal.target, ...derivedFrom(proposal.derive)];
}

/** Qualifiers that make one count of an outcome out of another: `nfatal`, `afatal`, `fatal1517` beside `fatal`; `selfcites` beside `othercites`. */
const COUNT_QUALIFIER = /^(total|other|theo|self|num|tot|pct|per|no|n|s|a)[._]?/;

/** The word a count is a count of, once qualifiers and age-band digits are off (at least four letters, else none). */
export function outcomeStem(column: string): string | null {
  const bare = column.toLowerCase().replace(/[._]?\d+$/, '');
  const stem = bare.replace(COUNT_QUALIFIER, '');
  return stem.length >= 4 ? stem : bare.length >= 4 ? bare : null;
}

/** A column the documentation calls an estimate, a prediction or a fitted value. */
const ESTIMATE = /\b(estimated|predicted|fitted|forecast(ed)?)\b/i;

/** The noun a documented meaning is about ("estimated performance (by ...)" → performance). */
function headNoun(meaning: string): string | null {
  return measurementOf(meaning)?.split('|')[1] ?? null;
}

/**
 * Columns the documented response adds to or subtracts from the target (`score = (math + read)/2` for
 * target math: read). A divisor is a normalisation, not a part (`log(cost/fuel)`: fuel is a price).
 */
function responseParts(profile: DatasetProfile, proposal: Proposal): Set<string> {
  const names = profile.columns.map((c) => c.name);
  const source = proposal.source ?? proposal.target;
  const name = '[A-Za-z_.][A-Za-z0-9_.]*';
  const escaped = escapeRegExp(source);
  const beside = new RegExp(`(${name})\\s*[+-]\\s*${escaped}(?![\\w.])|(?<![\\w.])${escaped}\\s*[+-]\\s*(${name})`, 'g');
  const words = profile.card.targets
    .filter((t) => t.column === source && t.transform)
    .flatMap((t) => [...t.transform!.matchAll(beside)].map((m) => m[1] ?? m[2]!));
  return new Set(names.filter((n) => n !== source && words.includes(n)));
}

/** Inputs for a proposal: usable columns, minus those screened as unsafe or unknown at prediction time, each drop with its reason. */
export function chooseFeatures(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>): Pick<Design, 'features' | 'dropped'> {
  const dropped: Design['dropped'] = [];
  const features: string[] = [];
  const forecasting = proposal.objective === 'forecasting';
  const roles = new Map(profile.card.columns.map((c) => [c.name, c.role]));
  const fromTarget = new Set(targetColumns(proposal));
  // `y ~ .` names no predictor in particular (and often runs on a subset of the columns).
  const explicit = proposal.evidence && !/~\s*\.\s*(,|\)|\+|-|$)/.test(proposal.evidence);
  const modelled = new Set(explicit ? formulaPredictors(proposal.evidence!, profile.columns.map((c) => c.name)) : []);
  const series = proposal.lags?.seriesColumn;
  const documented = new Set([...profile.card.targets.map((t) => t.column), ...profile.knownTargets]);
  const parts = responseParts(profile, proposal);
  const followUp = followUpOf(profile);
  const stem = outcomeStem(proposal.source ?? proposal.target);
  const meanings = new Map(profile.card.columns.map((c) => [c.name, c.meaning]));
  // A yes/no column (CoIL's CARAVAN) is one product among the others a customer holds, not their sum.
  const sourceStats = profile.columns.find((c) => c.name === (proposal.source ?? proposal.target));
  // A follow-up's exit date (the source of an event within a horizon of entry) is no measurement whose siblings are other dates: a birth date stays.
  const datedFollowUp = proposal.derive.kind === 'event_by' && proposal.derive.entry !== undefined;
  const measured = (sourceStats?.distinct ?? 0) > 2 && !datedFollowUp ? measurementOf(meanings.get(proposal.source ?? proposal.target) ?? '') : null;
  const names = profile.columns.map((c) => c.name);
  const source = proposal.source ?? proposal.target;
  const table = proposal.derive.kind === 'event_by' ? readTable(profile) : null;
  const shifted = new Map(table && proposal.derive.kind === 'event_by' ? selectionShifts(table, source, proposal.derive, names).map((s) => [s.column, s]) : []);
  // A second documented target is measured with this one when the card calls it an outcome, the documented model of the target leaves it out (anes96's vote beside PID's exog), it is the other side of the same event (home and away scores) or the same kind of measurement; otherwise the documentation offers it as another question (Gapminder's life expectancy beside fertility) and it is a covariate.
  const measuredWith = (name: string) =>
    roles.get(name) === 'outcome' || modelled.size > 0 || otherSide(source, names) === name || (measurementOf(meanings.get(name) ?? '') ?? '') === (measurementOf(meanings.get(source) ?? '') ?? '-');
  const inferredRole = (name: string) => profile.card.origins[`columns.${name}.role`] === 'inferred';
  const responseForm = multiResponseForm(profile, source);
  const waves = columnWaves(profile.card);
  // What an earlier wave measured (last grade's score) was known before the target: an input, not a sibling outcome.
  const earlier = (name: string) => waveRelation(waves, source, name) === 'earlier';
  const later = (name: string) => waveRelation(waves, source, name) === 'later';
  for (const column of profile.columns) {
    if (column.name === proposal.target) continue;
    const drop = (reason: string) => dropped.push({ column: column.name, reason });
    const role = roles.get(column.name);
    if (fromTarget.has(column.name)) drop('the target is derived from it');
    else if (followUp.has(column.name)) drop(followUp.get(column.name)!);
    else if (proposal.features.length > 0 && !proposal.features.includes(column.name)) {
      if (proposal.modality !== 'text') drop("not among the proposal's inputs");
    }
    // A forecast's time axis and series key are known in advance; the test rows lie after all of training.
    else if (forecasting && (column.name === proposal.split.timeColumn || column.name === series || CALENDAR.test(column.name))) features.push(column.name);
    else if (unsafe[column.name]) drop(`leaks the target: ${unsafe[column.name]}`);
    else if (later(column.name)) {
      drop(`recorded in a later wave (\`${column.name}\`, wave ${waves.get(column.name)!.suffix}) than the target (wave ${waves.get(source)!.suffix}): measured after it, and its gaps are who left the study after it`);
    }
    else if (proposal.derive.kind === 'event_by' && ENTRY_CALENDAR.test(meanings.get(column.name) ?? '') && !BIRTH.test(meanings.get(column.name) ?? '')) {
      drop(`the calendar time of entry (${meanings.get(column.name)!.trim().replace(/\.$/, '')}): it decides how long follow-up could run, so once the rows censored before the horizon are left out, late entrants remain only where the event came early (a selection leak)`);
    }
    else if (shifted.has(column.name)) {
      const levels = shifted.get(column.name)!.censoredEarly.map((l) => `${l.level}: ${Math.round(l.share * 100)}% of ${l.rows}`).join(', ');
      drop(`how long a row could be followed depends on it (of the rows without the event by the horizon, censored before it: ${levels}): once those rows are left out, its levels differ in the answer by who was followed, not by the event (a selection leak)`);
    }
    else if (column.name === proposal.split.groupColumn) drop('the group key: the test rows belong to groups that training never sees, so the key itself says nothing');
    else if (column.name.toLowerCase() === 'id') drop('the name `id` is reserved for the row identifier');
    else if (role === 'identifier') drop('an identifier in the documentation: it names a row or an entity and carries no signal by design');
    else if (role === 'grouping' && (column.type === 'integer' || column.type === 'number') && !QUANTITY.test(meanings.get(column.name) ?? '')) {
      // A key with a value per row (exam's `student`, nwtco's `seqno`) numbers units, not groups of them.
      if (column.distinct >= 0.95 * profile.rows) drop('the number of a unit (a record, a subject), nearly one value per row: it names the row, and its value means nothing');
      else drop('the number of a group (a matched set, a household, a cluster): it names the group, its value means nothing, and test rows may belong to groups training never saw');
    }
    else if (role === 'outcome' && !modelled.has(column.name) && !earlier(column.name) && !isKindOfUnit(meanings.get(column.name) ?? '')) drop('another outcome of the study, measured with or after the target: it would not be known when the target is predicted');
    else if (documented.has(column.name) && (column.type === 'number' || column.type === 'integer') && !modelled.has(column.name) && !earlier(column.name) && measuredWith(column.name)) drop(otherSide(source, names) === column.name ? 'the other score of the same match, a documented outcome measured with the target: not known when the target is predicted' : 'another documented response of the study, measured with the target: not known when the target is predicted');
    else if (responseForm !== null && !modelled.has(column.name) && inferredRole(column.name) && formOf(column) === responseForm.form) {
      drop(`by its values, another response of the study like the documented ${responseForm.responses.length > 1 ? 'responses' : 'response'} ${responseForm.responses.map((r) => `\`${r}\``).join(', ')} (the card does not document it as an input): measured with the target, not known when it is predicted`);
    }
    else if (parts.has(column.name)) drop('part of the documented response (the documentation models the two together): measured with the target, not known when it is predicted');
    else if (!forecasting && stem !== null && outcomeStem(column.name) === stem && (column.type === 'number' || column.type === 'integer') && !earlier(column.name)) {
      drop(`another count of the same outcome as \`${proposal.source ?? proposal.target}\` (a subgroup or kind of it): measured with the target, not known when it is predicted`);
    } else if (!forecasting && measured !== null && !modelled.has(column.name) && !earlier(column.name) && !isBaseline(meanings.get(column.name) ?? '') && measurementOf(meanings.get(column.name) ?? '') === measured && (column.type === 'number' || column.type === 'integer')) {
      drop(`by its documented meaning, the same kind of measurement as the target (${meanings.get(column.name)!.trim().replace(/\.$/, '')}): a sibling outcome measured with it, not known when it is predicted`);
    }
    else if (ESTIMATE.test(meanings.get(column.name) ?? '') && headNoun(meanings.get(column.name) ?? '') !== null && headNoun(meanings.get(column.name) ?? '') === headNoun(meanings.get(proposal.source ?? proposal.target) ?? '')) {
      drop(`a published estimate of the target (${meanings.get(column.name)!.trim().replace(/\.$/, '')}): someone else's prediction of the answer, not an input`);
    }
    else if (column.idLike) drop('an identifier or name, unique per row');
    else if (column.constant) drop('constant');
    else if (column.missing > MAX_FEATURE_MISSING) drop(`${Math.round(column.missing * 100)}% missing`);
    else if (column.type === 'path' && proposal.modality !== 'image') drop('file paths are not part of a tabular task');
    else if (column.type === 'text' && proposal.modality !== 'text') drop('free text, left out of a tabular task');
    else if (forecasting && !(column.type === 'string' && column.distinct <= 30) && role !== 'design') {
      drop('another series observed at the same time: it would not be known when forecasting');
    } else features.push(column.name);
  }
  return { features, dropped };
}

/** A column's form: its type and, for a few values, the values themselves (0/1 presence of a species). */
function formOf(column: ColumnStats): string {
  return column.distinct <= 5 ? `${column.type}:${(column.top ?? []).map((t) => t.value).sort().join(',')}` : column.type;
}

/** A description saying its data hold several responses ("there are binary responses ... for 17 plant species"). */
const MANY_RESPONSES = /\b(?:\d+|several|multiple|many|binary|presence\/absence)\s+(?:\w+\s+)?responses\b/i;

/**
 * Multi-response data (Hunua's presence of 17 species at a site): when the target is one of at least
 * two documented outcomes of one form (a few values), or the description says the data hold several
 * responses, the form and the documented outcomes. A column of that form whose role the card only
 * inferred is another response, not a covariate.
 */
function multiResponseForm(profile: DatasetProfile, source: string): { form: string; responses: string[] } | null {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const target = stats.get(source);
  if (!target || target.distinct > 5) return null;
  const form = formOf(target);
  const responses = profile.card.columns
    .filter((c) => c.role === 'outcome' && profile.card.origins[`columns.${c.name}.role`] !== 'inferred')
    .filter((c) => { const s = stats.get(c.name); return s !== undefined && formOf(s) === form; })
    .map((c) => c.name);
  const several = responses.length >= 2 || MANY_RESPONSES.test(profile.card.description);
  return several && responses.includes(source) ? { form, responses } : null;
}

/**
 * The classes a classification target keeps, in order: derived yes/no labels, an ordered factor's
 * documented levels (quadratic weighted kappa reads the order: CHFLS's "Very unhappy" is no
 * neighbour of "Very happy"), numeric order for codes, else sorted.
 */
function classesOf(profile: DatasetProfile, proposal: Proposal): string[] | undefined {
  const d = proposal.derive;
  if (d.kind === 'threshold' || d.kind === 'event_by' || d.kind === 'compare') return [...d.labels];
  if (!['binary', 'multiclass', 'ordinal'].includes(proposal.objective)) return undefined;
  const stats = profile.columns.find((c) => c.name === proposal.target)!;
  const classes = usableClasses(stats).map((c) => c.value);
  const card = profile.card.columns.find((c) => c.name === proposal.target);
  const levels = card ? orderedLevels(card) : null;
  if (levels && classes.every((c) => levels.includes(c))) return [...classes].sort((a, b) => levels.indexOf(a) - levels.indexOf(b));
  const numeric = classes.every((c) => Number.isFinite(Number(c)));
  return numeric ? [...classes].sort((a, b) => Number(a) - Number(b)) : [...classes].sort();
}

function recipeSplit(proposal: Proposal): RecipeSplit {
  const { kind, timeColumn, groupColumn, blockSize } = proposal.split;
  if (kind === 'temporal') return { kind, column: timeColumn! };
  if (kind === 'group') return { kind, column: groupColumn! };
  if (kind === 'blocks') return { kind, size: blockSize! };
  return { kind };
}

/**
 * The share of the time axis a forecast holds out: its horizon (the shortest lag when the proposal
 * states none) over the time steps the preparer keeps (the latest `maxRows` rows of a long series).
 */
function forecastTestFraction(profile: DatasetProfile, proposal: Proposal, maxRows: number): number {
  const steps = profile.columns.find((c) => c.name === proposal.split.timeColumn)?.distinct ?? 0;
  const kept = Math.min(steps, Math.ceil((steps * maxRows) / Math.max(1, profile.rows)));
  return proposal.lags && kept > 0 ? (proposal.lags.horizon ?? proposal.lags.lags[0]!) / kept : TEST_FRACTION;
}

/** The task's preparation as data, for the one recipe preparer. */
export function recipeFor(profile: DatasetProfile, design: Design, fileColumns: string[]): Recipe {
  const p = design.proposal;
  return {
    preparer: 'tabular-v1',
    table: profile.table,
    inputs: design.features,
    derivedInputs: design.derivedInputs.map(({ meaning: _meaning, ...d }) => d),
    fileColumns,
    target: { source: p.source ?? p.target, name: p.target, derive: p.derive },
    classes: design.classes ?? null,
    submission: p.metric.form,
    positiveClass: p.metric.positiveClass ?? null,
    split: recipeSplit(p),
    lags: p.lags ? { lags: p.lags.lags, ...(p.lags.seriesColumn ? { seriesColumn: p.lags.seriesColumn } : {}) } : null,
    dropRepeats: design.dropRepeats,
    maxRows: design.maxRows,
    testFraction: design.testFraction,
    publicFraction: design.publicFraction,
    seed: design.seed,
  };
}

/** A column with this many distinct values (or half as many as rows, in a small table) makes a repeat of a whole row a copy, not chance. */
const COPY_EVIDENCE_DISTINCT = 100;

/**
 * Whether rows repeating every value of these columns are copies. With a finely measured column
 * among them (diamonds' 11,602 prices, a date-time, a text), two equal rows were written twice;
 * when every column is coarse (Cowles' 0–24 scores, DoctorVisits' counts and bands), alike rows
 * are different people, and removing them deleted 44% and 25% of those studies' respondents.
 */
export function repeatsAreCopies(profile: DatasetProfile, columns: readonly string[]): boolean {
  const fine = Math.min(COPY_EVIDENCE_DISTINCT, profile.rows / 2);
  return columns.some((name) => (profile.columns.find((c) => c.name === name)?.distinct ?? 0) >= fine);
}

/**
 * The offline Designer: turns a proposal into concrete decisions (inputs, classes, split, sizes,
 * seed) declared as a recipe, and writes the description from the dataset card. `feedback` is the
 * verification message of a previous attempt; the heuristic acts on the leak reports it can act on.
 */
export function designHeuristic(profile: DatasetProfile, proposal: Proposal, unsafe: Record<string, string>, feedback: string[] = []): Draft {
  const extraUnsafe = { ...unsafe };
  for (const message of feedback) {
    for (const [, column] of message.matchAll(/column `([^`]+)`/g)) {
      if (column && column !== proposal.target) extraUnsafe[column] = `flagged by verification: ${message}`;
    }
  }
  if (unsafe['*']) throw new DesignError(`${proposal.target}: ${unsafe['*']}; nothing is left to learn`);
  const id = taskIdFor(proposal, profile.dataset);
  const inputs = chooseFeatures(profile, proposal, extraUnsafe);
  const design: Design = {
    proposal,
    ...inputs,
    derivedInputs: ageAtEntry(profile, proposal, inputs.features),
    classes: classesOf(profile, proposal),
    minClassRows: MIN_CLASS_ROWS,
    ...designSizing(profile, proposal, id),
    dropRepeats: repeatsAreCopies(profile, [...inputs.features, proposal.source ?? proposal.target]),
    ...(proposal.split.kind === 'temporal' ? { testFraction: forecastTestFraction(profile, proposal, MAX_ROWS[proposal.modality]) } : {}),
  };
  if (design.features.length === 0) throw new DesignError(`${proposal.target}: no safe input columns remain (${design.dropped.map((d) => `${d.column}: ${d.reason}`).join('; ')})`);
  return {
    id,
    design,
    recipe: recipeFor(profile, design, fileColumns(profile, design.features)),
    description: renderDescription(profile, design),
    roles: { brainstormer: { by: 'heuristic' }, designer: { by: 'heuristic' } },
  };
}

/** Inputs that name files (images, texts) which the preparer copies next to the tables. */
export function fileColumns(profile: DatasetProfile, features: string[]): string[] {
  return features.filter((f) => profile.columns.find((c) => c.name === f)?.type === 'path');
}

export class DesignError extends Error {
  override name = 'DesignError';
}
