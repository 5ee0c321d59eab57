import { escapeRegExp } from '../util/regex.js';
import type { CardColumn, DatasetCard, DocumentedTarget } from '../datasets/card.js';
import type { TargetKind } from '../grading/metrics/types.js';
import { derivedFrom, type TargetDerivation } from '../task/recipe.js';
import { EXPOSURE, headPhrase, isBaseline, isReport, measurementOf, sameQuantity } from './measurement.js';
import { followUpColumns, phrasedPairsOf, survivalPairsOf, survivalTerms, type SurvivalPair } from './survival.js';
import { bestHorizon, datedFollowUp, readTable } from './survival-dates.js';
import { phrasedUnit } from './survival-phrases.js';
import { horizonText, survivalEvent } from './survival-event.js';
import { choiceColumns } from './choice-columns.js';
import { titleTarget } from './title-subject.js';
import type { ColumnStats, DatasetProfile } from './types.js';

/**
 * The targets an expert would choose, read off the dataset card the way an LLM Brainstormer reads
 * documentation: the documented targets first (an R example's model formula, statsmodels' endog,
 * scikit-learn's target), then columns the card calls outcomes, then targets derived from those
 * by domain templates (any event of a count, an event within a horizon of a survival time).
 * A column the card calls an input, a design variable, a grouping key, an identifier or a time
 * index never becomes a target: a measurement predicted from its sibling measurements is no task.
 */
export interface TargetIdea {
  /** The raw column the target is made from. */
  source: string;
  /** The target's column name in the task. */
  name: string;
  derive: TargetDerivation;
  kind: TargetKind;
  /** documented: the card's documented target; outcome: a column the card calls an outcome; derived: a template over one of those; series: a documented series of a time-series dataset; title: the quantity the title names, the card documenting no target; choice: what the unit chose or what was decided about it, in the card's words, the card documenting no target; inferred: no card to go by (a user folder). */
  basis: 'documented' | 'outcome' | 'derived' | 'series' | 'title' | 'choice' | 'inferred';
  /** How a title names the target, when its column name says too little ("Death within 310 days" for `status_by_310`). */
  label?: string;
  /** Why an expert would ask for this target, in the card's words. */
  why: string;
  /** The documentation's own words (a model formula), when there are some. */
  evidence?: string;
  /** Columns the documented model uses as predictors (the formula's right-hand side). */
  formulaInputs: string[];
}

export interface TargetRejection {
  target?: string;
  reason: string;
}

/** At least this many rows of each class, so both sides of the split can learn and score it. */
export const MIN_CLASS_ROWS = 10;
const MAX_CLASSES = 30;
const MAX_TARGET_MISSING = 0.3;
/**
 * More missing answers are allowed when this many rows keep one (Project STAR's kindergarten
 * reading score, missing for the half who joined later, still has 5,800), up to MAX_SPARSE_MISSING:
 * rows without the answer are left out, as for any missing target.
 */
const MIN_ANSWERED_ROWS = 1000;
const MAX_SPARSE_MISSING = 0.6;
/** A count with this share of zeros (or more) is zero-inflated: "any event" is its natural question. */
const ZERO_INFLATED_SHARE = 0.4;
/** A series zero at least this often (Hamilton's oil price shocks: 83%) is spikes, not a level: no forecast target. */
const MOSTLY_ZERO_SERIES = 0.5;

/** Column names in an R model formula's right-hand side (`y ~ a + log(b) * c + strata(d)`), or in statsmodels' `exog_name = [...]`. */
export function formulaPredictors(text: string, columns: readonly string[]): string[] {
  const tilde = text.indexOf('~');
  if (tilde < 0) {
    const exog = /exog_name\s*=\s*\[([^\]]*)\]/.exec(text)?.[1];
    const named = new Set([...(exog ?? '').matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]!));
    return columns.filter((c) => named.has(c));
  }
  const rhs = text.slice(tilde + 1).split(/,\s*(data|subset|cluster|family|weights|id|dist)\s*=/)[0] ?? '';
  if (/^\s*\.\s*(,|\)|$)/.test(rhs)) return [...columns];
  const words = new Set(rhs.match(/[A-Za-z_.][A-Za-z0-9_.]*/g) ?? []);
  return columns.filter((c) => words.has(c));
}

/** Classes with enough rows to learn and to score, most frequent first. */
export function usableClasses(column: ColumnStats, minRows = MIN_CLASS_ROWS): { value: string; count: number }[] {
  return (column.top ?? []).filter((t) => t.count >= minRows).slice(0, MAX_CLASSES);
}

/** The share of a column's known values that are exactly zero. */
function zeroShare(column: ColumnStats, rows: number): number {
  const zero = (column.top ?? []).find((t) => Number(t.value) === 0);
  return zero ? zero.count / Math.max(1, rows * (1 - column.missing)) : 0;
}

/** Words of a column's documented meaning that say it counts something. */
const COUNTED = /\b(number|numbers|count|counts|no\.|how many|frequency|times|occurrences|tally)\b/i;

/** Words that make a small integer range a scale of levels rather than a quantity. */
const SCALE_WORDS = /scale|rat(e|ing)|score|grade|level|rank|severity|stage|satisf|happ/i;
/** Labels of codes that stand for amounts or frequencies (`7 = 4--10 times`, `12 = monthly`). */
const QUANTITY_LABEL = /\b(none|never|once|twice|times|daily|weekly|monthly|yearly|often|hours?|days?|years?)\b|\d/i;

/**
 * Integer codes of ordered bins the card spells out (Affairs: `0 = none, 1 = once, 2 = twice,
 * 3 = 3 times, 7 = 4--10 times, 12 = monthly`): every observed value is a code, the codes skip
 * numbers (bin midpoints, not a count), and their labels are amounts. Such a column is an ordinal
 * scale: scoring it as a count or an amount would treat 12 as twelve events.
 */
