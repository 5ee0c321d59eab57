import { combine, isInformative, MISSING, type ColumnPrint, type DatasetPrint, type TablePrint } from './fingerprint.js';

/**
 * Near-identical datasets by content. Two tables are twins when most rows of the smaller one are
 * rows of the larger one, compared over the columns whose values match (so a renamed, reordered,
 * added or dropped column does not hide a copy): vega `weather` holds every row of
 * `seattle-weather` plus a location column and New York's days.
 */

/** Bump when the detection changes: groups cached by an earlier one are detected again. */
export const DETECTION_VERSION = 3;

/** A column of the smaller table is matched when this share of its distinct values occur in one column of the other. */
const COLUMN_CONTAINMENT = 0.95;
/** Twins share at least this share of the smaller table's distinct rows (over the matched columns). */
const ROW_CONTAINMENT = 0.9;
/** How many of each column's smallest value hashes index it for candidate pairs. */
const SKETCH = 8;
/** A value in this many columns (0, 1, a year) says nothing about which tables are copies: not indexed. */
const COMMON_VALUE = 40;
/**
 * The same units under another encoding (plm's Wages and AER's PSID7682: log wage for wage, 0/1 for
 * yes/no; Epi's brca and survival's rotterdam: years for days): tables of nearly equal length whose
 * rows agree over at least this many informative columns, not calendar ones, that identify the rows.
 * Codes, flags and small counts count too when they agree row for row with an informative column
 * and, together, identify the rows (carData's Mroz and AER's PSID1976, the PSID's 753 wives of 1975:
 * only `age` is informative and matched, but age with the two kids counts and the three yes/no
 * flags tells 62% of the rows apart, and every row's combination occurs as often in the other).
 */
const RECODED_COLUMNS = 3;
const RECODED_LENGTH = 0.01;
/** Those columns' value combinations must tell at least this share of the rows apart. */
const RECODED_IDENTIFYING = 0.5;
/** A calendar axis repeats across any two tables of one period: no evidence of the same units. */
const CALENDAR = /year|month|day|date|time|week|quarter|period|hour|minute/i;

export interface TwinPair {
  /** The dataset whose rows are contained (the smaller table), and the one containing them. */
  contained: string;
  container: string;
  table: string;
  containerTable: string;
  /** Share of the contained table's distinct rows found in the other, over the matched columns. */
  rowContainment: number;
  /** Matched columns, contained → container. */
  columns: [string, string][];
}

export interface TwinGroup {
  /** The group's name: its alphabetically first member. */
  id: string;
  members: string[];
  pairs: TwinPair[];
}

interface TableRef {
  dataset: number;
  table: TablePrint;
}

const distinctCache = new WeakMap<ColumnPrint, Set<number>>();
function distinctValues(column: ColumnPrint): Set<number> {
  let values = distinctCache.get(column);
  if (!values) {
    values = new Set(column.hashes);
    values.delete(MISSING);
    distinctCache.set(column, values);
  }
  return values;
}

/** The SKETCH smallest distinct hashes: two columns holding the same values share them. */
function sketch(hashes: Iterable<number>): number[] {
  const smallest: number[] = [];
  for (const h of hashes) {
    if (h === MISSING || (smallest.length === SKETCH && h >= smallest[SKETCH - 1]!) || smallest.includes(h)) continue;
    let i = smallest.length === SKETCH ? SKETCH - 1 : smallest.length;
    while (i > 0 && smallest[i - 1]! > h) {
      smallest[i] = smallest[i - 1]!;
      i--;
    }
    smallest[i] = h;
  }
  return smallest;
}

/** Each row as the sorted multiset of its cells, blind to column names and order. */
function rowMultisets(table: TablePrint): Uint32Array {
  const columns = table.columns.filter((c) => !c.sequence);
  const cells = new Uint32Array(columns.length);
  const rows = new Uint32Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    for (let c = 0; c < columns.length; c++) cells[c] = columns[c]!.hashes[r]!;
    rows[r] = combine(cells.sort());
  }
  return rows;
}

