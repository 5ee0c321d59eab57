import { readFile, writeFile } from 'node:fs/promises';
import { CsvSyntaxError, csvField, scanCsv } from '../tabular/csv.js';

/** One value of a table being written; null, undefined and NaN are written as an empty (missing) field. */
export type Cell = string | number | boolean | null | undefined;

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? csvField(String(value)) : '';
  return csvField(String(value));
}

/** RFC 4180 text with a header row and `\n` line ends: the canonical table encoding. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header.map(formatCell).join(',')];
  for (const row of rows) lines.push(row.map(formatCell).join(','));
  return lines.join('\n') + '\n';
}

export function writeCsv(file: string, header: string[], rows: Cell[][]): Promise<void> {
  return writeFile(file, toCsv(header, rows), 'utf8');
}

/** Writes records as a table with the given columns, in that order. */
export function writeRecords(file: string, columns: string[], records: Record<string, Cell>[]): Promise<void> {
  return writeCsv(file, columns, records.map((r) => columns.map((c) => r[c])));
}

export interface ColumnarTable {
  header: string[];
  /** columns[i][r] is the raw text of column i in data row r. */
  columns: string[][];
  rows: number;
}

/** Reads a canonical CSV table column-wise; syntax errors and ragged rows name the file and line. */
export async function readColumns(file: string): Promise<ColumnarTable> {
  const text = await readFile(file, 'utf8');
  let header: string[] = [];
  let columns: string[][] = [];
  let rows = 0;
  try {
    scanCsv(text, (fields, index, line) => {
      if (index === 0) {
        header = fields.slice();
        columns = header.map(() => []);
        return;
      }
      if (fields.length !== header.length) {
        throw new CsvSyntaxError(`line ${line} has ${fields.length} fields, the header has ${header.length}`, line);
      }
      for (let i = 0; i < fields.length; i++) columns[i]!.push(fields[i]!);
      rows++;
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new Error(`${file}: ${err.message}`);
    throw err;
  }
  return { header, columns, rows };
}