function codedBins(card: CardColumn | undefined, stats: ColumnStats): boolean {
  const pairs = codePairs(card);
  const codes = [...new Set(pairs.map((p) => p.code))].sort((a, b) => a - b);
  const observed = (stats.top ?? []).map((t) => Number(t.value));
  if (codes.length < 3 || observed.length === 0 || !observed.every((v) => codes.includes(v))) return false;
  const skips = codes.some((c, i) => i > 0 && c > codes[i - 1]! + 1);
  return skips && pairs.every((p) => QUANTITY_LABEL.test(p.label));
}

/** The `code = label` pairs of a card's coding (`0 = Strong Democrat, 1 = Weak Democrat, ...`). */
function codePairs(card: CardColumn | undefined): { code: number; label: string }[] {
  return [...(card?.coding ?? '').matchAll(/(?:^|[,;]\s*)(\d+)\s*=\s*([^,;]+)/g)].map((m) => ({ code: Number(m[1]), label: m[2]! }));
}

/**
 * Ordered levels the card documents (an ordered factor, a rating scale, coded bins). A scale word
 * in the column's name alone counts only for a scale that starts at 1 or above: a 0-based
 * `home_score` counts a match's goals, it does not rate anything.
 */
function isOrdered(card: CardColumn | undefined, stats: ColumnStats): boolean {
  if (card?.type === 'ordered') return true;
  if (stats.type !== 'integer') return false;
  if (codedBins(card, stats)) return true;
  const values = (stats.top ?? []).map((t) => Number(t.value)).sort((a, b) => a - b);
  const consecutive = values.length >= 3 && values.length <= 12 && values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
  const described = card && card.meaning.trim() !== stats.name ? `${card.meaning} ${card.coding ?? ''}` : (card?.coding ?? '');
  return consecutive && stats.distinct <= 12 && (SCALE_WORDS.test(described) || ((stats.min ?? 0) >= 1 && SCALE_WORDS.test(stats.name)));
}

/**
 * A 0-based integer of small mean whose variance is near its mean, as a Poisson count's is
 * (football goals: mean 1.6, variance 1.8). Measurements on an integer scale (highway mpg, an ACT
 * score) start well above 0, and values the card codes with labels (party identification,
 * `0 = Strong Democrat` to `6 = Strong Republican`) are levels: neither is taken for a count.
 */
function poissonLike(stats: ColumnStats, card: CardColumn | undefined): boolean {
  if (codePairs(card).length >= 3) return false;
  const { min = -1, mean = 0, std = 0 } = stats;
  const dispersion = mean > 0 ? (std * std) / mean : 0;
  return min === 0 && mean > 0 && mean <= 10 && dispersion >= 0.5 && dispersion <= 2;
}

/**
 * Whether a positive amount's errors are relative: its largest value five times its smallest or
 * more (house prices from 25,000 to 190,000), its values mostly above 1, where log(1 + y) behaves as
 * a log (Municipalities' expenditures, 0.012 to 0.034 a head, and Gasoline's log consumption, 3.4 to
 * 6.2, were scored by RMSLE: an RMSE on a squeezed scale).
 */
function spansOrders(stats: ColumnStats): boolean {
  const { min = 0, max = 0, mean = 0 } = stats;
  return mean >= 1 && max >= 5 * min;
}

/** What kind of target a column is, as far as the task and its metric go; null when it cannot be one. */
export function targetKind(stats: ColumnStats, rows: number, card: CardColumn | undefined, family?: DocumentedTarget['modelFamily']): TargetKind | null {
  const numeric = stats.type === 'integer' || stats.type === 'number';
  const classes = usableClasses(stats);
  if (family === 'time-series' && numeric) return 'forecast';
  if (isOrdered(card, stats) && classes.length >= 3) return 'ordinal';
  if (family === 'ordinal' && classes.length >= 3) return 'ordinal';
  const categorical = stats.type === 'string' || stats.type === 'boolean' || card?.type === 'factor' || (stats.type === 'integer' && stats.distinct <= 2);
  if (categorical || family === 'logistic' || family === 'multinomial' || family === 'classification') {
    if (classes.length === 2 && stats.distinct <= 3) return 'binary';
    if (classes.length >= 3 && stats.distinct <= 200) return 'multiclass';
    if (!numeric) return null;
  }
  if (!numeric || stats.distinct < 5) return null;
  const min = stats.min ?? -1;
  const count = stats.type === 'integer' && min >= 0;
  if (min >= 0 && (family === 'zero-inflated' || zeroShare(stats, rows) >= ZERO_INFLATED_SHARE)) return 'zero-inflated';
  // An integer measurement (highway mpg, an ACT score, ozone in ppm) is no count of events: only the documentation's words or model make it one.
  if (count && (family === 'poisson' || family === 'negative-binomial' || poissonLike(stats, card) || ((stats.max ?? 0) <= 200 && COUNTED.test(`${card?.meaning ?? ''} ${card?.unit ?? ''}`)))) return 'count';
  if (min > 0 && (stats.skew ?? 0) > 1 && spansOrders(stats)) return 'positive';
  if (min === 0 && (stats.skew ?? 0) > 1) return 'non-negative';
  return 'continuous';
}

