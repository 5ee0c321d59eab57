import type { DatasetCard } from '../datasets/card.js';
import type { DatasetProfile } from './types.js';

/**
 * Censored survival outcomes as the card documents them. A time to an event and its status are
 * known only at the end of follow-up: neither is ever an input, a status is never a plain yes/no
 * (a row censored early says "no" without meaning it), and rows of counting-process data
 * (`Surv(start, stop, event)`: one row per interval of one subject) belong together.
 */
export interface SurvivalPair {
  /** The time of the event or of censoring (the `stop` of a counting-process interval). */
  time: string;
  status: string;
  /** The status value that marks the event, when the documentation writes it out (`status == 2`). */
  event?: string;
  /** The start of the interval, in counting-process data. */
  start?: string;
}

const NAME = '[A-Za-z_.][A-Za-z0-9_.]*';
// A time may be rescaled in the formula (`Surv(futime/365.25, status)`): the column is still the time.
const SURV = new RegExp(`Surv2?\\(\\s*(${NAME})\\s*(?:[/*]\\s*[0-9.]+\\s*)?,\\s*(${NAME})\\s*(?:,\\s*(${NAME})\\s*)?(?:==\\s*"?([A-Za-z0-9_.]+)"?)?\\s*\\)`, 'g');

/** Every `Surv(time, status)` / `Surv(time, status == k)` / `Surv(start, stop, event)` of a text. */
export function survivalTermsAll(text: string): SurvivalPair[] {
  return [...text.matchAll(SURV)].map((m) =>
    m[3] ? { start: m[1]!, time: m[2]!, status: m[3]!, event: m[4] } : { time: m[1]!, status: m[2]!, event: m[4] },
  );
}

/** The first survival term of a model formula, or null. */
export function survivalTerms(text: string): SurvivalPair | null {
  return survivalTermsAll(text)[0] ?? null;
}

/** A follow-up time by its documented meaning: "days to relapse or last follow-up", "time to death or censoring". */
const FOLLOW_UP_TIME = /\b(?:time|days|weeks|months|years)\s+(?:to|until|till)\s+([a-z]+)(?:\s+[a-z]+)?\s+or\s+(?:the\s+)?(?:last\s+)?(?:follow-?up|contact|censor\w*|end of (?:the )?study)/i;

/** The column a follow-up time's event names: a yes/no column whose name or meaning shares the event's stem (relapse → recur "1 = relapse"; death → death "1 = dead"). */
function statusFor(event: string, card: DatasetCard, binary: Set<string>, time: string): string | undefined {
  const stem = event.toLowerCase().slice(0, 3);
  const words = (text: string) => text.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  const named = card.columns.filter((c) => c.name !== time && binary.has(c.name) && [...words(c.name), ...words(c.meaning)].some((w) => w.startsWith(stem)));
  return named.length === 1 ? named[0]!.name : undefined;
}

/**
 * The survival pairs of a card whose columns are all in the data: from every documented target's
 * evidence (also those no task can be made of), and from the meanings of follow-up times and the
 * event indicators they name; each pair once. `binary`: the columns with two values.
 */
export function survivalPairs(card: DatasetCard, columns: readonly string[], binary: ReadonlySet<string> = new Set()): SurvivalPair[] {
  const present = new Set(columns);
  const seen = new Set<string>();
  const documented = card.targets.flatMap((t) => survivalTermsAll(t.evidence.text));
  const described = card.columns.flatMap((c): SurvivalPair[] => {
    const event = FOLLOW_UP_TIME.exec(c.meaning)?.[1];
    const status = event ? statusFor(event, card, new Set(binary), c.name) : undefined;
    return status ? [{ time: c.name, status }] : [];
  });
  return [...documented, ...described]
    .filter((p) => present.has(p.time) && present.has(p.status) && (p.start === undefined || present.has(p.start)))
    .filter((p) => {
      const key = `${p.start ?? ''}|${p.time}|${p.status}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/**
 * The columns known only at the end of follow-up, each with why: the times and statuses of every
 * documented survival outcome. A counting-process interval's start is known when it begins.
 */
export function followUpColumns(pairs: readonly SurvivalPair[]): Map<string, string> {
  const columns = new Map<string, string>();
  for (const p of pairs) {
    const surv = p.start ? `Surv(${p.start}, ${p.time}, ${p.status})` : `Surv(${p.time}, ${p.status})`;
    columns.set(p.time, `the follow-up time of the documented survival outcome ${surv}: known only when the event happens or follow-up ends, never when the prediction is made`);
    columns.set(p.status, `the event status of the documented survival outcome ${surv}: known only at the end of follow-up`);
  }
  return columns;
}

/** Counting-process data: some documented outcome is `Surv(start, stop, event)`, one row per interval of a subject. */
export function countingProcess(pairs: readonly SurvivalPair[]): boolean {
  return pairs.some((p) => p.start !== undefined);
}

const pairsByProfile = new WeakMap<DatasetProfile, readonly SurvivalPair[]>();

/** The survival pairs of a profiled dataset, read from its card once per profile (every role of every proposal asks). */
export function survivalPairsOf(profile: DatasetProfile): readonly SurvivalPair[] {
  let pairs = pairsByProfile.get(profile);
  if (!pairs) {
    const binary = new Set(profile.columns.filter((c) => c.distinct === 2).map((c) => c.name));
    pairs = survivalPairs(profile.card, profile.columns.map((c) => c.name), binary);
    pairsByProfile.set(profile, pairs);
  }
  return pairs;
}
