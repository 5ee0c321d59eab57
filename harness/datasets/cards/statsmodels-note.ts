import { z } from 'zod';
import type { CardColumn, DatasetCard, DocumentedTarget, ModelFamily } from '../card.js';
import { roleFromName } from './infer.js';
import { findColumn } from './names.js';
import { unitFromText } from './units.js';

/** What export_statsmodels.py prints: the dataset module's documentation strings and load()'s endog/exog. */
export const StatsmodelsDocs = z.object({
  title: z.string(),
  source: z.string(),
  descrshort: z.string(),
  descrlong: z.string(),
  note: z.string(),
  copyright: z.string(),
  endog: z.array(z.string()).nullable(),
  exog: z.array(z.string()).nullable(),
});
export type StatsmodelsDocs = z.infer<typeof StatsmodelsDocs>;

export interface NoteVariable {
  column: string;
  meaning: string;
  /** `1 = very poor, 2 = poor, ...`, from inline codes or the indented `0 - Strong Democrat` lines below. */
  coding?: string;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const CODE_LINE = /^(-?\d+)\s+-\s+(.+)$|^(-?\d+)\s*-\s+(.+)$/;
const INLINE_CODES = /(?:^|[,.;:]\s*)(-?\d+\s*=\s*[\s\S]*)$/;

/** Splits `How religious, 1 = not, 2 = mildly` into its meaning and its codes. */
function inlineCoding(text: string): { meaning: string; coding?: string } {
  const codes = INLINE_CODES.exec(text);
  if (!codes || !/\d+\s*=\s*\S[\s\S]*\d+\s*=/.test(codes[1]!)) return { meaning: text };
  return { meaning: text.slice(0, codes.index).replace(/[,;:\s]+$/, ''), coding: codes[1]!.trim() };
}

/**
 * The variable definitions of a statsmodels NOTE: `name - text`, `name : text` or `name = text`
 * lines (continued on more-indented lines, codes as `0 - label` lines), matched to the data's
 * columns; `1960 - 2013 - text` defines every column of that range. A bare column name takes the
 * free text above it (star98's interaction terms) unless that text is a heading ending in `:`;
 * "The following 3 variables all take the values:" gives its codes to the next three variables.
 */
export function parseNoteVariables(note: string, columns: readonly string[]): NoteVariable[] {
  type Entry = NoteVariable & { indent: number; codes: string[] };
  const found = new Map<string, Entry>();
  let current: Entry | undefined;
  let freeText = '';
  let paragraphEnded = true;
  let shared: { codes: string[]; count: number; indent: number } | undefined;
  const pendingShared: { codes: string[]; count: number }[] = [];
  const define = (column: string, meaning: string, indent: number): Entry => {
    const entry: Entry = { column, meaning, indent, codes: [] };
    const share = pendingShared[0];
    if (share) {
      entry.codes = share.codes;
      if (--share.count === 0) pendingShared.shift();
    }
    found.set(column, entry);
    return entry;
  };
  for (const line of note.split('\n')) {
    const text = line.trim();
    if (!text) {
      paragraphEnded = true;
      continue;
    }
    const range = /^(\d+)\s+-\s+(\d+)\s+-\s+(.+)$/.exec(text);
    if (range) {
      const [low, high] = [Number(range[1]), Number(range[2])];
      for (const c of columns) if (/^\d+$/.test(c) && Number(c) >= low && Number(c) <= high) define(c, range[3]!, indentOf(line));
      current = undefined;
      continue;
    }
    const definition = /^(.+?)\s*(?:\s-\s|\s-$|:\s|:$|\s?=\s|\s?=$)\s*(.*)$/.exec(text);
    const named = definition ? findColumn(definition[1]!, columns) : undefined;
    const column = named ?? findColumn(text, columns);
    if (column && !found.has(column)) {
      const meaning = named ? definition![2]! : freeText.endsWith(':') ? text : freeText;
      current = define(column, meaning, indentOf(line));
      paragraphEnded = true;
      continue;
    }
    const code = CODE_LINE.exec(text);
    const codeText = code ? `${code[1] ?? code[3]} = ${code[2] ?? code[4]}` : '';
    if (shared && code && indentOf(line) > shared.indent) {
      shared.codes.push(codeText);
      continue;
    }
    if (current && indentOf(line) > current.indent) {
      if (code) current.codes.push(codeText);
      else current.meaning = `${current.meaning} ${text}`.trim();
      continue;
    }
    current = undefined;
    const following = /following (\d+) variables/i.exec(text);
    shared = following ? { codes: [], count: Number(following[1]), indent: indentOf(line) } : undefined;
    if (shared) pendingShared.push(shared);
    // Prose only: a stray name (a misspelt or unknown variable) is not text to inherit.
    if (!/^[A-Z0-9_]+$/.test(text)) {
      freeText = paragraphEnded ? text : `${freeText} ${text}`;
      paragraphEnded = false;
    }
  }
  return [...found.values()].map(({ column, meaning, codes }) => {
    const inline = inlineCoding(meaning);
    const coding = codes.length ? codes.join(', ') : inline.coding;
    return { column, meaning: inline.meaning.replace(/\.$/, '') || column, ...(coding ? { coding } : {}) };
  });
}

const clean = (text: string) => text.replace(/::/g, '').replace(/\s+/g, ' ').trim();

/** The model family the documentation implies for an endog column, from its own words and codes. */
function modelFamily(docs: StatsmodelsDocs, variable: NoteVariable | undefined, endogCount: number): ModelFamily {
  const prose = `${docs.descrshort} ${docs.descrlong}`;
  if (endogCount === 2) return 'logistic'; // successes and failures: a binomial response
  if (/censored/i.test(prose)) return 'other';
  const levels = variable?.coding ? variable.coding.split(/,\s*(?=-?\d+\s*=)/).length : 0;
  if (levels === 2) return /\bchoose|\bchoice/i.test(prose) ? 'multinomial' : 'logistic';
  if (levels > 2) return 'ordinal';
  if (variable && /^(number|no\.|count) of\b/i.test(variable.meaning)) return 'poisson';
  return 'regression';
}

/**
 * A card from a statsmodels dataset module: TITLE, DESCRLONG (or DESCRSHORT), SOURCE as citation, COPYRIGHT,
 * the NOTE's variable definitions, and load()'s endog as the documented target (exog columns are
 * inputs, as every other column that is not named as a time index, grouping unit or identifier). An endog name that
 * is not a column (sunspots says `volume`) gives no target.
 */
export function statsmodelsCard(module: string, docs: StatsmodelsDocs, columns: readonly string[], license: string): DatasetCard {
  const variables = parseNoteVariables(docs.note, columns);
  const endog = (docs.endog ?? []).map((e) => findColumn(e, columns)).filter((c): c is string => c !== undefined);
  const cardColumns: CardColumn[] = variables.map((v) => {
    const unit = unitFromText(v.meaning);
    // statsmodels lists a panel's firm and year among exog; their names still say what they are.
    const role = endog.includes(v.column) ? 'outcome' : (roleFromName(v.column) ?? 'input');
    return { name: v.column, meaning: v.meaning, ...(unit ? { unit } : {}), ...(v.coding ? { coding: v.coding } : {}), type: 'number', role, origin: 'documented' };
  });
  const list = (names: string[] | null) => JSON.stringify(names && names.length === 1 ? names[0] : names);
  const statement = `statsmodels.datasets.${module}.load().endog_name = ${list(docs.endog)}${docs.exog ? `, exog_name = ${list(docs.exog)}` : ''}`;
  const response = clean(docs.descrlong).split(/(?<=\.)\s+/).find((s) => /response|example of/i.test(s));
  const targets: DocumentedTarget[] = endog.slice(0, 1).map((column) => ({
    column,
    ...(endog.length === 2 ? { transform: `${column} / (${column} + ${endog[1]})` } : {}),
    modelFamily: modelFamily(docs, variables.find((v) => v.column === column), endog.length),
    evidence: { kind: 'statsmodels-endog', text: response ? `${statement}; DESCRLONG: "${response}"` : statement },
    origin: 'documented',
  }));
  const citation = clean(docs.source);
  const copyright = clean(docs.copyright);
  const description = clean(docs.descrlong) || clean(docs.descrshort);
  return {
    title: clean(docs.title),
    description,
    source: { package: 'python3-statsmodels', object: `statsmodels.datasets.${module}`, documentation: `statsmodels.datasets.${module} NOTE, DESCRLONG, SOURCE, COPYRIGHT` },
    ...(citation ? { citation } : {}),
    license: copyright ? `${license}; COPYRIGHT: "${copyright}"` : license,
    columns: cardColumns,
    targets,
    origins: { title: 'documented', description: description ? 'documented' : 'inferred', license: 'documented', ...(citation ? { citation: 'documented' } : {}) },
  };
}
