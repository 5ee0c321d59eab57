import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CardColumn, DatasetCard } from '../datasets/card.js';
import { parseCsv } from '../tabular/csv.js';
import { MISSING_TOKENS } from '../tabular/missing.js';
import type { DerivedInput } from '../task/recipe.js';
import type { DatasetProfile, Proposal } from './types.js';

/**
 * Survival outcomes a card documents without a time-to-event column (rule R1a of the no-target
 * reading): follow-up stored as the dates or ages of entry and exit, with the event as a status at
 * exit ("status at end of follow-up (0=alive,1=dead)", "Vital status at exit", `"A" (alive) or "D"
 * (dead)`) or as the event's own date (`doDth` "Date of death", empty for the living). The time is
 * exit − entry, in days for dates; the event is death unless the card has no death and names
 * another event in its title or description (Epi's diet: "CHD event", "the incidence of CHD").
 *
 * Every date of the follow-up reveals its length (an exit date, a date of death, of relapse, a
 * date of a later prescription), and so do the status at exit, a cause of death, years at risk and
 * the indicators of events dated during follow-up: all are left out of the inputs. A birth date and
 * an age at entry are known at entry and stay.
 *
 * Interval-censored follow-up ("Date last seen well" / "Date first seen ill": Epi's DMconv, hivDK)
 * has no exit date and is not read here: its event time is known only between two visits.
 */
export interface DatedFollowUp {
  /** The start of follow-up (absent when the times are already counted from it: "years since diagnosis"). */
  entry?: string;
  /** The end of follow-up: exit, last contact, or death. */
  exit: string;
  /** The status at exit, or (without `event`) the date of the event itself. */
  status: string;
  /** The status value marking the event; absent when `status` is the event's date. */
  event?: string;
  /** The event as a noun phrase ("death", "CHD"). */
  eventName: string;
  /** The unit of exit − entry: "days", "years", "months"; null when the card does not say. */
  unit: string | null;
  /** Other status values that are events of another kind (death from another cause), counted as censored. */
  competing: { value: string; label: string }[];
  /** The columns known only at the end of follow-up (or after entry), each with why. */
  later: Map<string, string>;
  /** The mean follow-up time (in `unit`) and the number of rows with a usable one. */
  meanTime: number;
  /** The follow-up time and whether the event happened, per row with a usable time. */
  spans: { time: number; event: boolean }[];
  rows: number;
  /** Rows whose event happened. */
  events: number;
}

type Kind = 'date' | 'age' | 'since';

/** What kind of instant a meaning documents: a date, an age, or a time counted since an origin ("years since diagnosis"). */
function kindOf(meaning: string): Kind | null {
  if (/\b(years|days|months|weeks) since\b/i.test(meaning)) return 'since';
  if (/\bdate\b/i.test(meaning)) return 'date';
  if (/\bage\b/i.test(meaning)) return 'age';
  return null;
}

const ENTRY = /\b(date|age|time) (of|at) (entry|inclusion|diagnosis|randomi[sz]ation|start of follow-?up|contrast injection)\b|\bentry (to|into) (the )?(study|follow-?up|register|retirement home)\b|\bage of entry\b/i;
const EXIT = /\b(date|age|time) (of|at) (exit|end of (follow-?up|observation)|last (visit|follow-?up|on-study visit|contact))\b|\bexit from (the )?(study|follow-?up)\b|\b(date|age) of death or (left|end of (follow-?up|observation))\b/i;
/** A status at exit: "status at end of follow-up", "Status at exit", "Vital status", '"A" (alive) or "D" (dead) at end of observation', "Death status". */
const EXIT_STATUS = /\bstatus (at|on) (exit|end)\b|\bvital status\b|\bdeath status\b|\bat (the )?end of (observation|follow-?up)\b/i;
/** The subject's own date of death (not "date of death of spouse", nor "date of death or end of observation"). */
const DEATH_DATE = /^\s*(\(julian\)\s*)?date of death\b(?!\s+(of|or)\b)/i;
const BIRTH = /\b(date|year) of birth\b|\bbirth ?date\b/i;
/** Columns that restate the follow-up's length or outcome. */
const LATER = /\bcause of death\b|\b(dead|died|death)\b|\bstatus (at|on) (exit|end)\b|\bvital status\b|\b(years|time|days) at risk\b|\bperson-?years\b|\bfollow-?up time\b|\bobservation time\b|\bdifference between the (above )?two (ages|dates)\b/i;
const DEAD = /^(dead|died|death|deceased)$/i;