/** Why a column cannot be a target at all, or null. */
function unusable(stats: ColumnStats, rows: number): string | null {
  if (stats.idLike) return 'mostly unique per row (an identifier or name)';
  if (stats.constant) return 'constant';
  const answered = Math.round(rows * (1 - stats.missing));
  if (stats.missing > MAX_TARGET_MISSING && (stats.missing > MAX_SPARSE_MISSING || answered < MIN_ANSWERED_ROWS)) return `${Math.round(stats.missing * 100)}% missing (${answered} rows with an answer)`;
  if (stats.type === 'text' || stats.type === 'path' || stats.type === 'datetime') return `a ${stats.type} column`;
  return null;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/** A round horizon near the middle of the observed times (2 significant digits), so both answers are common. */
function roundHorizon(stats: ColumnStats): number | null {
  if (stats.mean === undefined || !(stats.mean > 0)) return null;
  const magnitude = 10 ** Math.floor(Math.log10(stats.mean) - 1);
  // toPrecision: 58 × 0.1 is 5.800000000000001 in binary floating point; the horizon is 5.8.
  return Number(Math.max(magnitude, Math.round(stats.mean / magnitude) * magnitude).toPrecision(2));
}

/** The status value that marks the event: the formula's `status == k`, else the largest code (1 of 0/1, 2 of lung's 1/2). */
function eventValue(status: ColumnStats, stated?: string): string | null {
  const values = (status.top ?? []).map((t) => t.value);
  if (stated !== undefined) return values.includes(stated) ? stated : null;
  if (values.length < 2 || values.length > 3) return null;
  const numeric = values.map(Number);
  if (numeric.some((v) => !Number.isFinite(v))) return values.includes('TRUE') ? 'TRUE' : null;
  return String(Math.max(...numeric));
}

/** A binomial outcome given as two counts: the transform `A / (A + B)` or a formula's `cbind(A, B)`. */
export function binomialPair(target: DocumentedTarget): { successes: string; failures: string } | null {
  const ratio = /^\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*\/\s*\(\s*\1\s*\+\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*\)\s*$/.exec(target.transform ?? '');
  if (ratio) return { successes: ratio[1]!, failures: ratio[2]! };
  const bound = /cbind\(\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*,\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*\)\s*~/.exec(target.evidence.text);
  return bound && bound[1] === target.column ? { successes: bound[1]!, failures: bound[2]! } : null;
}


/** Words of a documented meaning that make a column the population a count happened in. */
const POPULATION = /\b(population|inhabitants|residents)\b/i;

/**
 * A documented count per its documented exposure: the transform `rate = count / exposure * k` (or
 * `k * count / exposure`, k absent: per one) whose count is the target column, documented as a count,
 * and whose divisor the card calls a population or a time at risk (Fatalities' `frate = fatal/pop * 10000`).
 */
export function rateOf(target: DocumentedTarget, columns: ReadonlyMap<string, CardColumn>): { name: string; exposure: string; per: number } | null {
  const name = '[A-Za-z_.][A-Za-z0-9_.]*';
  const number = '(\\d+(?:\\.\\d+)?)';
  const count = escapeRegExp(target.column);
  const forms = [new RegExp(`^${count}\\s*/\\s*(${name})(?:\\s*\\*\\s*${number})?$`), new RegExp(`^${number}\\s*\\*\\s*${count}\\s*/\\s*(${name})$`)];
  const text = target.transform?.trim() ?? '';
  const named = new RegExp(`^(${name})\\s*=(?!=)\\s*`).exec(text);
  const rhs = named ? text.slice(named[0].length) : text;
  const [after, before] = forms.map((f) => f.exec(rhs));
  const exposure = after?.[1] ?? before?.[2];
  const per = Number(after?.[2] ?? before?.[1] ?? 1);
  const counted = columns.get(target.column);
  const divisor = exposure ? columns.get(exposure) : undefined;
  if (!exposure || !divisor || !counted || !COUNTED.test(counted.meaning)) return null;
  if (!POPULATION.test(divisor.meaning) && !EXPOSURE.test(divisor.meaning)) return null;
  return { name: slug(named?.[1] ?? `${target.column}_rate`), exposure, per };
}

/**
 * Why a `cbind(A, B)` is no binomial pair, or null: under a Poisson family (Epi's poisreg) it pairs
 * events with the person-time they happened in, and a second column the card calls person-years is
 * an exposure whatever the family says.
 */
function exposureOf(target: DocumentedTarget, failures: CardColumn | undefined): string | null {
  const meaning = failures?.meaning.trim().replace(/\.$/, '');
  if (failures && EXPOSURE.test(failures.meaning)) return `\`${failures.name}\` (${meaning})`;
  if (target.modelFamily === 'poisson') return `\`${failures?.name ?? 'its second column'}\`${meaning ? ` (${meaning})` : ''} under a Poisson family (events over the person-time at risk)`;
  return null;
}

/**
 * Why a documented model is no task, or null: it predicts one measurement of a subject from two or
 * more sibling measurements of the same kind (SAT quantitative from SAT verbal and the ACT: three
 * scores of one ability), or a report of a quantity from the quantity measured (reported weight from measured
 * weight; the measured value from the report is the calibration an expert asks for).
 */
function siblingModel(card: DatasetCard, target: string, formulaInputs: string[]): string | null {
  const columns = new Map(card.columns.map((c) => [c.name, c]));
  const meaning = columns.get(target)?.meaning ?? '';
  const measured = measurementOf(meaning);
  const siblings: string[] = [];
  for (const name of formulaInputs) {
    const input = columns.get(name);
    if (!input) continue;
    if (sameQuantity(meaning, input.meaning)) {
      if (isReport(meaning) && !isReport(input.meaning)) return `\`${target}\` (${meaning.trim().replace(/\.$/, '')}) is a report of what \`${name}\` measures (${input.meaning.trim().replace(/\.$/, '')}): the question is the measured value from the report, not the report from the measured value`;
      continue;
    }
    // The same head phrase is the same quantity at another time (LaLonde's earnings in 1974 and 1975 before 1978's): a history, not a sibling.
    if (measured !== null && !isBaseline(input.meaning) && measurementOf(input.meaning) === measured && headPhrase(input.meaning) !== headPhrase(meaning)) siblings.push(name);
  }
  // One such input is often a prior test or an expected count (Exam's reading test at intake, an offset); a battery of them is the target's siblings.
  if (siblings.length < 2) return null;
  return `the documentation models \`${target}\` from ${siblings.map((s) => `\`${s}\``).join(', ')}: by the card, sibling measurements of the same subject (by their documented meanings the same kind of measurement as the target, of another thing); one measurement of an object predicted from its sibling measurements is no task`;
}

/**
 * "Does the event happen within a horizon of follow-up?": the yes/no question a censored survival
 * outcome poses (rows censored before the horizon are left out). Null for counting-process
 * intervals, a status without an event code, or a time without a usable horizon.
 */
function eventByIdea(profile: DatasetProfile, terms: SurvivalPair, evidence: string, formulaInputs: string[]): TargetIdea | null {
  if (terms.start) return null;
  const status = profile.columns.find((c) => c.name === terms.status);
  const time = profile.columns.find((c) => c.name === terms.time);
  const event = status ? eventValue(status, terms.event) : null;
  const horizon = time ? roundHorizon(time) : null;
  if (!status || !time || !event || !horizon) return null;
  const named = survivalEvent(profile.card, terms.time, terms.status, event);
  const within = horizonText(horizon, terms.time, named.unit);
  return {
    source: terms.time,
    name: slug(`${terms.status}_by_${horizon}`),
    derive: { kind: 'event_by', status: terms.status, event, horizon, labels: ['no', 'yes'] },
    kind: 'binary',
    basis: 'derived',
    label: named.event ? `${named.event.charAt(0).toUpperCase()}${named.event.slice(1)} within ${named.unit ? within : horizon}` : undefined,
    why: `The documentation analyses \`${terms.time}\` as a censored survival time with status \`${terms.status}\` (\`${terms.status}\` = ${event} marks ${named.event ? `the event, ${named.event}` : 'the event, which it does not name'}). The task asks whether ${named.event ?? 'the event'} happens within ${within} of follow-up; rows censored before then are left out, since their answer is unknown.`,
    evidence,
    formulaInputs,
  };
}

