import { stemmer } from 'stemmer';
import type { CardColumn, DatasetCard } from '../datasets/card.js';
import { EXPOSURE, headPhrase, measurementOf } from './measurement.js';
import type { ColumnStats } from './types.js';

/**
 * The quantity a dataset's title says was studied, for a card that documents no target: "Salaries
 * for Professors" studies salaries, "Survival of Passengers on the Titanic" survival, "Cowles and
 * Davis's Data on Volunteering" volunteering. The subject is the title's head noun phrase: the
 * words before its first preposition, conjunction or comma, or after "data on"; its head is the
 * phrase's last word. A column is the studied quantity when the last word of its name, or the head
 * noun of its documented meaning, has that head's Porter stem. Precision over recall: a title that
 * names two quantities ("Height and income"), a match of three or more columns, and columns that
 * are no outcome by the card (a design variable, an identifier, a time index, a weight, one of a
 * battery of sibling items) give no target.
 */
export interface TitleSubject {
  /** The head noun phrase as the title words it ("housing values"). */
  phrase: string;
  /** Its head noun ("values"). */
  head: string;
  /** The head nouns of the phrases conjoined with it ("Height and income" → income). */
  conjoined: string[];
}

/** A column the title names, or why the title names none. */
export type TitleTarget = { column: CardColumn; subject: TitleSubject; by: 'name' | 'meaning' } | { rejected: string };

/** Words ending a title's head phrase: prepositions, conjunctions, punctuation. */
const PHRASE_END = /\s*(?:[,;:()[\]]|\s--?\s)\s*|\s+(?:of|for|in|by|from|on|at|during|among|with|without|to|over|across|after|before|under|versus|vs\.?|and|or|as|near|around|between|per|using|used|through)\s+/;
/** The separators that join one subject to another ("Fat, water and protein"), not a subject to its qualifier. */
const CONJUNCTION = /^\s*(?:,|and|or)\s*$/;

/** Head nouns that name the kind of document, study or object, not a quantity measured in it (and what "Simulated data" leaves of a title). */
const GENERIC = new Set(['data', 'dataset', 'datasets', 'set', 'sets', 'study', 'studies', 'survey', 'surveys', 'example', 'examples', 'sample', 'samples', 'information', 'table', 'tables', 'list', 'results', 'measurements', 'measures', 'variables', 'variable', 'records', 'observations', 'cases', 'subset', 'version', 'indicators', 'statistics', 'demographics', 'series', 'panel', 'experiment', 'experiments', 'trial', 'register', 'registry', 'database', 'simulation', 'problem', 'matrix', 'frame', 'file', 'collection', 'characteristics', 'factors', 'covariates', 'responses', 'predictions', 'metadata', 'tracks', 'counts', 'numbers', 'number', 'estimate', 'estimates', 'simulated', 'artificial', 'synthetic', 'hypothetical']);

/**
 * Quantities fixed before anything is observed (a place's distance, a subject's age or sex, a
 * year): a title may name a dataset by one ("College Distance Data", whose distance is the
 * instrument of a model of education), but they are circumstances, not what a study measures.
 */
const CIRCUMSTANCES = new Set(['distance', 'location', 'position', 'age', 'sex', 'gender', 'year', 'latitude', 'longitude', 'altitude', 'elevation', 'treatment', 'dose']);

/** Words of a meaning's head phrase that say which statistic of the quantity it is, not which quantity. */
const STATISTIC = /^(median|mean|average|total|overall|annual|daily|monthly|weekly|yearly|maximum|minimum|max|min|the|a|an)$/;

/** A statistical weight (a sampling or frequency weight), never a target. */
const WEIGHT = /\b(sampling|survey|case|frequency|probability|population|analytic|inverse[- ]probability)\s+weights?\b|\bweights? for\b/i;
/** A meaning that says the column names or codes rows, not what was measured on them. */
const LABEL = /\b(identif(y|ies|ying|ier|ication)|designat(es|ing|ion)|serial number|record number|row number)\b/i;
/** A rate per person-time: computed from the table's counts and exposure, which are its task. */
const RATE = /\brates?\b/i;

const stem = (word: string) => stemmer(word.toLowerCase().replace(/-/g, ''));

