/**
 * Units of measurement as documentation states them: `(minutes)`, `in millimeters`, `ppmv` at the
 * end of a definition, or a column name's suffix (`weight_in_lbs`, `depth_km`). Only words from
 * this vocabulary count, so `(mean of distances from center to points on the perimeter)` is not a unit.
 */
const UNIT_WORDS = [
  'mm', 'cm', 'km', 'kg', 'g', 'lbs?', 'pounds?', 'inch(?:es)?', 'ft', 'feet', 'miles?', 'knots', 'mph', 'm/s', 'km/h',
  'millimet(?:er|re)s?', 'centimet(?:er|re)s?', 'kilomet(?:er|re)s?(?: per hour)?', 'met(?:er|re)s?', 'grams?', 'kilograms?',
  'degrees(?: celsius| fahrenheit| c| f)?', '°[cf]', 'ppmv?', 'ppb', 'parts per \\d+ (?:million|billion)', 'parts per (?:million|billion)',
  'minutes?', 'min', 'hours?', 'seconds?', 'days?', 'weeks?', 'months?', 'years?',
  '\\$\\s?\\d+\'?s', '(?:\\d{4} )?(?:us )?dollars?', 'us\\$', 'usd', '\\$', 'percent(?:age)?', '%', 'thousands?', '1000\'?s', 'millions?', 'billions?', 'bil\\.',
];
const UNIT = new RegExp(`(?:^|[\\s(,])(?:${UNIT_WORDS.join('|')})(?=$|[\\s),.;])`, 'i');
const IN_UNIT = new RegExp(`\\bin ((?:${UNIT_WORDS.join('|')})(?: of [\\w$ ]+?| per [a-z]+)?)(?=$|[\\s),.;])`, 'i');
/** A bare unit at the end of a definition (`CO2 Concentration ppmv`): abbreviations only, since `for each year` is no unit. */
const TRAILING_UNIT = /\s(mm|cm|km|kg|lbs|ppmv?|ppb|mph|m\/s|km\/h|min|%|\$)\.?$/i;
const NAME_SUFFIX = /(?:^|_)(?:in_)?(mm|cm|km|kg|lbs|g|knots|min|mph|ppm|usd|pct|percent|years|days|hours|seconds|minutes)$/;

/** The unit a definition text states, or undefined. */
export function unitFromText(text: string): string | undefined {
  if (/^percent(age)? of\b/i.test(text)) return 'percent';
  for (const match of text.matchAll(/\(([^()]+)\)/g)) {
    const inner = match[1]!.trim();
    // `(in thousands)` → `thousands`; a parenthesis that is a unit, possibly with a qualifier after a comma.
    const head = inner.replace(/^in\s+/i, '').split(/[,;]/)[0]!.trim();
    if (UNIT.test(` ${head}`) && head.split(/\s+/).length <= 6) return head;
  }
  const phrase = IN_UNIT.exec(text);
  if (phrase) return phrase[1]!.trim();
  return TRAILING_UNIT.exec(text.trim())?.[1];
}

/** The unit a column name carries as its last part (`beak_length_mm` → `mm`), or undefined. */
export function unitFromName(name: string): string | undefined {
  return NAME_SUFFIX.exec(name.toLowerCase())?.[1];
}