const quote = (card: DatasetCard, name: string) => {
  const meaning = card.columns.find((c) => c.name === name)?.meaning.trim().replace(/\.$/, '');
  return meaning ? `\`${name}\` (${meaning})` : `\`${name}\``;
};
const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/**
 * Survival outcomes of a card that documents none the card builder found: follow-up stored as
 * dates or ages (survival-dates.ts), and censored times phrased in ways the pairing misses, with
 * statuses of three codes (survival-phrases.ts). Each is asked as "the event within a horizon".
 */
function followUpIdeas(profile: DatasetProfile): TargetIdea[] {
  const card = profile.card;
  const ideas: TargetIdea[] = [];
  const dated = datedFollowUp(profile);
  if (dated) {
    const horizon = bestHorizon(dated.spans, roundHorizon({ mean: dated.meanTime } as ColumnStats));
    if (horizon) {
      const within = horizonText(horizon, dated.exit, dated.unit);
      const time = dated.entry ? `\`${dated.exit}\` − \`${dated.entry}\`` : `\`${dated.exit}\``;
      const how = dated.event !== undefined ? `${dated.eventName} is \`${dated.status}\` = ${dated.event} ${quote(card, dated.status).replace(/^`[^`]+` /, '')}` : `${dated.eventName} is recorded by ${quote(card, dated.status)}, empty for those without it at exit`;
      const competing = dated.competing.length ? ` ${dated.competing.map((c) => `\`${dated.status}\` = ${c.value} (${c.label})`).join(', ')} counts as censored.` : '';
      ideas.push({
        source: dated.exit,
        name: slug(`${dated.eventName}_by_${horizon}`),
        derive: { kind: 'event_by', status: dated.status, ...(dated.event !== undefined ? { event: dated.event } : {}), horizon, labels: ['no', 'yes'], ...(dated.entry ? { entry: dated.entry } : {}) },
        kind: 'binary',
        basis: 'derived',
        label: `${capital(dated.eventName)} within ${within}`,
        why: `The card documents follow-up ${dated.entry ? `as ${card.columns.find((c) => c.name === dated.entry)?.meaning.match(/\bage\b/i) ? 'ages' : 'dates'}: entry ${quote(card, dated.entry)} and exit ${quote(card, dated.exit)}` : `as times since its origin: exit ${quote(card, dated.exit)}`}; ${how}.${competing} The time to ${dated.eventName} or censoring is ${time}${dated.unit ? ` in ${dated.unit}` : ''}, a censored survival time; the task asks whether ${dated.eventName} happens within ${within} of ${dated.entry ? 'entry' : 'the origin'}; rows censored before then are left out, since their answer is unknown.`,
        evidence: `Surv(${dated.entry ? `${dated.exit} - ${dated.entry}` : dated.exit}, ${dated.event !== undefined ? `${dated.status} == ${JSON.stringify(dated.event)}` : `!is.na(${dated.status})`})`,
        formulaInputs: [],
      });
    }
  }
  const phrased = phrasedPairsOf(profile);
  const table = phrased.length ? readTable(profile) : null;
  for (const pair of phrased) {
    const evidence = `Surv(${pair.time}, ${pair.status} == ${pair.event})`;
    const found = eventByIdea(profile, pair, evidence, []);
    const [t, st] = [table?.header.indexOf(pair.time) ?? -1, table?.header.indexOf(pair.status) ?? -1];
    const spans = t < 0 || st < 0 ? [] : table!.rows.flatMap((r) => (r[t] !== '' && Number.isFinite(Number(r[t])) ? [{ time: Number(r[t]), event: r[st] === pair.event }] : []));
    const horizon = bestHorizon(spans, found ? (found.derive as Extract<TargetDerivation, { kind: 'event_by' }>).horizon : null);
    if (!found || !horizon) continue;
    // The horizon that keeps the most rows with a known answer (bestHorizon), not the mean time.
    const idea: TargetIdea = { ...found, derive: { ...(found.derive as Extract<TargetDerivation, { kind: 'event_by' }>), horizon } };
    const d = idea.derive as Extract<TargetDerivation, { kind: 'event_by' }>;
    const named = phrasedUnit(card, pair.time, survivalEvent(card, pair.time, pair.status, d.event!));
    const event = pair.eventName ?? named.event;
    const within = horizonText(d.horizon, pair.time, named.unit);
    const competing = pair.competing.length ? ` ${pair.competing.map((c) => `\`${pair.status}\` = ${c.value} (${c.label})`).join(', ')} ${pair.competing.length > 1 ? 'count' : 'counts'} as censored, as in the cause-specific analyses of these data.` : '';
    ideas.push({
      ...idea,
      name: event ? slug(`${event.split(' ').slice(0, 4).join('_')}_by_${d.horizon}`) : idea.name,
      label: event ? `${capital(event)} within ${named.unit ? within : d.horizon}` : idea.label,
      why: `The card documents ${quote(card, pair.time)} as a censored time and ${quote(card, pair.status)} as its status: \`${pair.status}\` = ${d.event} marks ${event ?? 'the event'}.${competing} The task asks whether ${event ?? 'the event'} happens within ${within} of follow-up; rows censored before then are left out, since their answer is unknown.`,
    });
  }
  return ideas;
}