/** `0=alive,1=dead`, `1: dead / 2: alive, censored ...`, `"A" (alive) or "D" (dead)`, `1 died from melanoma, 2 alive`, `7,8: dead from other causes`: value → label. */
export function statusCodes(text: string): Map<string, string> {
  const codes = new Map<string, string>();
  const quoted = /"([A-Za-z0-9]+)"\s*\(([^)]+)\)/g;
  for (const m of text.matchAll(quoted)) codes.set(m[1]!, m[2]!.trim());
  if (codes.size) return codes;
  const coded = /(?:^|[\s(,;/.])((?:-?\d+\s*,\s*)*-?\d+)\s*(?:=|:|-(?!\d)|\s(?=[a-z]))\s*([A-Za-z][^,;/=()]*?)(?=\s*(?:[,;/)]|\.(?:\s|$)|$|\s-?\d+\s*[=:]))/g;
  for (const m of text.matchAll(coded)) for (const value of m[1]!.split(',')) codes.set(value.trim(), m[2]!.trim());
  return codes;
}

function distinctValues(profile: DatasetProfile, column: string): string[] {
  return (profile.columns.find((c) => c.name === column)?.top ?? []).map((t) => t.value);
}

/** The value of a status at exit that marks death, with the other values' labels; null unless exactly one value is death and every value is labelled. */
function deathCode(profile: DatasetProfile, column: CardColumn): { value: string; others: { value: string; label: string }[] } | null {
  const values = distinctValues(profile, column.name);
  const levels = /^levels: (.+)$/.exec(column.coding ?? '')?.[1]?.split(/,\s*/);
  const labels = statusCodes(column.meaning);
  // A factor whose levels are the states themselves (Alive, Dead), without a coding in the meaning.
  if (labels.size === 0 && levels) for (const level of levels) labels.set(level, level);
  if (values.length < 2 || !values.every((v) => labels.has(v))) return null;
  const dead = values.filter((v) => DEAD.test(labels.get(v)!.replace(/\s+at\b.*$/, '').trim()));
  if (dead.length !== 1) return null;
  const others = values.filter((v) => v !== dead[0]).map((v) => ({ value: v, label: labels.get(v)! }));
  if (!others.every((o) => /\b(alive|censor\w*|living)\b/i.test(o.label))) return null;
  return { value: dead[0]!, others };
}