/** The head noun phrase of a title, or null when it names no quantity (a place, a study, "Data"). */
export function titleSubject(title: string): TitleSubject | null {
  let text = title.toLowerCase().replace(/[."'\]]+$/, '').trim();
  // "Cowles and Davis's Data on Volunteering", "Survey Data on Brands of ...": the subject follows "data on".
  const on = /\bdata\s+(?:on|about|of)\s+(.+)$/.exec(text);
  text = on ? on[1]! : text.replace(/^.*?\b[a-z.]+'s\s+/, '');
  // "Watson churn data": the trailing word says what the title is, not what it studies.
  text = text.replace(/\s+(data(\s*sets?)?|dataset)$/, '');
  const parts = text.split(new RegExp(`(${PHRASE_END.source})`));
  const headOf = (part: string) => {
    const words = part.trim().replace(/^(the|a|an)\s+/, '').split(/\s+/).filter((w) => /^[a-z][a-z-]*$/.test(w));
    return { words, head: words.at(-1) };
  };
  const first = headOf(parts[0]!);
  if (!first.head || first.head.length < 3 || GENERIC.has(first.head)) return null;
  const conjoined: string[] = [];
  for (let i = 1; i + 1 < parts.length && CONJUNCTION.test(parts[i]!); i += 2) {
    const next = headOf(parts[i + 1]!).head;
    if (next) conjoined.push(next);
  }
  return { phrase: first.words.join(' '), head: first.head, conjoined };
}

/** The last word of a column name, its head: `compressive_strength` → strength, `medValue` → value, `House_Style` → style. */
function nameHead(name: string): string | undefined {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3).at(-1);
}

/**
 * Whether a documented meaning's head noun is the word, and its qualifier one the title uses too:
 * "Upland ozone concentration" is the title's "Ozone Concentration", "Colorectal cancer screening
 * rate" is no "Colorectal Cancer Mortality Rate"; a statistic ("median value") qualifies nothing.
 */
function meaningNames(meaning: string, subject: TitleSubject): boolean {
  if (measurementOf(meaning) === null) return false;
  const words = headPhrase(meaning)?.split(/\s+/) ?? [];
  if (words.length === 0 || stem(words.at(-1)!) !== stem(subject.head)) return false;
  const qualifier = words.slice(0, -1).filter((w) => !STATISTIC.test(w)).at(-1);
  return qualifier === undefined || subject.phrase.split(' ').some((w) => stem(w) === stem(qualifier));
}

/** Columns that name what the subject's head names, by name or by documented meaning. */
function namedBy(columns: readonly CardColumn[], subject: TitleSubject): { column: CardColumn; by: 'name' | 'meaning' }[] {
  return columns.flatMap((column): { column: CardColumn; by: 'name' | 'meaning' }[] => {
    const head = nameHead(column.name);
    if (head && stem(head) === stem(subject.head)) return [{ column, by: 'name' }];
    return meaningNames(column.meaning, subject) ? [{ column, by: 'meaning' }] : [];
  });
}

/** The name's prefix shared by a battery of items (`Incidence.Glenfiddich`, `Incidence.Other brands`), when at least three columns of one type share it. */
function batteryOf(column: CardColumn, columns: readonly CardColumn[]): number {
  const prefix = /^([A-Za-z]+)[._]/.exec(column.name)?.[1];
  return prefix ? columns.filter((c) => c.type === column.type && c.name.startsWith(prefix) && /[._]/.test(c.name[prefix.length] ?? '')).length : 0;
}

/** Why a column the title names is still no target, or null. */
function notATarget(column: CardColumn, card: DatasetCard, stats: ColumnStats | undefined, rows: number): string | null {
  const meaning = column.meaning.trim().replace(/\.$/, '');
  if (column.role !== 'input') return `the card calls it a ${column.role} column`;
  if (WEIGHT.test(meaning)) return `a statistical weight (${meaning})`;
  if (LABEL.test(meaning)) return `it labels rows (${meaning})`;
  const battery = batteryOf(column, card.columns);
  if (battery >= 3) return `one of ${battery} sibling items of the same kind (${column.name.split(/[._]/)[0]}…): one item predicted from its siblings is no task`;
  if (RATE.test(meaning) && card.columns.some((c) => EXPOSURE.test(c.meaning))) return `a rate (${meaning}) computed from the table's counts and person-years: the count with its exposure is the task`;
  // A factor of a designed experiment (every level the same number of times), not an outcome.
  const top = stats?.top ?? [];
  const covered = top.reduce((n, t) => n + t.count, 0);
  if (stats && top.length >= 2 && top.length === stats.distinct && covered === rows && top.every((t) => t.count === top[0]!.count)) return `a factor of the design: each of its ${top.length} values occurs exactly ${top[0]!.count} times`;
  return null;
}

/**
 * The column a card's title names as the quantity studied, or why there is none. Only for cards
 * that document no target and call no column an outcome; the caller checks that.
 */
export function titleTarget(card: DatasetCard, stats: ReadonlyMap<string, ColumnStats>, rows: number): TitleTarget | null {
  const subject = titleSubject(card.title);
  if (!subject) return null;
  const named = namedBy(card.columns, subject);
  if (named.length === 0) return null;
  const title = `the title '${card.title}'`;
  const names = new Set(card.columns.map((c) => c.name.toLowerCase()));
  // Rows that are intervals of follow-up (Stanford's transplant indicator per interval, bladder1's recurrences) study the events in them.
  if ((names.has('start') && names.has('stop')) || (names.has('tstart') && names.has('tstop'))) return { rejected: `${title} names \`${named[0]!.column.name}\`, but the rows are intervals of follow-up (start, stop): the study is of the events in them` };
  if (CIRCUMSTANCES.has(subject.head)) return { rejected: `${title} names the ${subject.head}, a circumstance of the data, not what it measures` };
  const other = subject.conjoined.find((w) => !GENERIC.has(w) && namedBy(card.columns, { phrase: w, head: w, conjoined: [] }).length > 0);
  if (other) return { rejected: `${title} names two quantities (${subject.head}, ${other}) without saying which is studied as the response` };
  if (named.length > 2) return { rejected: `${title} names ${subject.head}, which ${named.length} columns measure (${named.map((n) => `\`${n.column.name}\``).join(', ')}): no one of them is the quantity studied` };
  // Two columns of one kind (male and female births) are siblings: neither is the quantity studied.
  if (named.length === 2) return { rejected: `${title} names ${subject.head}, which both \`${named[0]!.column.name}\` and \`${named[1]!.column.name}\` measure` };
  const { column, by } = named[0]!;
  const problem = notATarget(column, card, stats.get(column.name), rows);
  return problem ? { rejected: `${title} names \`${column.name}\`, but ${problem}` } : { column, subject, by };
}