function documentedIdeas(profile: DatasetProfile, card: DatasetCard, rejected: TargetRejection[]): TargetIdea[] {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const cardColumns = new Map(card.columns.map((c) => [c.name, c]));
  const names = profile.columns.map((c) => c.name);
  const ideas: TargetIdea[] = [];
  // The registry's entry for a source lists the targets its documentation names; a card that lacks one still has it.
  const listed: DocumentedTarget[] = profile.knownTargets
    .filter((t) => stats.has(t) && !card.targets.some((d) => d.column === t))
    .map((column) => ({ column, modelFamily: profile.modality === 'time-series' ? 'time-series' : 'other', evidence: { kind: 'package-docs', text: `${profile.source} documents \`${column}\` as the target of ${profile.title}` }, origin: 'documented' }));
  for (const target of [...card.targets, ...listed]) {
    const column = stats.get(target.column);
    if (!column) continue;
    const evidence = `${target.evidence.text}`;
    const formulaInputs = formulaPredictors(evidence, names).filter((c) => c !== target.column);
    if (target.modelFamily === 'survival') {
      const terms = survivalTerms(evidence);
      const idea = terms && !target.transform ? eventByIdea(profile, terms, evidence, formulaInputs) : null;
      if (!idea) {
        rejected.push({ target: target.column, reason: terms?.start ? `a survival outcome of counting-process intervals (${evidence.slice(0, 80)}): an interval's end is no time since a common origin, so "event within a horizon" has no meaning per row` : `a survival outcome (${evidence.slice(0, 80)}) without a plain Surv(time, status) pair this generator can turn into "event within a horizon"` });
        continue;
      }
      ideas.push(idea);
      continue;
    }
    const pair = binomialPair(target);
    const exposure = pair ? exposureOf(target, cardColumns.get(pair.failures)) : null;
    // `cbind(agaaus, kniexc)` of two 0/1 columns (VGAM's multiple.responses) binds two responses, not successes and failures.
    const yesNo = (name: string) => (stats.get(name)?.distinct ?? 0) <= 2;
    if (pair && yesNo(pair.successes) && yesNo(pair.failures)) {
      rejected.push({ target: target.column, reason: `\`${evidence.slice(0, 80)}\` binds two yes/no responses (\`${pair.successes}\`, \`${pair.failures}\`), not counts of successes and failures: no binomial share` });
      continue;
    }
    if (pair && exposure) {
      rejected.push({ target: target.column, reason: `\`${evidence.slice(0, 80)}\` pairs the count \`${pair.successes}\` with ${exposure}: an exposure, not a count of failures, so no binomial share (the count with its exposure as an input is the rate task)` });
      continue;
    }
    if (pair && stats.has(pair.failures)) {
      ideas.push({
        source: pair.successes,
        name: slug(`${pair.successes}_share`),
        derive: { kind: 'share', failures: pair.failures },
        kind: 'continuous',
        basis: 'derived',
        why: `The documentation models a binomial outcome: \`${pair.successes}\` successes out of \`${pair.successes}\` + \`${pair.failures}\` (${describeEvidence(target)}); the task asks for the share, which is what that model predicts.`,
        evidence,
        formulaInputs,
      });
      continue;
    }
    const rate = rateOf(target, cardColumns);
    if (rate && stats.has(rate.exposure)) {
      const meaning = (c: string) => cardColumns.get(c)!.meaning.trim().replace(/\.$/, '');
      ideas.push({
        source: target.column,
        name: rate.name,
        derive: { kind: 'rate', exposure: rate.exposure, per: rate.per },
        kind: 'continuous',
        basis: 'derived',
        why: `The documentation models \`${rate.name}\`, the count \`${target.column}\` (${meaning(target.column)}) per ${rate.per === 1 ? 'unit' : rate.per.toLocaleString('en-US')} of its exposure \`${rate.exposure}\` (${meaning(rate.exposure)}) (${describeEvidence(target)}). A count grows with its exposure; the rate is the outcome, and the task asks for it with neither the count nor the exposure given.`,
        evidence,
        formulaInputs,
      });
      continue;
    }
    const problem = unusable(column, profile.rows);
    if (problem) {
      rejected.push({ target: target.column, reason: `documented target, but ${problem}` });
      continue;
    }
    // A time series' documented models relate its series to each other (inflation to unemployment); its task is a forecast of one of them.
    const sibling = profile.modality === 'time-series' ? null : siblingModel(card, target.column, formulaInputs);
    if (sibling) {
      rejected.push({ target: target.column, reason: sibling });
      continue;
    }
    const cut = thresholdOf(target);
    if (cut) {
      ideas.push({
        source: target.column,
        name: cut.name,
        derive: { kind: 'threshold', op: cut.op, value: cut.value, labels: ['no', 'yes'] },
        kind: 'binary',
        basis: 'documented',
        why: `The documentation models \`${target.column} ${cut.op} ${cut.value}\` as a yes/no outcome: ${describeEvidence(target)}.`,
        evidence,
        formulaInputs,
      });
    }
    // A model of a comparison (`kids <= 0`) says what kind that yes/no is, not what the raw column is.
    const kind = targetKind(column, profile.rows, cardColumns.get(target.column), cut ? undefined : target.modelFamily);
    if (!kind) {
      rejected.push({ target: target.column, reason: `documented target (${target.modelFamily}), but its values (${column.type}, ${column.distinct} distinct) make no classification or regression target` });
      continue;
    }
    ideas.push(asIs(target.column, kind, 'documented', `\`${target.column}\` is the documented response of the source: ${describeEvidence(target)}.`, evidence, formulaInputs));
  }
  return ideas;
}