/** Pairs of tables (of different datasets) sharing sketch values of a column, or of whole rows. */
function candidatePairs(tables: TableRef[]): [number, number][] {
  const postings = new Map<string, Set<number>>();
  const post = (key: string, table: number) => {
    let list = postings.get(key);
    if (!list) postings.set(key, (list = new Set()));
    list.add(table);
  };
  tables.forEach(({ table }, t) => {
    for (const column of table.columns.filter(isInformative)) {
      for (const h of sketch(column.hashes)) post(`c${h}`, t);
      // The column's whole multiset of values: equal in a copy whatever the row order or the other columns.
      post(`m${combine([...column.hashes].sort())}`, t);
    }
    for (const h of sketch(rowMultisets(table))) post(`r${h}`, t);
  });
  const votes = new Map<string, number>();
  for (const list of postings.values()) {
    if (list.size < 2 || list.size > COMMON_VALUE) continue;
    const members = [...list];
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [a, b] = [members[i]!, members[j]!];
        if (tables[a]!.dataset === tables[b]!.dataset) continue;
        const key = a < b ? `${a} ${b}` : `${b} ${a}`;
        votes.set(key, (votes.get(key) ?? 0) + 1);
      }
    }
  }
  // Two shared values: one can be chance, a copied column shares nearly all SKETCH of them.
  return [...votes.entries()].filter(([, n]) => n >= 2).map(([key]) => key.split(' ').map(Number) as [number, number]);
}

/** Share of `small` in `large`; gives up (returns 0) once it cannot reach `atLeast`. */
function containment(small: Set<number>, large: Set<number>, atLeast = 0): number {
  if (small.size === 0) return 0;
  const allowedMisses = Math.floor(small.size * (1 - atLeast));
  let misses = 0;
  for (const v of small) if (!large.has(v) && ++misses > allowedMisses) return 0;
  return 1 - misses / small.size;
}

/** Each column of `small` to the column of `large` holding its values best (one to one), where one holds nearly all. */
function matchColumns(small: TablePrint, large: TablePrint): [ColumnPrint, ColumnPrint][] {
  const options: { a: ColumnPrint; b: ColumnPrint; score: number; gap: number }[] = [];
  for (const a of small.columns.filter((c) => !c.sequence && c.distinct > 0)) {
    for (const b of large.columns.filter((c) => !c.sequence && c.distinct >= a.distinct * COLUMN_CONTAINMENT)) {
      const score = containment(distinctValues(a), distinctValues(b), COLUMN_CONTAINMENT);
      if (score >= COLUMN_CONTAINMENT) options.push({ a, b, score, gap: b.distinct - a.distinct });
    }
  }
  options.sort((x, y) => y.score - x.score || x.gap - y.gap);
  const used = new Set<ColumnPrint>();
  const matched: [ColumnPrint, ColumnPrint][] = [];
  for (const { a, b } of options) {
    if (used.has(a) || used.has(b)) continue;
    used.add(a).add(b);
    matched.push([a, b]);
  }
  return matched;
}

function rowContainment(small: TablePrint, large: TablePrint, matched: [ColumnPrint, ColumnPrint][]): number {
  const rows = (table: TablePrint, columns: ColumnPrint[]) => {
    const set = new Set<number>();
    const cells = new Uint32Array(columns.length);
    for (let r = 0; r < table.rows; r++) {
      let present = false;
      for (let c = 0; c < columns.length; c++) present = (cells[c] = columns[c]!.hashes[r]!) !== MISSING || present;
      if (present) set.add(combine(cells));
    }
    return set;
  };
  return containment(rows(small, matched.map(([a]) => a)), rows(large, matched.map(([, b]) => b)));
}

