import type { DatasetCard } from '../datasets/card.js';
import type { TargetDerivation } from '../task/recipe.js';
import { datedFollowUp } from './survival-dates.js';
import { horizonText, survivalEvent } from './survival-event.js';
import { phrasedPairs, phrasedUnit, type PhrasedPair } from './survival-phrases.js';
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

const pairsByProfile = new WeakMap<DatasetProfile, { pairs: readonly SurvivalPair[]; phrased: readonly PhrasedPair[] }>();

function pairsOf(profile: DatasetProfile): { pairs: readonly SurvivalPair[]; phrased: readonly PhrasedPair[] } {
  let found = pairsByProfile.get(profile);
  if (!found) {
    const binary = new Set(profile.columns.filter((c) => c.distinct === 2).map((c) => c.name));
    const documented = survivalPairs(profile.card, profile.columns.map((c) => c.name), binary);
    const phrased = phrasedPairs(profile, documented);
    found = { pairs: [...documented, ...phrased.map(({ time, status, event }) => ({ time, status, event }))], phrased };
    pairsByProfile.set(profile, found);
  }
  return found;
}

/**
 * The survival pairs of a profiled dataset, read from its card once per profile (every role of
 * every proposal asks): the documented ones, and those phrased in ways the card builder's pairing
 * misses (survival-phrases.ts).
 */
export function survivalPairsOf(profile: DatasetProfile): readonly SurvivalPair[] {
  return pairsOf(profile).pairs;
}

/** The pairs of a card that documents none the card builder found, read from its phrasing (survival-phrases.ts). */
export function phrasedPairsOf(profile: DatasetProfile): readonly PhrasedPair[] {
  return pairsOf(profile).phrased;
}

/**
 * Every column known only at the end of follow-up (or after its origin), each with why: the times
 * and statuses of the survival pairs, what a phrased pair's card measures after the origin, and the
 * dates, statuses and event records of a follow-up stored as dates (survival-dates.ts).
 */
export function followUpOf(profile: DatasetProfile): Map<string, string> {
  const columns = followUpColumns(survivalPairsOf(profile));
  for (const pair of phrasedPairsOf(profile)) for (const [c, why] of pair.later) if (!columns.has(c)) columns.set(c, why);
  for (const [c, why] of datedFollowUp(profile)?.later ?? []) if (!columns.has(c)) columns.set(c, why);
  return columns;
}

/**
 * How an "event within a horizon" target is made, for the description, when its follow-up is
 * stored as dates or ages, or its status has codes of other events counted as censored; null for
 * the plain `Surv(time, status)` of the card (description.ts says that one).
 */
export function followUpDerivationText(profile: DatasetProfile, target: string, source: string, d: Extract<TargetDerivation, { kind: 'event_by' }>): string | null {
  const dated = datedFollowUp(profile);
  const [no, yes] = d.labels;
  if (dated && dated.exit === source && dated.status === d.status) {
    const event = dated.eventName;
    const within = horizonText(d.horizon, source, dated.unit);
    const span = d.entry ? `\`${source}\` − \`${d.entry}\`` : `\`${source}\``;
    const marked = d.event !== undefined ? `\`${d.status}\` = ${d.event}` : `\`${d.status}\` has a date`;
    const competing = dated.competing.length ? ` ${dated.competing.map((c) => `\`${d.status}\` = ${c.value} (${c.label})`).join(', ')} is counted as censored.` : '';
    const given = [source, d.status, ...(d.entry ? [d.entry] : [])].map((c) => `\`${c}\``).join(', ');
    return `Follow-up is stored as ${d.entry ? `the ${dated.unit === 'days' || !/\bage\b/i.test(profile.card.columns.find((c) => c.name === d.entry)?.meaning ?? '') ? 'dates' : 'ages'} of entry (\`${d.entry}\`) and exit (\`${source}\`)` : `the time of exit since the origin (\`${source}\`)`}; the time to ${event} or censoring is ${span}${dated.unit ? ` in ${dated.unit}` : ''}. \`${target}\` is \`${yes}\` when ${event} (${marked}) happened within ${within} (${span} ≤ ${d.horizon}), \`${no}\` when follow-up went on past ${within} without it (${span} > ${d.horizon}); rows censored before ${d.horizon} are left out, since their answer is unknown.${competing} Neither ${given} nor any other date, status or event record of the follow-up is given: each would reveal how long follow-up lasted or how it ended.`;
  }
  const phrased = phrasedPairsOf(profile).find((p) => p.time === source && p.status === d.status && p.event === d.event);
  if (!phrased) return null;
  const named = phrasedUnit(profile.card, source, survivalEvent(profile.card, source, d.status, d.event ?? ''));
  const event = phrased.eventName ?? named.event ?? 'the event';
  const within = horizonText(d.horizon, source, named.unit);
  const competing = phrased.competing.length
    ? ` ${phrased.competing.map((c) => `\`${d.status}\` = ${c.value} (${c.label})`).join(', ')} ${phrased.competing.length > 1 ? 'are' : 'is'} counted as censored, as in the cause-specific analyses of these data: a row with such a death before ${d.horizon} is left out, and one after it is \`${no}\`.`
    : '';
  const later = phrased.later.size ? ` Columns measured after the origin of follow-up or naming the event (${[...phrased.later.keys()].slice(0, 4).map((c) => `\`${c}\``).join(', ')}${phrased.later.size > 4 ? ', …' : ''}) are not given.` : '';
  return `\`${target}\` is \`${yes}\` when ${event} (\`${d.status}\` = ${d.event}) happened within ${within} of follow-up (\`${source}\` ≤ ${d.horizon}), \`${no}\` when follow-up went on past ${within} without it (\`${source}\` > ${d.horizon}); rows censored before ${d.horizon} are left out, since their answer is unknown, and neither \`${source}\` nor \`${d.status}\` is given.${competing}${later}`;
}