/**
 * A documented response that is a comparison of the column with a number: `factor(reports > 0)`,
 * `nokids = factor(kids <= 0, ...)`. Named as the documentation names it, else "any_x" for x > 0.
 */
export function thresholdOf(target: DocumentedTarget): { name: string; op: '>' | '>=' | '<' | '<='; value: number } | null {
  const text = target.transform ?? '';
  const escaped = escapeRegExp(target.column);
  const m = new RegExp(`(?<![\\w.])${escaped}\\s*(<=|>=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)(?![\\w.])`).exec(text);
  if (!m) return null;
  const op = m[1] as '>' | '>=' | '<' | '<=';
  const value = Number(m[2]);
  const named = /^\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*=(?!=)/.exec(text)?.[1];
  const words = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' } as const;
  return { name: slug(named ?? (op === '>' && value === 0 ? `any_${target.column}` : `${target.column}_${words[op]}_${value}`)), op, value };
}

/** A raw column as the target, unchanged. */
function asIs(column: string, kind: TargetKind, basis: TargetIdea['basis'], why: string, evidence?: string, formulaInputs: string[] = []): TargetIdea {
  return { source: column, name: column, derive: { kind: 'copy' }, kind, basis, why, evidence, formulaInputs };
}

function describeEvidence(target: DocumentedTarget): string {
  const where: Record<DocumentedTarget['evidence']['kind'], string> = {
    'r-example': 'its R documentation fits',
    'r-format': 'its R help page describes it as the response',
    'r-prose': "its R help page's text names it as the outcome",
    'r-format-survival': 'its R help page documents a time to an event and the event indicator',
    'r-example-plot': 'its R examples plot it across the levels of a factor',
    'r-example-test': 'its R examples test it across groups',
    'statsmodels-endog': "statsmodels names it the dataset's endogenous variable",
    'sklearn-target': "scikit-learn's loader returns it as the target",
    'package-docs': 'the package documentation names it as the target',
    override: 'the documentation of the data (see the card) describes it as the outcome',
  };
  const text = target.evidence.text.replace(/\s+/g, ' ');
  const quoted = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const model = [target.modelFamily === 'other' ? '' : `${target.modelFamily} model`, target.transform ? `on ${target.transform}` : ''].filter(Boolean).join(', ');
  return `${where[target.evidence.kind]} \`${quoted}\`${model ? ` (${model})` : ''}`;
}

function outcomeIdeas(profile: DatasetProfile, card: DatasetCard, taken: Set<string>, rejected: TargetRejection[]): TargetIdea[] {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const ideas: TargetIdea[] = [];
  for (const column of card.columns.filter((c) => c.role === 'outcome' && !taken.has(c.name))) {
    const s = stats.get(column.name);
    if (!s) continue;
    const problem = unusable(s, profile.rows);
    const kind = problem ? null : targetKind(s, profile.rows, column);
    if (!kind) {
      rejected.push({ target: column.name, reason: `an outcome of the study, but ${problem ?? `its values (${s.type}, ${s.distinct} distinct) make no target`}` });
      continue;
    }
    ideas.push(asIs(column.name, kind, 'outcome', `The card describes \`${column.name}\` as an outcome the study measured: ${column.meaning}`));
  }
  return ideas;
}

/** "Any event": the natural yes/no question of a zero-inflated count or of coded bins mostly "none" (`affairs > 0`). */
function anyEventIdeas(profile: DatasetProfile, ideas: TargetIdea[]): TargetIdea[] {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const mostlyZero = (i: TargetIdea) => i.kind === 'zero-inflated' || (i.kind === 'ordinal' && zeroShare(stats.get(i.source)!, profile.rows) >= ZERO_INFLATED_SHARE);
  return ideas
    .filter((i) => mostlyZero(i) && i.derive.kind === 'copy')
    .map((i) => {
      const s = stats.get(i.source)!;
      return {
        source: i.source,
        name: slug(`any_${i.source}`),
        derive: { kind: 'threshold' as const, op: '>' as const, value: 0, labels: ['no', 'yes'] as [string, string] },
        kind: 'binary' as const,
        basis: 'derived' as const,
        why: `${i.why} ${Math.round(zeroShare(s, profile.rows) * 100)}% of its values are zero, so the first question about it is whether it is above zero at all.`,
        evidence: i.evidence,
        formulaInputs: i.formulaInputs,
      };
    });
}