/** A 0/1 "X event" column (`CHD event (1=CHD event, 0=no event)`) whose X the title or the description names. */
function namedEvent(profile: DatasetProfile, card: DatasetCard): { column: string; value: string; name: string } | null {
  const text = `${card.title} ${card.description}`;
  const found = card.columns.flatMap((c) => {
    const x = /^\s*([A-Za-z][\w-]*) event\b/.exec(c.meaning)?.[1];
    const labels = statusCodes(c.meaning);
    const values = distinctValues(profile, c.name);
    if (!x || values.length !== 2 || !new RegExp(`\\b${x}\\b`).test(text)) return [];
    const value = values.find((v) => new RegExp(`\\b${x} event\\b`, 'i').test(labels.get(v) ?? ''));
    const other = values.find((v) => v !== value);
    return value && other && /\bno\b/i.test(labels.get(other) ?? '') ? [{ column: c.name, value, name: x }] : [];
  });
  return found.length === 1 ? found[0]! : null;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A date or an age as a number: ISO dates as days since 1970, numbers as they are; null when missing or neither. */
export function instant(value: string | undefined): number | null {
  if (value === undefined || MISSING_TOKENS.has(value)) return null;
  if (ISO.test(value)) return Date.parse(`${value}T00:00:00Z`) / 86_400_000;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function readTable(profile: DatasetProfile): { header: string[]; rows: string[][] } | null {
  try {
    return parseCsv(readFileSync(path.join(profile.dir, profile.table), 'utf8'));
  } catch {
    return null;
  }
}

/** The unit exit − entry is counted in: days between ISO dates or (Julian, R Date) day numbers, years between fractional years, else the unit an age is stated in. */
function unitOf(kind: Kind, card: DatasetCard, entry: CardColumn | undefined, exit: CardColumn, sample: string[]): string | null {
  const stated = [entry?.unit, exit.unit, entry?.meaning, exit.meaning].map((t) => /\b(days|months|years|weeks)\b/i.exec(t ?? '')?.[1]?.toLowerCase()).find(Boolean);
  if (kind !== 'date') return stated ?? null;
  if (sample.every((v) => ISO.test(v))) return 'days';
  if (/\bfractions? of (a )?years?\b/i.test(card.description)) return 'years';
  if (/\bjulian\b/i.test(`${entry?.meaning} ${exit.meaning}`)) return 'days';
  // An R Date stored as its number: whole days since 1970.
  if (sample.every((v) => /^-?\d+$/.test(v)) && /\ba date\b/i.test(`${entry?.meaning} ${exit.meaning}`)) return 'days';
  return null;
}

/**
 * The columns to leave out with a dated follow-up: every date but a birth date (for ages: every
 * age but the entry), the status and its restatements, and the indicators of events dated during
 * follow-up (`liver` "Indicator of liver cancer diagnosis" beside `liverdat` "Date of liver cancer diagnosis").
 */
function laterColumns(card: DatasetCard, f: Omit<DatedFollowUp, 'later' | 'meanTime' | 'spans' | 'rows' | 'events'>, kind: Kind): Map<string, string> {
  const later = new Map<string, string>();
  const origin = f.entry ? `\`${f.entry}\`` : 'its origin';
  const dropped: CardColumn[] = [];
  for (const c of card.columns) {
    if (c.name === f.entry && kind === 'age') continue;
    const k = kindOf(c.meaning);
    if (c.name === f.exit || c.name === f.status || c.name === f.entry) {
      later.set(c.name, `part of the follow-up the target is derived from (from ${origin} to \`${f.exit}\`): it reveals how long follow-up lasted or how it ended`);
    } else if ((k === 'date' || k === 'since' || (kind === 'age' && k === 'age' && /\b(death|exit|end|left|last)\b/i.test(c.meaning))) && !BIRTH.test(c.meaning) && !/\bat (entry|diagnosis|baseline)\b/i.test(c.meaning)) {
      later.set(c.name, `a ${k === 'age' ? 'age' : 'date'} of the follow-up (${c.meaning.trim().replace(/\.$/, '')}): an instant after ${origin} reveals how long follow-up lasted`);
      dropped.push(c);
    } else if (LATER.test(c.meaning) && !/\b(at|before) (baseline|entry)\b|\bpreexisting\b/i.test(c.meaning)) {
      later.set(c.name, `it restates the outcome of follow-up (${c.meaning.trim().replace(/\.$/, '')}): known only when follow-up ends`);
    }
  }
  const phrases = dropped.map((c) => /\bdate of ((?:[a-z]+ ){0,3}[a-z]+)/i.exec(c.meaning)?.[1]?.toLowerCase()).filter((p): p is string => !!p && p.split(' ').length >= 2);
  for (const c of card.columns) {
    if (later.has(c.name) || c.name === f.entry) continue;
    // "Hepatocellular carcinoma at liverdat.": the name, a sentence's full stop after it allowed.
    const names = dropped.find((d) => new RegExp(`(?<![\\w.])${d.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w|\\.\\w)`).test(c.meaning));
    const phrase = phrases.find((p) => c.meaning.toLowerCase().includes(p));
    if (names || phrase) later.set(c.name, `an event of the follow-up (${c.meaning.trim().replace(/\.$/, '')}), ${names ? `dated by \`${names.name}\`` : `the event \`date of ${phrase}\` dates`}: it happened after ${origin}`);
  }
  return later;
}

/** The dated follow-up a card documents, or null with nothing to go by; `table` is the raw table (read from the profile's folder when absent). */
export function datedFollowUpOf(profile: DatasetProfile, table?: { header: string[]; rows: string[][] }): DatedFollowUp | null {
  const card = profile.card;
  if (card.targets.some((t) => t.modelFamily === 'survival')) return null;
  const kinds = new Map(card.columns.map((c) => [c.name, kindOf(c.meaning)]));
  const exits = card.columns.filter((c) => EXIT.test(c.meaning) && kinds.get(c.name) !== null);
  if (exits.length !== 1) return null;
  const exit = exits[0]!;
  const kind = kinds.get(exit.name)!;
  const entries = card.columns.filter((c) => c.name !== exit.name && ENTRY.test(c.meaning) && kinds.get(c.name) === kind);
  if (kind !== 'since' && entries.length !== 1) return null;
  const entry = kind === 'since' ? undefined : entries[0]!;
  // The event: a status at exit with a death code, else a documented "X event" indicator, else the subject's date of death.
  const statuses = card.columns.flatMap((c) => (c.name !== exit.name && EXIT_STATUS.test(c.meaning) ? [{ c, code: deathCode(profile, c) }] : [])).filter((s) => s.code);
  let status: string;
  let event: string | undefined;
  let eventName = 'death';
  let competing: DatedFollowUp['competing'] = [];
  if (statuses.length === 1) {
    status = statuses[0]!.c.name;
    event = statuses[0]!.code!.value;
    competing = statuses[0]!.code!.others.filter((o) => /\b(dead|died|death)\b/i.test(o.label));
  } else if (statuses.length > 1) {
    return null;
  } else {
    const named = namedEvent(profile, card);
    const deaths = card.columns.filter((c) => c.name !== exit.name && DEATH_DATE.test(c.meaning) && kinds.get(c.name) === kind);
    if (named) {
      status = named.column;
      event = named.value;
      eventName = named.name;
    } else if (deaths.length === 1 && kind !== 'since') {
      status = deaths[0]!.name;
    } else {
      return null;
    }
  }
  const rowsOf = table ?? readTable(profile);
  if (!rowsOf) return null;
  const at = (name: string) => rowsOf.header.indexOf(name);
  const [iEntry, iExit, iStatus] = [entry ? at(entry.name) : -2, at(exit.name), at(status)];
  if (iExit < 0 || iStatus < 0 || iEntry === -1) return null;
  let total = 0;
  let n = 0;
  let backwards = 0;
  let events = 0;
  let apart = 0;
  const sample: string[] = [];
  const spans: { time: number; event: boolean }[] = [];
  for (const row of rowsOf.rows) {
    const end = instant(row[iExit]);
    const start = entry ? instant(row[iEntry]) : 0;
    if (end === null || start === null) continue;
    if (sample.length < 50) sample.push(row[iExit]!);
    const span = end - start;
    if (span < 0) {
      backwards++;
      continue;
    }
    total += span;
    n++;
    const happened = event !== undefined ? row[iStatus] === event : instant(row[iStatus]) !== null;
    spans.push({ time: span, event: happened });
    if (!happened) continue;
    events++;
    // The event's own date must be the end of follow-up (Epi perturbs each date by a few days: within 2% of the follow-up).
    if (event === undefined && Math.abs(instant(row[iStatus])! - end) > 0.02 * Math.max(span, 1) + 45) apart++;
  }
  // Entry after exit in more than 1% of rows, or a date of death that is not when follow-up ended: not the pair the card means.
  if (n === 0 || backwards > 0.01 * (n + backwards) || apart > 0.1 * events || events === 0) return null;
  const unit = unitOf(kind, card, entry, exit, sample);
  const base = { entry: entry?.name, exit: exit.name, status, event, eventName, unit, competing };
  return { ...base, later: laterColumns(card, base, kind), meanTime: total / n, spans, rows: n, events };
}

/** Days in a year, for an age in years from two dates. */
const DAYS_PER_YEAR = 365.25;

/**
 * Age at entry in years, for an event within a horizon of follow-up stored as dates, from a birth
 * date kept among the inputs: the entry date itself is left out (with the exit it measures how
 * long follow-up lasted, and late entrants who lived are the ones censored before the horizon),
 * which left the readings' thoro, brv and dmlate tasks without the covariate their cohorts are
 * analysed by. None for ages (the age at entry is itself an input) or without a birth date.
 */
export function ageAtEntry(profile: DatasetProfile, proposal: Proposal, features: readonly string[]): (DerivedInput & { meaning: string })[] {
  const derive = proposal.derive;
  if (derive.kind !== 'event_by' || !derive.entry) return [];
  const entry = profile.card.columns.find((c) => c.name === derive.entry);
  if (!entry || kindOf(entry.meaning) !== 'date') return [];
  const birth = profile.card.columns.find((c) => BIRTH.test(c.meaning) && kindOf(c.meaning) === 'date' && features.includes(c.name));
  if (!birth) return [];
  const name = `age_at_${derive.entry}`;
  if (profile.columns.some((c) => c.name === name)) return [];
  return [{ name, kind: 'span', from: birth.name, to: derive.entry, per: DAYS_PER_YEAR, meaning: `age at entry in years, (\`${derive.entry}\` − \`${birth.name}\`) / ${DAYS_PER_YEAR} days, computed by the preparer: \`${derive.entry}\` (${entry.meaning.trim().replace(/\.$/, '')}) is not given` }];
}

const cache = new WeakMap<DatasetProfile, DatedFollowUp | null>();

/** datedFollowUpOf, once per profile. */
export function datedFollowUp(profile: DatasetProfile): DatedFollowUp | null {
  if (!cache.has(profile)) cache.set(profile, datedFollowUpOf(profile));
  return cache.get(profile)!;
}

/** A number rounded to 2 significant digits (5.800000000000001 is 5.8). */
const round2 = (x: number) => Number(Number(x.toPrecision(2)).toPrecision(2));

/**
 * The horizon of "the event within a horizon": `preferred` (a round mean time) when at least 70%
 * of the rows keep a known answer there (the event by then, or follow-up past it) and each answer
 * keeps 10% of them (and 10 rows); else the longest round decile of the observed times that does,
 * else the decile keeping the most rows. A heavily censored follow-up (Melanoma: most patients
 * alive at a last contact before the mean time) loses half its rows at the mean and few at a
 * shorter horizon. Null when no horizon keeps both answers.
 */
export function bestHorizon(spans: readonly { time: number; event: boolean }[], preferred: number | null): number | null {
  const times = spans.map((s) => s.time).filter((t) => t > 0).sort((a, b) => a - b);
  if (times.length < 20) return null;
  const score = (horizon: number) => {
    const yes = spans.filter((s) => s.event && s.time <= horizon).length;
    const no = spans.filter((s) => s.time > horizon).length;
    return { horizon, known: yes + no, balanced: Math.min(yes, no) >= Math.max(10, 0.1 * (yes + no)) };
  };
  const enough = (c: { known: number; balanced: boolean }) => c.balanced && c.known >= 0.7 * spans.length;
  if (preferred !== null && enough(score(preferred))) return preferred;
  const deciles = [...new Set(Array.from({ length: 9 }, (_, k) => round2(times[Math.floor(((k + 1) / 10) * (times.length - 1))]!)))].filter((h) => h > 0).map(score);
  const kept = deciles.filter(enough);
  if (kept.length) return kept[kept.length - 1]!.horizon;
  const balanced = deciles.filter((c) => c.balanced).sort((a, b) => b.known - a.known);
  return balanced[0]?.horizon ?? null;
}
