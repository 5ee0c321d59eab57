import type { DatasetProfile } from './types.js';

/** A count the documentation gives of what its rows are about: "A panel of 595 individuals", "46 cities". */
export interface StatedCount {
  count: number;
  /** The plural noun counted (`individuals`). */
  noun: string;
}

/** A number (1,234 or 1234) followed by a plural noun or `people`, perhaps after one qualifier ("24 hourly measurements", "10 HHS regions"). */
const COUNT = /(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[a-z-]+\s+)?([a-z]+s|people)\b/gi;
/** Nouns that count the table's own parts, not what its rows are about. */
const TABLE_PARTS = /^(variables|columns|rows|cases|records)$/;
/** A span of years: "from 1976 to 1982", "1976-1982", "2011--2013". */
const YEAR_SPAN = /\b(1[5-9]\d\d|20\d\d)\s*(?:-{1,2}|–|to)\s*(1[5-9]\d\d|20\d\d)\b/g;

/** Every count of a plural noun that the text states. */
export function statedCounts(text: string): StatedCount[] {
  return [...text.matchAll(COUNT)]
    .map((m) => ({ count: Number(m[1]!.replace(/,/g, '')), noun: m[2]!.toLowerCase() }))
    .filter((c) => !TABLE_PARTS.test(c.noun));
}

/** The number of years of every span of years the text states (1976 to 1982: 7). */
export function statedYears(text: string): number[] {
  return [...text.matchAll(YEAR_SPAN)].map((m) => Number(m[2]) - Number(m[1]) + 1).filter((n) => n > 1);
}

const documentation = (profile: DatasetProfile) => `${profile.card.description}\n${profile.description}`;

/** How many time steps a unit of the panel may be observed: the years the documentation spans, and each complete time column's values. */
function panelSteps(profile: DatasetProfile): number[] {
  const times = new Set(profile.card.columns.filter((c) => c.role === 'time').map((c) => c.name));
  return [...statedYears(documentation(profile)), ...profile.columns.filter((c) => times.has(c.name) && c.missing === 0).map((c) => c.distinct)];
}

/** Units stored as consecutive runs of rows: how many, what the documentation calls them, and the columns constant within a unit. */
export interface UnitBlocks {
  size: number;
  units: number;
  noun: string;
  columns: string[];
}

/**
 * A panel stored unit after unit without a key column: the profiler found runs of `size` rows
 * inside which some columns never change, the documentation states that many units, and a run
 * covers the panel's time steps (Wages: "a panel of 595 individuals from 1976 to 1982", 4,165
 * rows = 595 × 7). A run length alone is also seen in data sorted by a column or in a crossed
 * table (USRegionalMortality's 40 rows per cause); a stated count alone says nothing of the order.
 */
export function unitBlocks(profile: DatasetProfile): UnitBlocks | undefined {
  const stated = statedCounts(documentation(profile));
  const steps = panelSteps(profile);
  for (const blocks of profile.rowBlocks.filter((b) => steps.includes(b.size))) {
    const match = stated.find((s) => s.count * blocks.size === profile.rows);
    if (match) return { size: blocks.size, units: match.count, noun: match.noun, columns: blocks.columns };
  }
  return undefined;
}

/**
 * The key of a panel's units that the documentation counts: a column with exactly as many values
 * as the stated units, whose rows fit in units × time steps (EmplUK's integer `firm`: "an
 * unbalanced panel of 140 observations from 1976 to 1984", 1,031 of 140 × 9 rows).
 */
export function countedUnitKey(profile: DatasetProfile, candidates: string[]): string | undefined {
  const counts = new Set(statedCounts(documentation(profile)).map((s) => s.count));
  const steps = panelSteps(profile);
  return candidates.find((name) => {
    const units = profile.columns.find((c) => c.name === name)?.distinct ?? 0;
    return counts.has(units) && steps.some((n) => profile.rows <= units * n && profile.rows >= 0.5 * units * n);
  });
}

/**
 * The key of stored units, when one of the columns constant within each run takes one value per
 * unit (Cigar's integer `state`, 46 states × 30 years): the unit has a name after all.
 */
export function unitKey(profile: DatasetProfile, blocks: UnitBlocks): string | undefined {
  return blocks.columns.find((name) => profile.columns.find((c) => c.name === name)?.distinct === blocks.units);
}