/** A match's result (home win, draw, away win) from its two documented scores: the question a match is about. */
function matchResultIdeas(profile: DatasetProfile, ideas: TargetIdea[]): TargetIdea[] {
  const scores = new Set(ideas.filter((i) => i.derive.kind === 'copy').map((i) => i.source));
  const names = profile.columns.map((c) => c.name);
  return names.flatMap((home) => {
    const m = /^home[_.]?(.+)$/i.exec(home);
    const away = m ? names.find((n) => new RegExp(`^away[_.]?${escapeRegExp(m[1]!)}$`, 'i').test(n)) : undefined;
    if (!away || !(scores.has(home) || scores.has(away))) return [];
    return [{
      source: home,
      name: 'result',
      derive: { kind: 'compare' as const, other: away, labels: ['away', 'draw', 'home'] as [string, string, string] },
      kind: 'multiclass' as const,
      basis: 'derived' as const,
      why: `The documented outcomes are the two scores \`${home}\` and \`${away}\`; the question a match poses before it is played is its result: a home win, a draw or an away win.`,
      formulaInputs: [],
    }];
  });
}

/** A column that restates another series (a difference, a lag, a growth rate, a log): forecasting it is forecasting that one. */
const RESTATED = /\b(first )?differences?\b|\blag(ged)?\b|\bgrowth rate\b|\blogarithm\b|\blog of\b|\bsquare root\b|\bseasonally adjusted\b|\bindex of\b.*\bbase\b/i;

/**
 * A time-series dataset whose card documents its series but no target: each documented series is
 * what a forecaster is asked for (next quarters' GDP, next months' prices). Restatements of a
 * series (its differences, lags, logs) and series given as text are not; series keep the card's order.
 */
function seriesIdeas(profile: DatasetProfile, card: DatasetCard, rejected: TargetRejection[]): TargetIdea[] {
  if (profile.modality !== 'time-series') return [];
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  return card.columns
    .filter((c) => c.role === 'input' && c.meaning.trim().length > 0 && !RESTATED.test(c.meaning) && !/^d[a-z]*\d*$/i.test(c.name))
    .flatMap((c) => {
      const s = stats.get(c.name);
      if (!s || unusable(s, profile.rows) || !(s.type === 'integer' || s.type === 'number') || s.distinct < 20) return [];
      const zeros = zeroShare(s, profile.rows);
      if (zeros >= MOSTLY_ZERO_SERIES) {
        rejected.push({ target: c.name, reason: `a series that is 0 in ${Math.round(zeros * 100)}% of its steps (${c.meaning.trim().replace(/\.$/, '')}): it has no level to forecast, and a scaled error is set by its few spikes; its question is whether one comes, not its size` });
        return [];
      }
      const unit = c.unit ? ` (${c.unit})` : '';
      return [asIs(c.name, 'forecast', 'series', `${card.title || profile.title} is a time series; the card documents \`${c.name}\` as ${c.meaning.trim().replace(/\.$/, '')}${unit}. Its future values are what a forecaster of this series is asked for.`)];
    });
}

/**
 * A card that documents no target and calls no column an outcome may still say in its title what
 * was studied ("Salaries for Professors"): that column, when it can be a target, is the one
 * question an expert reading the card would ask. Its why says the documentation names no target.
 */
function titleIdeas(profile: DatasetProfile, card: DatasetCard, rejected: TargetRejection[]): TargetIdea[] {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const found = titleTarget(card, stats, profile.rows);
  if (!found) return [];
  if ('rejected' in found) {
    rejected.push({ reason: `the card documents no target and calls no column an outcome; ${found.rejected}` });
    return [];
  }
  const { column, subject, by } = found;
  const s = stats.get(column.name);
  const problem = s ? unusable(s, profile.rows) : 'not in the data';
  const kind = problem ? null : targetKind(s!, profile.rows, column);
  if (!kind || kind === 'forecast') {
    rejected.push({ target: column.name, reason: `named by the title '${card.title}', but ${problem ?? `its values (${s!.type}, ${s!.distinct} distinct) make no target`}` });
    return [];
  }
  const meaning = column.meaning.trim().replace(/\.$/, '');
  const documented = meaning ? `is documented as '${meaning}'${column.unit ? ` (${column.unit})` : ''}` : 'has no documented meaning beyond its name';
  const named = by === 'name' ? `its name is the title's word for it (${subject.head})` : `its documented meaning is the title's ${subject.head}`;
  return [asIs(column.name, kind, 'title', `The documentation names no target (no model of a response, no column it calls an outcome), but the title '${card.title}' names the quantity studied, ${subject.phrase}; \`${column.name}\` ${documented}, and ${named}.`)];
}

/**
 * A card that documents no target may still describe a column as what its units chose or what was
 * decided about them (a vote, a judge's decision, a call-back): the response of survey, legal and
 * audit-study data. Only a class target: a decision is a category.
 */