/** Distinct value combinations of some columns, as a share of the table's rows. */
function identifying(table: TablePrint, columns: ColumnPrint[]): number {
  const rows = new Set<number>();
  const cells = new Uint32Array(columns.length);
  for (let r = 0; r < table.rows; r++) {
    for (let c = 0; c < columns.length; c++) cells[c] = columns[c]!.hashes[r]!;
    rows.add(combine(cells));
  }
  return rows.size / Math.max(1, table.rows);
}

/**
 * Share of the smaller table's rows whose value combination over the matched columns occurs as many
 * times in the larger (a multiset, not a set: a code whose values merely occur in the other column
 * does not agree row for row); gives up (returns 0) once it cannot reach `atLeast`.
 */
function rowAgreement(small: TablePrint, large: TablePrint, matched: [ColumnPrint, ColumnPrint][], atLeast = 0): number {
  const key = (columns: ColumnPrint[], r: number, cells: Uint32Array) => {
    for (let c = 0; c < columns.length; c++) cells[c] = columns[c]!.hashes[r]!;
    return combine(cells);
  };
  const cells = new Uint32Array(matched.length);
  const counts = new Map<number, number>();
  const [ours, theirs] = [matched.map(([a]) => a), matched.map(([, b]) => b)];
  for (let r = 0; r < large.rows; r++) {
    const k = key(theirs, r, cells);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const allowedMisses = Math.floor(small.rows * (1 - atLeast));
  let misses = 0;
  for (let r = 0; r < small.rows; r++) {
    const k = key(ours, r, cells);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else if (++misses > allowedMisses) return 0;
  }
  return 1 - misses / Math.max(1, small.rows);
}

const notCalendar = ([a, b]: [ColumnPrint, ColumnPrint]) => !CALENDAR.test(a.name) && !CALENDAR.test(b.name);
/** A code, a flag or a small count: too few values to match a column alone, not constant. */
const isCoded = (c: ColumnPrint) => !c.sequence && c.distinct >= 2 && !isInformative(c) && !CALENDAR.test(c.name);

/**
 * The informative columns extended by the codes of the smaller table that agree row for row with
 * them: each to the other table's code of the same values (yes/no to yes/no, 0..3 to 0..3) with
 * which the rows' combinations agree most, kept while at least ROW_CONTAINMENT of the rows agree.
 * Codes with equal values are many (every yes/no column): the rows' agreement, not the values,
 * tells which one is the same variable.
 */
function withCodes(small: TablePrint, large: TablePrint, anchor: [ColumnPrint, ColumnPrint][]): [ColumnPrint, ColumnPrint][] {
  const evidence = [...anchor];
  const used = new Set(evidence.flat());
  const theirs = large.columns.filter((b) => isCoded(b) && !used.has(b));
  for (const a of small.columns.filter((c) => isCoded(c) && !used.has(c)).sort((x, y) => y.distinct - x.distinct)) {
    const values = distinctValues(a);
    let best: ColumnPrint | undefined;
    let bestScore = ROW_CONTAINMENT;
    for (const b of theirs) {
      if (used.has(b) || b.distinct !== a.distinct || containment(values, distinctValues(b), 1) < 1) continue;
      const score = rowAgreement(small, large, [...evidence, [a, b]], bestScore);
      if (score > bestScore || (score === bestScore && !best)) [best, bestScore] = [b, score];
    }
    if (best) {
      evidence.push([a, best]);
      used.add(a).add(best);
    }
  }
  return evidence;
}

/** The same units recoded: most columns differ in form, but enough columns agree row for row and identify the rows. */
function recodedPair(small: TableRef, large: TableRef, informative: [ColumnPrint, ColumnPrint][]): [ColumnPrint, ColumnPrint][] | undefined {
  if (large.table.rows - small.table.rows > RECODED_LENGTH * large.table.rows) return undefined;
  const anchor = informative.filter(notCalendar);
  if (anchor.length >= RECODED_COLUMNS) {
    if (identifying(small.table, anchor.map(([a]) => a)) < RECODED_IDENTIFYING) return undefined;
    return rowContainment(small.table, large.table, anchor) >= ROW_CONTAINMENT ? anchor : undefined;
  }
  // Fewer informative columns: the codes agreeing row for row with them may identify the rows together.
  if (anchor.length === 0 || rowAgreement(small.table, large.table, anchor, ROW_CONTAINMENT) < ROW_CONTAINMENT) return undefined;
  const evidence = withCodes(small.table, large.table, anchor);
  if (evidence.length < RECODED_COLUMNS) return undefined;
  if (identifying(small.table, evidence.map(([a]) => a)) < RECODED_IDENTIFYING) return undefined;
  return rowAgreement(small.table, large.table, evidence, ROW_CONTAINMENT) >= ROW_CONTAINMENT ? evidence : undefined;
}

/** Whether the smaller table's rows are rows of the larger, and over which columns. */
function compareTables(x: TableRef, y: TableRef, prints: DatasetPrint[]): TwinPair | undefined {
  const [small, large] = x.table.rows <= y.table.rows ? [x, y] : [y, x];
  const matched = matchColumns(small.table, large.table);
  const informative = matched.filter(([a]) => isInformative(a));
  const ownInformative = small.table.columns.filter(isInformative).length;
  const usable = small.table.columns.filter((c) => !c.sequence).length;
  const pair = (share: number, columns: [ColumnPrint, ColumnPrint][]): TwinPair => ({
    contained: prints[small.dataset]!.name,
    container: prints[large.dataset]!.name,
    table: small.table.file,
    containerTable: large.table.file,
    rowContainment: Math.round(share * 1000) / 1000,
    columns: columns.map(([a, b]) => [a.name, b.name]),
  });
  // Enough evidence: two informative columns in common (all of them if it has fewer), and most columns.
  if (informative.length < Math.min(2, ownInformative) || matched.length * 2 < usable || matched.length === 0) {
    const recoded = recodedPair(small, large, informative);
    return recoded ? pair(rowContainment(small.table, large.table, recoded), recoded) : undefined;
  }
  // Over informative columns first; a low-cardinality match (two 0/1 flags swapped) may be wrong.
  const over = informative.length >= 2 ? informative : matched;
  let share = rowContainment(small.table, large.table, matched);
  if (share < ROW_CONTAINMENT && over !== matched) share = rowContainment(small.table, large.table, over);
  if (share >= ROW_CONTAINMENT) return pair(share, matched);
  const recoded = recodedPair(small, large, informative);
  return recoded ? pair(rowContainment(small.table, large.table, recoded), recoded) : undefined;
}

/** Groups of datasets that are twins, directly or through a chain of twins. */
export function detectTwins(prints: DatasetPrint[]): TwinGroup[] {
  const tables: TableRef[] = prints.flatMap((p, dataset) => p.tables.filter((t) => t.rows > 0).map((table) => ({ dataset, table })));
  const pairs: TwinPair[] = [];
  for (const [a, b] of candidatePairs(tables)) {
    const pair = compareTables(tables[a]!, tables[b]!, prints);
    if (pair) pairs.push(pair);
  }
  const parent = new Map<string, string>();
  const find = (n: string): string => {
    const p = parent.get(n) ?? n;
    if (p === n) return n;
    const root = find(p);
    parent.set(n, root);
    return root;
  };
  for (const p of pairs) {
    const [ra, rb] = [find(p.contained), find(p.container)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, TwinGroup>();
  for (const p of pairs) {
    const id = find(p.contained);
    const group = groups.get(id) ?? { id, members: [], pairs: [] };
    group.pairs.push(p);
    for (const m of [p.contained, p.container]) if (!group.members.includes(m)) group.members.push(m);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, members: g.members.sort(), pairs: g.pairs.sort((a, b) => (a.contained + a.container < b.contained + b.container ? -1 : 1)) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
