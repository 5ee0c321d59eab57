import type { CardColumn } from '../../datasets/card.js';
import type { Modality, Objective } from '../../task/schema.js';
import { forecastPlan, MAX_TEST_SHARE, MIN_TEST_ROWS } from '../forecast-plan.js';
import { chooseMetric } from '../metric-choice.js';
import { countedUnitKey, statedCounts, unitBlocks, unitKey } from '../row-blocks.js';
import { countingProcess, followUpOf, survivalPairsOf } from '../survival.js';
import { datedFollowUp } from '../survival-dates.js';
import { expertTargets, usableClasses, type TargetIdea, type TargetRejection } from '../targets.js';
import type { ColumnStats, DatasetProfile, Proposal } from '../types.js';

export { MIN_CLASS_ROWS, usableClasses } from '../targets.js';

const MIN_ROWS = 150;
/** A grouping key with fewer groups than this cannot hold out unseen groups. */
const MIN_GROUPS = 8;
/** The class a yes/no column asks about (`yes`, `1`, `TRUE`). */
const AFFIRMATIVE = /^(yes|y|1|true|t)$/i;

/** Calendar parts of a time axis: inputs of a forecast, never its target. */
export const CALENDAR = /^(year|quarter|month|week|day|day_of_week|dayofweek|date_of_month|day_of_month|hour|weekday)$/i;

export type Rejection = TargetRejection;

export interface Brainstorm {
  proposals: Proposal[];
  rejected: Rejection[];
}

