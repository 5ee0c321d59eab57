import type { CardColumn, DatasetCard } from '../datasets/card.js';
import { statusCodes } from './survival-dates.js';
import type { SurvivalPair } from './survival.js';
import type { DatasetProfile } from './types.js';

/**
 * Censored times whose phrasing the \\format pairing (survival_format.py) misses, with the status
 * they go with (rule R1c of the no-target reading):
 *  - "week of first arrest after release or censoring" with `arrest` "1 if arrested" (carData's Rossi):
 *    the time names its event, and one yes/no column names the same event;
 *  - "Observation (follow up) time: Days" with `chd69` "Coronary heart disease event: 0 = none; 1 = yes"
 *    (epitools' wcgs): a follow-up time and the one column of the card that is an event;
 *  - "survival time in days, possibly censored" / "Survival time" with a status of three or more codes
 *    of which exactly one is death from the cause the title names ("1 died from melanoma, 2 alive,
 *    3 dead from other causes" of "Survival from Malignant Melanoma"): that code is the event, and
 *    death from another cause counts as censored, as the cause-specific analyses of these data do
 *    (MASS's and timereg's `Surv(time, status == 1)`).
 * Each pair is also what the card leaves out of the inputs: columns measured after the time's
 * origin ("employment status in the first week after release", and each "as above" after it) and
 * columns named after the status (`typechd` beside `chd69`: the kind of the event).
 */
export interface PhrasedPair extends SurvivalPair {
  /** The event in the card's words. */
  eventName: string | null;
  /** Codes of other events (death from other causes) counted as censored. */
  competing: { value: string; label: string }[];
  /** Columns measured after the time's origin, each with why. */
  later: Map<string, string>;
}

const CENSORED_TIME = /\bpossibly censored\b|\bor censor(ing|ed)\b|\(follow[- ]?up\) time\b|^(an? (numeric|integer) vector\.\s*)?survival time\b/i;
const DATE = /\bdate\b/i;
/** The event a time names: "week of first arrest", "time of death". */
const TIME_OF = /\b(?:week|day|month|year|time|age) of (?:first |the first )?([a-z]{4,})\b/i;
const STOP = new Set(['other', 'cause', 'causes', 'from', 'with', 'data', 'study', 'group', 'survival', 'patients']);
const DEAD_FROM = /^(?:dead|died|death)\s+(?:from|of)\s+(.+)$/i;
const DEAD = /^(?:dead|died|death|deceased)$/i;
const ALIVE = /\b(alive|censor\w*|living)\b/i;

function values(profile: DatasetProfile, name: string): string[] {
  return (profile.columns.find((c) => c.name === name)?.top ?? []).map((t) => t.value);
}

const words = (text: string) => new Set((text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !STOP.has(w)));

/**
 * The event code of a status of labelled codes: the one code of death from a cause the title names
 * (the others alive, censored, or death from other causes), else the one code of plain death (the
 * others alive or censored). Null when the codes do not cover the values or name no single event.
 */
export function causeSpecificEvent(title: string, column: CardColumn, present: string[]): { value: string; name: string; competing: { value: string; label: string }[] } | null {
  const codes = statusCodes(column.meaning);
  if (present.length < 2 || !present.every((v) => codes.has(v))) return null;
  const titled = words(title);
  const cause = present.filter((v) => {
    const m = DEAD_FROM.exec(codes.get(v)!);
    return m !== null && [...words(m[1]!)].some((w) => titled.has(w));
  });
  const plain = present.filter((v) => DEAD.test(codes.get(v)!));
  const event = cause.length === 1 ? cause[0]! : cause.length === 0 && plain.length === 1 ? plain[0]! : null;
  if (event === null) return null;
  const others = present.filter((v) => v !== event).map((v) => ({ value: v, label: codes.get(v)! }));
  const competing = others.filter((o) => DEAD_FROM.test(o.label) || DEAD.test(o.label));
  if (!others.every((o) => ALIVE.test(o.label) || (cause.length === 1 && DEAD_FROM.test(o.label)))) return null;
  const label = codes.get(event)!;
  return { value: event, name: cause.length === 1 ? label.replace(/^(dead|died)\b/i, 'death') : 'death', competing };
}

