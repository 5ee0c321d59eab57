import type { CardColumn, ColumnRole } from '../card.js';
import type { ColumnSummary } from '../profile.js';
import { humanize } from './names.js';
import { unitFromName } from './units.js';

/** What the data alone can tell about a column; every fact here is `inferred`. */

const IDENTIFIER = /^(id|.*[_.]id|id[_.].*|uuid|key|name|title)$/i;
const TIME = /^(date|time|datetime|timestamp|year|month|quarter|week|day|period)$/i;
/** Names of units observed repeatedly: panels, repeated measures, long-format choice data. */
const GROUPING = /^(country|country[_ ]?(name|code)|firm|company|individual|person|subject|patient|household|family|school|district|speaker|symbol|location|entity|city)$/i;

/** The role a column's name alone suggests (a time index, a grouping unit, an identifier), if any. */
export function roleFromName(name: string): ColumnRole | undefined {
  if (TIME.test(name)) return 'time';
  if (GROUPING.test(name)) return 'grouping';
  if (IDENTIFIER.test(name)) return 'identifier';
  return undefined;
}

function inferRole(summary: ColumnSummary, rows: number): ColumnRole {
  if (summary.type === 'datetime') return 'time';
  const named = roleFromName(summary.name);
  if (named) return named;
  // A label on every row (string, all distinct) names rows rather than measuring them.
  if (summary.type === 'string' && rows > 20 && summary.distinct === rows && summary.missing === 0) return 'identifier';
  return 'input';
}

/** A column described from its name and values only. */
export function inferColumn(summary: ColumnSummary, rows: number): CardColumn {
  const unit = unitFromName(summary.name);
  // The profile keeps the five most frequent values: a category with at most five is listed whole.
  const levels = summary.type === 'string' || summary.type === 'boolean' ? summary.top : undefined;
  const coding = levels && levels.length === summary.distinct ? levels.map((l) => l.value).join(', ') : undefined;
  return {
    name: summary.name,
    meaning: humanize(summary.name),
    ...(unit ? { unit } : {}),
    ...(coding ? { coding } : {}),
    type: summary.type,
    role: inferRole(summary, rows),
    origin: 'inferred',
  };
}