function choiceIdeas(profile: DatasetProfile, card: DatasetCard, rejected: TargetRejection[]): TargetIdea[] {
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  return choiceColumns(card).flatMap(({ column, phrase, by }) => {
    const s = stats.get(column.name);
    const problem = s ? unusable(s, profile.rows) : 'not in the data';
    const kind = problem ? null : targetKind(s!, profile.rows, column);
    if (!kind || !['binary', 'multiclass', 'ordinal'].includes(kind)) {
      rejected.push({ target: column.name, reason: `described as a choice or decision ('${phrase}'), but ${problem ?? `its values (${s!.type}, ${s!.distinct} distinct) make no class target`}` });
      return [];
    }
    const meaning = column.meaning.trim().replace(/\.$/, '');
    const where = by === 'meaning' ? `the card documents \`${column.name}\` as '${meaning}'` : `the card's description studies '${phrase}', which \`${column.name}\` holds ('${meaning}')`;
    return [asIs(column.name, kind, 'choice', `The documentation names no target (no model of a response, no column it calls an outcome), but ${where}: what the units chose, or what was decided about them, is the response such data is collected for.`)];
  });
}

/** Without a card to go by (a user folder), any column may be the target; the card says it was inferred. */
function inferredIdeas(profile: DatasetProfile, rejected: TargetRejection[]): TargetIdea[] {
  const known = new Set(profile.knownTargets);
  const ideas: TargetIdea[] = [];
  for (const s of profile.columns) {
    const problem = unusable(s, profile.rows);
    if (problem) {
      if (known.has(s.name)) rejected.push({ target: s.name, reason: problem });
      continue;
    }
    if (!known.has(s.name) && /^(v|x|col|column|var|feature|f|attr)[._]?\d+$/i.test(s.name)) continue;
    const kind = targetKind(s, profile.rows, undefined);
    if (!kind || kind === 'forecast') continue;
    ideas.push(asIs(s.name, kind, 'inferred', `\`${s.name}\` is ${known.has(s.name) ? 'the label of the folder' : 'a column of the data'}; the dataset has no documentation, so its card and this choice are inferred from the data.`));
  }
  // Labels first, then classes and values in turn, so a few proposals cover both kinds of task.
  const classKinds = new Set<TargetKind>(['binary', 'multiclass', 'ordinal']);
  const labelled = ideas.filter((i) => known.has(i.source));
  const rest = ideas.filter((i) => !known.has(i.source));
  const classes = rest.filter((i) => classKinds.has(i.kind));
  const values = rest.filter((i) => !classKinds.has(i.kind));
  const interleaved = Array.from({ length: Math.max(classes.length, values.length) }, (_, k) => [classes[k], values[k]]).flat();
  return [...labelled, ...interleaved.filter((i): i is TargetIdea => i !== undefined)];
}

/**
 * A status or time of a documented survival outcome is never a target as it stands: a status copied
 * as yes/no calls a row censored early a "no", a regression on a censored time treats censoring as
 * the event. A status becomes "event within a horizon" of its time; a time, or a counting-process
 * status, is left out with the reason.
 */
function censoredAsEvents(profile: DatasetProfile, ideas: TargetIdea[], rejected: TargetRejection[]): TargetIdea[] {
  const pairs = survivalPairsOf(profile);
  const followUp = followUpColumns(pairs);
  return ideas.flatMap((idea) => {
    if (idea.derive.kind === 'event_by' || !followUp.has(idea.source)) return [idea];
    const pair = pairs.find((p) => p.status === idea.source);
    const asEvent = pair ? eventByIdea(profile, pair, idea.evidence ?? `Surv(${pair.time}, ${pair.status})`, idea.formulaInputs) : null;
    if (asEvent) return [{ ...asEvent, why: `${asEvent.why} (\`${idea.source}\` alone would call a row censored early a "no".)` }];
    rejected.push({ target: idea.name, reason: pair ? `\`${idea.source}\` is the status of counting-process intervals (Surv(${pair.start}, ${pair.time}, ${pair.status})): no yes/no per row without censoring` : `\`${idea.source}\` is the censored follow-up time of a documented survival outcome: a regression on it would treat censoring as the event` });
    return [];
  });
}

/** Every target idea for a dataset, best first, with the reasons for what was left out. */
export function expertTargets(profile: DatasetProfile): { ideas: TargetIdea[]; rejected: TargetRejection[] } {
  const rejected: TargetRejection[] = [];
  const card = profile.card;
  if (card.origins.description === 'inferred' && card.targets.length === 0 && !card.columns.some((c) => c.role === 'outcome')) {
    return { ideas: inferredIdeas(profile, rejected), rejected };
  }
  const documented = [...documentedIdeas(profile, card, rejected), ...followUpIdeas(profile)];
  // The columns a documented target is made of (a survival pair, binomial counts) are no targets of their own.
  const taken = new Set([...card.targets.map((t) => t.column), ...documented.flatMap((i) => [i.source, ...derivedFrom(i.derive)])]);
  const outcomes = outcomeIdeas(profile, card, taken, rejected);
  const series = documented.length + outcomes.length === 0 ? seriesIdeas(profile, card, rejected) : [];
  // Only a card that documents nothing to predict (no target, however rejected, no outcome, no series) is read for its title.
  const untargeted = documented.length + outcomes.length + series.length + rejected.length === 0 && card.targets.length === 0 && profile.knownTargets.length === 0;
  const titled = untargeted ? [...choiceIdeas(profile, card, rejected), ...titleIdeas(profile, card, rejected)] : [];
  const ideas = [...matchResultIdeas(profile, [...documented, ...outcomes]), ...documented, ...outcomes, ...series, ...titled];
  ideas.push(...anyEventIdeas(profile, ideas));
  const censored = censoredAsEvents(profile, ideas, rejected);
  if (ideas.length === 0 && rejected.length === 0) rejected.push({ reason: 'the card documents no target and calls no column an outcome; its other columns are inputs, identifiers or design variables, which an expert would not predict' });
  const seen = new Set<string>();
  return { ideas: censored.filter((i) => (seen.has(i.name) ? false : (seen.add(i.name), true))), rejected };
}