/** The pairs of a card with no documented survival outcome; `known` are the pairs already found (each column once). */
export function phrasedPairs(profile: DatasetProfile, known: readonly SurvivalPair[]): PhrasedPair[] {
  const card: DatasetCard = profile.card;
  if (card.targets.some((t) => t.modelFamily === 'survival') || known.length > 0) return [];
  const stats = new Map(profile.columns.map((c) => [c.name, c]));
  const numeric = (name: string) => ['integer', 'number'].includes(stats.get(name)?.type ?? '');
  const times = card.columns.filter((c) => CENSORED_TIME.test(c.meaning) && !DATE.test(c.meaning) && numeric(c.name) && (stats.get(c.name)?.distinct ?? 0) > 2);
  if (times.length !== 1) return [];
  const time = times[0]!;
  const binary = card.columns.filter((c) => c.name !== time.name && stats.get(c.name)?.distinct === 2);
  let status: CardColumn | undefined;
  let event: string | undefined;
  let eventName: string | null = null;
  let competing: PhrasedPair['competing'] = [];
  const coded = card.columns
    .filter((c) => c.name !== time.name && /\b(status|dead|died|death)\b/i.test(c.meaning))
    .flatMap((c) => {
      const found = causeSpecificEvent(card.title, c, values(profile, c.name));
      return found ? [{ c, found }] : [];
    });
  const named = TIME_OF.exec(time.meaning)?.[1]?.toLowerCase();
  if (coded.length === 1) {
    status = coded[0]!.c;
    event = coded[0]!.found.value;
    eventName = coded[0]!.found.name;
    competing = coded[0]!.found.competing;
  } else if (coded.length > 1) {
    return [];
  } else if (named && named !== 'censoring') {
    // "week of first arrest": the yes/no column whose name or meaning begins with the event's stem (`arrest` "1 if arrested").
    const stem = named.slice(0, 5);
    const sharing = binary.filter((c) => [c.name, ...(c.meaning.toLowerCase().match(/[a-z]+/g) ?? [])].some((w) => w.toLowerCase().startsWith(stem)));
    if (sharing.length !== 1) return [];
    status = sharing[0]!;
    eventName = named;
  } else if (/\bfollow[- ]?up\b/i.test(time.meaning)) {
    // A follow-up time that names no event: the card's one yes/no column that is an event.
    const events = binary.filter((c) => /\bevent\b/i.test(c.meaning));
    if (events.length !== 1) return [];
    status = events[0]!;
    eventName = /^([A-Za-z][A-Za-z ]*?) event\b/.exec(status.meaning)?.[1]?.toLowerCase() ?? null;
  }
  if (!status) return [];
  if (event === undefined) {
    const present = values(profile, status.name);
    const codes = statusCodes(status.meaning);
    const yes = present.filter((v) => /\b(yes|if arrested|arrested|event)\b/i.test(codes.get(v) ?? '') && !/\b(no|not|none)\b/i.test(codes.get(v) ?? ''));
    event = yes.length === 1 ? yes[0] : present.includes('1') && present.includes('0') ? '1' : undefined;
    if (event === undefined) return [];
  }
  return [{ time: time.name, status: status.name, event, eventName, competing, later: laterThanOrigin(card, status.name) }];
}

/** Columns measured after the origin of follow-up ("... in the first week after release", then "as above."), and columns named after the status. */
function laterThanOrigin(card: DatasetCard, status: string): Map<string, string> {
  const later = new Map<string, string>();
  const stem = status.toLowerCase().replace(/[._]?\d+$/, '');
  let previous: string | null = null;
  for (const c of card.columns) {
    const meaning = c.meaning.trim().replace(/\.$/, '');
    if (/\b(after|since) (release|entry|enrol\w*|randomi[sz]ation|diagnosis|surgery|operation)\b|\bduring (the )?follow-?up\b/i.test(meaning)) {
      later.set(c.name, `measured after the origin of follow-up (${meaning}): not known when the prediction is made`);
      previous = c.name;
    } else if (previous && /^(as above|ditto|same as above)$/i.test(meaning)) {
      later.set(c.name, `like \`${previous}\` ("as above"), measured after the origin of follow-up: not known when the prediction is made`);
      previous = c.name;
    } else {
      previous = null;
      if (c.name !== status && stem.length >= 3 && c.name.toLowerCase().includes(stem)) later.set(c.name, `named after the event status \`${status}\` (${meaning || 'undocumented'}): a record of the same event, known only when it happens`);
    }
  }
  return later;
}

/** The unit of a phrased time where survivalEvent finds none: "time: Days" (wcgs), or a column named for its unit (timereg's `days`). */
export function phrasedUnit<T extends { unit: string | null }>(card: DatasetCard, time: string, named: T): T {
  if (named.unit) return named;
  const meaning = card.columns.find((c) => c.name === time)?.meaning ?? '';
  const unit = /:\s*(days|weeks|months|years)\b/i.exec(meaning)?.[1] ?? /^(days|weeks|months|years)$/i.exec(time)?.[1];
  return unit ? { ...named, unit: unit.toLowerCase() } : named;
}
