import { readFile } from 'node:fs/promises';
import { CsvSyntaxError, scanCsv } from '../tabular/csv.js';
import type { Cell } from './csv-table.js';
import { UserDataError } from './errors.js';

/** One table read from a user's CSV or JSON file. */
export interface UserTable {
  header: string[];
  rows: Cell[][];
}

/** Decodes strict UTF-8 without a BOM; an empty (or blank) file is an error. */
export async function readUserText(file: string): Promise<string> {
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserDataError({ file }, 'not valid UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UserDataError({ file }, 'empty file');
  return text;
}

function checkHeader(file: string, header: string[], line?: number): void {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name.trim() === '') throw new UserDataError({ file, line, field: `column ${i + 1}` }, 'empty column name');
    if (seen.has(name)) throw new UserDataError({ file, line, field: name }, 'duplicate column name');
    seen.add(name);
  });
}

export function parseUserCsv(file: string, text: string): UserTable {
  let header: string[] = [];
  const rows: string[][] = [];
  try {
    scanCsv(text, (fields, index, line) => {
      if (index === 0) {
        header = fields.slice();
        checkHeader(file, header, line);
      } else if (fields.length !== header.length) {
        throw new UserDataError({ file, line }, `ragged row: ${fields.length} fields where the header has ${header.length}`);
      } else {
        rows.push(fields.slice());
      }
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new UserDataError({ file, line: err.line }, `unparsable CSV: ${err.message}`);
    throw err;
  }
  if (rows.length === 0) throw new UserDataError({ file }, 'has a header but no data rows');
  return { header, rows };
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Scalars as they are; nested arrays and objects as their JSON text. */
function jsonCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => kindOf(v) === 'object';

function fromRecords(file: string, records: unknown[]): UserTable {
  if (records.length === 0) throw new UserDataError({ file }, 'empty array: no records');
  const columns = new Set<string>();
  records.forEach((record, i) => {
    if (!isRecord(record)) throw new UserDataError({ file, field: `[${i}]` }, `element is ${kindOf(record)}, not a record (an object of column values)`);
    for (const key of Object.keys(record)) columns.add(key);
  });
  const header = [...columns];
  checkHeader(file, header);
  return { header, rows: (records as Record<string, unknown>[]).map((r) => header.map((c) => jsonCell(r[c]))) };
}

function fromColumns(file: string, object: Record<string, unknown>): UserTable {
  const header = Object.keys(object);
  if (header.length === 0) throw new UserDataError({ file }, 'empty object: no columns');
  checkHeader(file, header);
  const columns = header.map((name) => {
    const values = object[name];
    if (!Array.isArray(values)) {
      throw new UserDataError({ file, field: name }, `is ${kindOf(values)}: expected an array of records or an object of equal-length column arrays`);
    }
    return values;
  });
  const length = columns[0]!.length;
  columns.forEach((values, i) => {
    if (values.length !== length) throw new UserDataError({ file, field: header[i] }, `has ${values.length} values where "${header[0]}" has ${length}`);
  });
  if (length === 0) throw new UserDataError({ file }, 'columns are empty: no rows');
  return { header, rows: Array.from({ length }, (_, r) => columns.map((values) => jsonCell(values[r]))) };
}

/** An array of records, or an object of equal-length column arrays. */
export function parseUserJson(file: string, text: string): UserTable {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserDataError({ file }, `not valid JSON (${(err as Error).message})`);
  }
  if (Array.isArray(value)) return fromRecords(file, value);
  if (isRecord(value)) return fromColumns(file, value);
  throw new UserDataError({ file }, `top-level value is ${kindOf(value)}: expected an array of records or an object of column arrays`);
}

export async function readUserTable(file: string): Promise<UserTable> {
  const text = await readUserText(file);
  return file.toLowerCase().endsWith('.json') ? parseUserJson(file, text) : parseUserCsv(file, text);
}