function humanize(column: string): string {
  const words = column.replace(/[._]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The time axis: the card's time index, else a datetime column, else an integer year column. */
export function timeColumn(profile: DatasetProfile): string | undefined {
  // A censored survival time ("week of first arrest ... or censoring", a role the card builder inferred from the name `week`)
  // is a duration, and the dates of a follow-up stored as dates (and a birth date beside them) date a person's life, not the row: no time axis.
  const dated = datedFollowUp(profile);
  const notAxis = new Set([...survivalPairsOf(profile).map((p) => p.time), ...(dated ? followUpOf(profile).keys() : [])]);
  const birth = (name: string) => dated !== null && /\b(date|year) of birth\b|\bbirth ?date\b/i.test(profile.card.columns.find((c) => c.name === name)?.meaning ?? '');
  const complete = (name: string) => !notAxis.has(name) && !birth(name) && profile.columns.find((c) => c.name === name && c.missing === 0) !== undefined;
  const documented = profile.card.columns.find((c) => c.role === 'time' && complete(c.name));
  return (
    documented?.name ??
    profile.columns.find((c) => c.type === 'datetime' && complete(c.name))?.name ??
    profile.columns.find((c) => c.type === 'integer' && /^year$/i.test(c.name) && complete(c.name))?.name
  );
}

/** A "grouping key" the card's meaning shows to be a quantity (CPS's `school`: years of education), not a unit. */
/** Names of a subject's identifier, when the card gives the column no role. */
const SUBJECT = /^(id|pid|subject|patient|person)([._]?id)?$/i;

export const QUANTITY = /\b(years?|number|amount|count|level|hours|months|days) of\b|\bin years\b/i;

/** A documented meaning that names a part of the calendar (Ozone's V2, "Day of month"): part of the time index, never an entity. */
const CALENDAR_MEANING = /^\s*(the\s+)?(year|quarter|month|week|day|weekday|hour|minute|date|time)\b/i;

/** A column of the time index: documented as one, or a calendar part by its name or meaning. */
function timePart(c: CardColumn): boolean {
  return c.role === 'time' || CALENDAR.test(c.name) || CALENDAR_MEANING.test(c.meaning);
}

/**
 * The number of time steps the time axis may have: its own values, or those of the whole time
 * index the card documents (txhousing's year with month: 187 months; its `date`). Each is a
 * count the rows of one unit of a panel may cover.
 */
function timeSteps(profile: DatasetProfile, time: string): number[] {
  const complete = new Map(profile.columns.filter((c) => c.missing === 0).map((c) => [c.name, c.distinct]));
  const own = complete.get(time) ?? 0;
  const parts = profile.card.columns.filter((c) => c.role === 'time' && c.name !== time && complete.has(c.name)).map((c) => complete.get(c.name)!);
  return [own, ...parts, ...parts.map((n) => own * n)];
}

/**
 * The entity of a panel: a categorical column that, with the time index, indexes the rows (a state
 * in each year: 51 states × 23 years = 1,173 rows). Its rows are one unit observed over time.
 */
function panelEntity(profile: DatasetProfile, repeats: (c: CardColumn) => boolean): string | undefined {
  const time = timeColumn(profile);
  if (!time) return undefined;
  const steps = timeSteps(profile, time).filter((n) => n >= 3);
  if (steps.length === 0) return undefined;
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  return profile.card.columns.find((c) => {
    const s = stats.get(c.name);
    const categorical = c.type === 'factor' || c.type === 'string' || c.role === 'identifier' || c.role === 'grouping';
    return !timePart(c) && categorical && s !== undefined && repeats(c) && steps.some((n) => Math.abs(s.distinct * n - profile.rows) <= 0.1 * profile.rows);
  })?.name;
}

/**
 * The unit a task's rows repeat (subject, household, school, a panel's state...), when it repeats
 * enough to hold out whole groups: the card's grouping key; else a panel's entity; in
 * counting-process data, the subject's identifier.
 */
export function groupColumn(profile: DatasetProfile): string | undefined {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const repeats = (c: CardColumn) => {
    const s = stats.get(c.name);
    return s !== undefined && s.missing === 0 && s.distinct >= MIN_GROUPS && s.distinct <= profile.rows / 2;
  };
  const documented = profile.card.columns.find((c) => c.role === 'grouping' && repeats(c) && !QUANTITY.test(c.meaning))?.name;
  if (documented) return documented;
  const entity = panelEntity(profile, repeats);
  if (entity) return entity;
  const blocks = unitBlocks(profile);
  const key = blocks && unitKey(profile, blocks);
  if (key) return key;
  const counted = countedUnitKey(profile, profile.card.columns.filter((c) => repeats(c) && !timePart(c) && c.role !== 'outcome').map((c) => c.name));
  if (counted) return counted;
  // Counting-process data has one row per interval of a subject: the subject's identifier is the group.
  if (countingProcess(survivalPairsOf(profile))) {
    const intervals = (c: CardColumn) => {
      const s = stats.get(c.name);
      return s !== undefined && s.missing === 0 && s.distinct >= MIN_GROUPS && s.distinct < profile.rows;
    };
    return profile.card.columns.find((c) => (c.role === 'identifier' || SUBJECT.test(c.name)) && intervals(c))?.name;
  }
  return undefined;
}

/**
 * A repeated label that fixes the target (each president has one party): every row of a label
 * has the same answer, so a label on both sides of a split gives it away through whatever else
 * its rows share (a president's words).
 */
function targetOwner(profile: DatasetProfile, source: string): string | undefined {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  return profile.card.columns.find((c) => {
    const s = stats.get(c.name);
    return s !== undefined && s.missing === 0 && s.distinct >= MIN_GROUPS && s.distinct <= profile.rows / 2 && (s.determines ?? []).includes(source);
  })?.name;
}

/** What whole units a split must keep on one side, if the rows repeat any: a key column (group) or runs of rows (blocks). */
export type SplitUnit = { kind: 'group'; column: string } | { kind: 'blocks'; size: number };

/**
 * The unit a target's split holds out, when its rows repeat one: the dataset's grouping key
 * (unless it is the target), else a label that fixes the target, else a panel stored as runs of
 * rows without a key, else periods of a time index that each hold many rows. The Brainstormer
 * splits by it and the review checks the split against it.
 */
export function splitUnit(profile: DatasetProfile, source: string): SplitUnit | undefined {
  const group = groupColumn(profile);
  if (group && group !== source) return { kind: 'group', column: group };
  const owner = targetOwner(profile, source);
  if (owner) return { kind: 'group', column: owner };
  const blocks = unitBlocks(profile);
  if (blocks && !unitKey(profile, blocks)) return { kind: 'blocks', size: blocks.size };
  const period = sharedPeriod(profile);
  return period ? { kind: 'group', column: period } : undefined;
}

/** Rows per value of the time index beyond which its values are periods that hold many observations. */
const MIN_ROWS_PER_PERIOD = 4;

/**
 * A time index whose values are periods of many measurements, as its documentation says and the
 * rows show (NOxEmissions' `julday`, "typically with 24 hourly measurements": 8,088 rows over 338
 * days), with no entity to tell them apart: the rows of a period share its conditions (the day's
 * weather), so a random split shows a test hour the answers of the same day's other hours. Whole
 * periods are held out; a cut in time would instead test on one season only. Repeated
 * cross-sections (a survey's year, a cohort's year of diagnosis) state no such count and stay.
 */
function sharedPeriod(profile: DatasetProfile): string | undefined {
  const time = timeColumn(profile);
  const stats = profile.columns.find((c) => c.name === time);
  // Dated events (matches, polls) are split in time instead: see proposalFor.
  if (!time || !stats || stats.type === 'datetime' || stats.distinct < MIN_GROUPS) return undefined;
  // Rows per step of the finest time index (Ozone's month with day of month has one row each).
  const perPeriod = profile.rows / Math.max(...timeSteps(profile, time));
  // The rows a period holds, as the time column's documented meaning counts them.
  const stated = statedCounts(profile.card.columns.find((c) => c.name === time)?.meaning ?? '');
  return perPeriod >= MIN_ROWS_PER_PERIOD && stated.some((s) => Math.abs(perPeriod - s.count) <= 0.25 * s.count) ? time : undefined;
}

function objectiveOf(idea: TargetIdea): Objective {
  const objectives: Record<TargetIdea['kind'], Objective> = {
    binary: 'binary',
    multiclass: 'multiclass',
    ordinal: 'ordinal',
    count: 'regression',
    'zero-inflated': 'regression',
    'non-negative': 'regression',
    positive: 'regression',
    continuous: 'regression',
    ranking: 'ranking',
    forecast: 'forecasting',
  };
  return objectives[idea.kind];
}

/** Class shares of a target (derived targets: estimated from the source), for the metric choice. */
function classShares(idea: TargetIdea, source: ColumnStats, rows: number): { shares: number[]; minority?: string } {
  if (idea.derive.kind === 'copy') {
    const classes = usableClasses(source);
    const total = classes.reduce((n, c) => n + c.count, 0);
    const shares = classes.map((c) => c.count / Math.max(1, total));
    return { shares, minority: classes.length === 2 ? classes[1]!.value : undefined };
  }
  if (idea.derive.kind === 'threshold') {
    const zero = (source.top ?? []).find((t) => Number(t.value) === 0)?.count ?? 0;
    const share = zero / Math.max(1, rows * (1 - source.missing));
    // The share of "yes": above zero for `> 0`, at zero for `<= 0` (nokids).
    const yes = idea.derive.op === '>' || idea.derive.op === '>=' ? 1 - share : share;
    return { shares: [1 - yes, yes], minority: idea.derive.labels[yes <= 0.5 ? 1 : 0] };
  }
  // A match's result has three classes and no "yes" to ask about.
  if (idea.derive.kind === 'compare') {
    const { labels } = idea.derive;
    return { shares: labels.map(() => 1 / labels.length) };
  }
  return { shares: [0.5, 0.5], minority: 'yes' };
}

function proposalFor(profile: DatasetProfile, idea: TargetIdea, time: string | undefined, group: string | undefined, rejected: Rejection[]): Proposal | null {
  const source = profile.columns.find((c) => c.name === idea.source)!;
  const forecasting = idea.kind === 'forecast' || (profile.modality === 'time-series' && time !== undefined && idea.kind !== 'binary' && idea.kind !== 'multiclass' && idea.kind !== 'ordinal');
  const objective: Objective = forecasting ? 'forecasting' : objectiveOf(idea);
  const modality: Modality = forecasting ? 'time-series' : profile.modality === 'time-series' ? 'tabular' : profile.modality;
  const { shares, minority } = classShares(idea, source, profile.rows);
  // A yes/no asks about "yes" (any visits? participates?); only average precision needs the rare class as its positive.
  const yes = idea.derive.kind === 'copy' && idea.kind === 'binary' ? usableClasses(source).find((c) => AFFIRMATIVE.test(c.value))?.value : undefined;
  const asked = 'labels' in idea.derive && idea.derive.labels.length === 2 ? idea.derive.labels[1] : (yes ?? minority);
  const values = idea.derive.kind === 'copy' ? source : undefined;
  const byAsked = chooseMetric(forecasting ? 'forecast' : idea.kind, shares, asked, values);
  const chosen = byAsked.metric.name === 'average_precision' && minority !== asked ? chooseMetric(idea.kind, shares, minority, values) : byAsked;
  let split: Proposal['split'];
  let lags: Proposal['lags'];
  const unit = splitUnit(profile, idea.source);
  const dated = time !== undefined && profile.columns.find((c) => c.name === time)?.type === 'datetime' ? time : undefined;
  if (forecasting) {
    if (!time) {
      rejected.push({ target: idea.name, reason: 'a series without a time axis cannot be forecast' });
      return null;
    }
    const plan = forecastPlan(profile, time, group);
    if (!plan) {
      rejected.push({ target: idea.name, reason: `the series has too few time steps in \`${time}\` for a test period of at least ${MIN_TEST_ROWS} rows that is at most ${MAX_TEST_SHARE * 100}% of it` });
      return null;
    }
    split = { kind: 'temporal', timeColumn: time };
    lags = plan;
  } else if (unit?.kind === 'group') {
    split = { kind: 'group', groupColumn: unit.column };
  } else if (unit?.kind === 'blocks') {
    split = { kind: 'blocks', blockSize: unit.size };
  } else if (dated) {
    // Rows dated by an event (a match, a poll) are predicted from the past: a random split would train on later rows than it tests.
    split = { kind: 'temporal', timeColumn: dated };
  } else {
    split = { kind: idea.kind === 'binary' || idea.kind === 'multiclass' || idea.kind === 'ordinal' ? 'stratified' : 'random' };
  }
  const noun = forecasting ? 'forecast' : objective === 'regression' ? 'prediction' : 'classification';
  return {
    dataset: profile.dataset,
    target: idea.name,
    source: idea.source,
    derive: idea.derive,
    kind: forecasting ? 'forecast' : idea.kind,
    basis: idea.basis,
    evidence: idea.evidence,
    objective,
    modality,
    metric: chosen.metric,
    metricWhy: chosen.why,
    split,
    lags,
    features: [],
    title: `${idea.label ?? humanize(idea.name)} ${noun} — ${profile.card.title || profile.title}`,
    justification: idea.why,
  };
}

/** How a card says its data were made up: "simulated data", "these data were simulated", "a toy data set", "Artificial Example for ...". */
const SIMULATED_TEXT = /\b(?:(?:this|these|the) (?:data(?: ?set)?s?|dataset) (?:(?:is|are|was|were) )?(?:entirely )?simulated|simulated data(?: ?sets?)?|(?:data|responses) (?:are|were) simulated|a toy (?:data ?set|example)|artificial (?:data|example)|fictional data ?set|synthetic classification problem)\b/i;
const SIMULATED_TITLE = /^(?:artificial|simulated|synthetic|responses simulated)\b/i;

/** The card's words saying its data are simulated or a toy, or null for real data. */
export function simulatedData(profile: DatasetProfile): string | null {
  const { title, description } = profile.card;
  if (SIMULATED_TITLE.test(title)) return title.slice(0, 80);
  const m = SIMULATED_TEXT.exec(description);
  return m ? description.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ').trim() : null;
}

/**
 * The offline Brainstormer, reading the dataset card: its documented targets first, then the
 * columns it calls outcomes, then targets derived from those (any event of a zero-inflated count,
 * an event within a horizon of a survival time). Each proposal states why an expert would ask for
 * it. Fewer proposals rather than quotas filled with arbitrary columns.
 */
export function brainstormHeuristic(profile: DatasetProfile, perDataset: number): Brainstorm {
  if (profile.rows < MIN_ROWS) return { proposals: [], rejected: [{ reason: `${profile.rows} rows, fewer than the ${MIN_ROWS} a task needs for a meaningful test set` }] };
  if (profile.card.usableBy && !profile.card.usableBy.includes('smith')) {
    return { proposals: [], rejected: [{ reason: `the card reserves this dataset for ${profile.card.usableBy.join(', ')}` }] };
  }
  const simulated = simulatedData(profile);
  if (simulated) return { proposals: [], rejected: [{ reason: `the card says the data are not real ("${simulated}"): a competition is posted on real data, where what is learnt says something about the world` }] };
  const { ideas, rejected } = expertTargets(profile);
  const time = timeColumn(profile);
  const group = groupColumn(profile);
  if (!group && countingProcess(survivalPairsOf(profile))) {
    rejected.push({ reason: 'counting-process data (Surv(start, stop, event): one row per interval of a subject) without a repeated subject key to split by: rows of one subject would fall on both sides of the split' });
    return { proposals: [], rejected };
  }
  const proposals: Proposal[] = [];
  for (const idea of ideas) {
    if (proposals.length >= perDataset) {
      rejected.push({ target: idea.name, reason: `ranked below the ${perDataset} proposals kept per dataset` });
      continue;
    }
    if (idea.source === time || (CALENDAR.test(idea.source) && profile.modality === 'time-series')) {
      rejected.push({ target: idea.name, reason: 'the time axis itself is no target' });
      continue;
    }
    const proposal = proposalFor(profile, idea, time, group, rejected);
    if (proposal) proposals.push(proposal);
  }
  return { proposals, rejected };
}
