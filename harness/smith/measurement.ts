/**
 * What a column's documented meaning says it measures, for telling sibling measurements (the same
 * kind of thing, measured with the target) from covariates.
 */

/** Storage types R help pages open an item with ("numeric. Spirits consumption", "a numeric"): no meaning of their own. */
const TYPE_WORDS = new Set(['numeric', 'integer', 'factor', 'character', 'logical', 'double', 'vector', 'variable']);

/** Words that end a meaning's head phrase: prepositions ("deaths among persons ...") and verbs ("scores may range ..."); not "by", which names whose the thing is (articles by the mentor are the mentor's). */
const HEAD_END = /[(,;:.]|\s(?:in|of|per|at|for|on|during|since|from|to|as|due|among|with|without|may|can|is|are|was|were)\s/;

/** Words of a documented meaning that make a column time at risk: person-years, exposure, follow-up time. */
export const EXPOSURE = /\b(person[- ]?(years?|time|months|days)|py|exposure|risk[- ]?time|time at risk)\b/i;

/**
 * Whose (a possessive), the head noun and the first word of the parenthesis of a documented meaning.
 * "violent crime rate (incidents per 100,000 ...)" and "murder rate (incidents per 100,000)" measure the
 * same kind of thing; "incarceration rate in the state (sentenced prisoners ...)" does not; "Number of
 * physician office visits" and "Number of non-physician office visits" do; "Wife's average hourly
 * wage" and "Husband's wage" do not. Null when the meaning names no noun (only a storage type).
 */
export function measurementOf(meaning: string): string | null {
  const head = headOf(meaning);
  if (!head) return null;
  const paren = /\(([a-z]+)/.exec(head.text)?.[1] ?? '';
  const words = head.words;
  const possessor = words[0]?.endsWith("'s") ? words[0] : '';
  const noun = words.at(-1) ?? '';
  if (TYPE_WORDS.has(noun)) return null;
  return noun.length >= 3 && /^[a-z]+$/.test(noun) ? `${possessor}|${noun}|${paren}` : null;
}

/** The head phrase of a meaning, as words ("SAT Verbal scores may range ..." → "sat verbal scores"). */
export function headPhrase(meaning: string): string | null {
  return headOf(meaning)?.words.join(' ') ?? null;
}

function headOf(meaning: string): { text: string; words: string[] } | null {
  const typed = meaning.toLowerCase().replace(/^\s*(an?\s+)?(numeric|integer|factor|character|logical|double|ordered factor)(\s+(vector|variable))?\s*(?:[.,:;]|\s+of\s)\s*/, '');
  const text = typed.replace(/^\s*(an?|the)\s+/, '').replace(/^\s*(total\s+)?(number|count|amount)\s+of\s+/, '');
  const words = text.split(HEAD_END)[0]!.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? { text, words } : null;
}

/** A measurement taken before the outcome (dietox's start weight, respiratory's status at baseline) is a baseline, an input by design. */
const BASELINE = /\b(start(ing)?|initial|baseline|at (entry|birth|enrol?ment|admission)|before|prior|previous|pre-?\w+)\b/i;

export function isBaseline(meaning: string): boolean {
  return BASELINE.test(meaning);
}

/**
 * What kind of unit a row is (a penguin's species, a plant's variety, a dog's breed): a card may
 * call it an outcome, since it is what the data were collected to tell apart, but it is known
 * before anything is measured on the unit, so for another target it is an input (the eighth
 * reading: penguins' sex task dropped `species` as "another outcome").
 */
const KIND_OF_UNIT = /^\W*(?:(?!(?:number|count|total|mean)\b)\w+\s+)?(species|breed|variety|cultivar|genus|strain)\b/i;

export function isKindOfUnit(meaning: string): boolean {
  return KIND_OF_UNIT.test(meaning.trim());
}

/** How a value was obtained, not what it is: "Measured weight" and "Reported weight" are one quantity. */
const METHOD = /^(measured|reported|self-reported|self reported|observed|recorded|stated|actual|true)$/;
/** A value as someone reported it, beside the same value measured. */
const REPORT = /\b(self[- ]?)?reported\b/i;

/** The head phrase of a meaning without words saying how it was obtained ("Reported weight in kg" → "weight"). */
function quantityOf(meaning: string): string | null {
  const head = headOf(meaning);
  return head && measurementOf(meaning) !== null ? head.words.filter((w) => !METHOD.test(w)).join(' ') : null;
}

/** Two meanings of one quantity obtained two ways (a measured and a reported weight): a calibration pair, not siblings. */
export function sameQuantity(a: string, b: string): boolean {
  const qa = quantityOf(a);
  return qa !== null && qa.length > 0 && qa === quantityOf(b) && headPhrase(a) !== headPhrase(b);
}

/** A meaning that says the value is someone's report (of what another column measures). */
export function isReport(meaning: string): boolean {
  return REPORT.test(meaning);
}

/** The other side of a two-sided event's column (`home_score` ↔ `away_score`), when the data have it. */
export function otherSide(column: string, names: readonly string[]): string | undefined {
  const m = /^(home|away)([_.]?)(.+)$/i.exec(column);
  if (!m) return undefined;
  const other = m[1]!.toLowerCase() === 'home' ? 'away' : 'home';
  return names.find((n) => n !== column && n.toLowerCase() === `${other}${m[2]}${m[3]}`.toLowerCase());
}
