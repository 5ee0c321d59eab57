import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../../util/json-file.js';
import { ColumnRole, DatasetCard, type CardColumn, type DocumentedTarget } from '../card.js';
import { UserDataError } from '../errors.js';
import { fieldBullets, markdownSections, paragraphs, pipeTable } from './markdown.js';
import { findColumn } from './names.js';

/** The documentation a user may put in a data folder, read in this order of precedence. */
export const DATACARD_FILE = 'datacard.json';
export const README_FILE = 'README.md';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A user writes what they know; what a card needs besides is filled in before validation: facts
 * are `documented` unless said otherwise, a column's type is measured from the data anyway.
 */
function withDefaults(folder: string) {
  return (value: unknown): unknown => {
    if (!isObject(value)) return value;
    const documented = (item: unknown): unknown => (isObject(item) ? { origin: 'documented', ...item } : item);
    return {
      source: { package: path.basename(folder) },
      license: 'unknown (user-provided data)',
      targets: [],
      origins: {},
      ...value,
      columns: Array.isArray(value['columns']) ? value['columns'].map((c: unknown) => (isObject(c) ? { type: 'string', role: 'input', origin: 'documented', ...c } : c)) : value['columns'],
      ...(Array.isArray(value['targets']) ? { targets: value['targets'].map(documented) } : {}),
    };
  };
}

function checkColumns(file: string, card: DatasetCard, columns: readonly string[]): void {
  card.columns.forEach((c, i) => {
    if (!columns.includes(c.name)) throw new UserDataError({ file, field: `columns[${i}].name` }, `"${c.name}" is not a column of the data (${columns.join(', ')})`);
  });
}

async function readDatacard(folder: string, columns: readonly string[]): Promise<DatasetCard> {
  const file = path.join(folder, DATACARD_FILE);
  const card = await readJsonFile(file, z.preprocess(withDefaults(folder), DatasetCard));
  checkColumns(file, card, columns);
  return card;
}

/** A Markdown table row or bullet as a column: `| name | meaning | unit | role |` or `- name: meaning (unit)`. */
function tableColumns(file: string, rows: string[][], columns: readonly string[]): CardColumn[] {
  const [header = [], ...body] = rows;
  const at = (...names: string[]) => header.findIndex((h) => names.includes(h.toLowerCase()));
  const [name, meaning, unit, role, coding] = [at('column', 'name', 'field', 'variable'), at('meaning', 'description'), at('unit', 'units'), at('role'), at('coding', 'values', 'levels')];
  if (name < 0 || meaning < 0) return [];
  return body.map((cells, i) => {
    const roleText = role >= 0 ? cells[role]?.toLowerCase() : undefined;
    const parsedRole = roleText ? ColumnRole.safeParse(roleText) : undefined;
    if (parsedRole && !parsedRole.success) throw new UserDataError({ file, field: `column table row ${i + 1}: role` }, `"${roleText}" is not one of ${ColumnRole.options.join(', ')}`);
    return column(file, cells[name] ?? '', cells[meaning] ?? '', columns, { unit: unit >= 0 ? cells[unit] : undefined, role: parsedRole?.data, coding: coding >= 0 ? cells[coding] : undefined });
  });
}

function column(file: string, written: string, meaning: string, columns: readonly string[], extra: { unit?: string; role?: ColumnRole; coding?: string }): CardColumn {
  const name = findColumn(written, columns);
  if (!name) throw new UserDataError({ file, field: written }, `documents a column the data does not have (${columns.join(', ')})`);
  return {
    name,
    meaning,
    ...(extra.unit ? { unit: extra.unit } : {}),
    ...(extra.coding ? { coding: extra.coding } : {}),
    type: 'string',
    role: extra.role ?? 'input',
    origin: 'documented',
  };
}

/**
 * A card from a README.md: the first `#` heading as title, the prose under it as description, and
 * the columns from a Markdown table (a `column`/`name` header and `meaning`/`description`, optional
 * `unit`, `role`, `coding`) or from `- name: meaning (unit)` bullets. A column whose role is
 * `outcome` is a documented target.
 */
function readmeCard(file: string, text: string, folder: string, columns: readonly string[]): DatasetCard {
  const sections = markdownSections(text);
  const top = sections.find((s) => s.level === 1);
  const everything = sections.map((s) => s.body).join('\n');
  const table = pipeTable(everything);
  let cardColumns = tableColumns(file, table, columns);
  if (!cardColumns.length) {
    cardColumns = fieldBullets(everything)
      .filter((b) => findColumn(b.name, columns))
      .map((b) => {
        const unit = /\(([^()]+)\)\s*$/.exec(b.text)?.[1];
        return column(file, b.name, unit ? b.text.replace(/\s*\([^()]+\)\s*$/, '') : b.text, columns, { unit });
      });
  }
  const description = paragraphs(top?.body ?? sections[0]?.body ?? '').join(' ');
  const targets: DocumentedTarget[] = cardColumns
    .filter((c) => c.role === 'outcome')
    .map((c) => ({ column: c.name, modelFamily: 'other', evidence: { kind: 'package-docs', text: `${README_FILE}: ${c.name} (role outcome): ${c.meaning}` }, origin: 'documented' }));
  return {
    title: top?.heading ?? path.basename(folder),
    description,
    source: { package: path.basename(folder), documentation: README_FILE },
    license: 'unknown (user-provided data)',
    columns: cardColumns,
    targets,
    origins: { title: top ? 'documented' : 'inferred', description: description ? 'documented' : 'inferred', license: 'inferred' },
  };
}

/**
 * The card a user folder documents: `datacard.json` (a DatasetCard; errors name the file and field)
 * or else `README.md`; undefined when it has neither, and the card is then inferred from the data.
 */
export async function readUserCard(folder: string, columns: readonly string[]): Promise<DatasetCard | undefined> {
  if (existsSync(path.join(folder, DATACARD_FILE))) return readDatacard(folder, columns);
  const readme = path.join(folder, README_FILE);
  if (existsSync(readme)) return readmeCard(readme, await readFile(readme, 'utf8'), folder, columns);
  return undefined;
}
