import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { readColumns } from './csv-table.js';
import { MISSING_TOKENS } from '../tabular/missing.js';
import type { ColumnProfile, TableInfo } from './schema.js';

export type ColumnType = z.infer<typeof ColumnProfile>['type'];
type Table = z.infer<typeof TableInfo>;

/** Tokens read as missing by pandas' defaults; they do not count against a column's type. */
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|Infinity)$/;
const BOOLEAN = /^(true|false)$/i;
const DATETIME = /^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const FILE_PATH = /^[\w.-]+(\/[\w.-]+)+\.(png|jpe?g|gif|bmp|webp|tiff?|txt|wav|flac|mp3)$/i;

function isMissing(value: string): boolean {
  return MISSING_TOKENS.has(value);
}

/**
 * The narrowest type every non-missing value fits. `text` is free prose (long, spaced, mostly distinct
 * values) as opposed to a categorical `string`; `path` is a relative file path that exists under `dir`.
 */
export function inferColumnType(values: string[], dir?: string): ColumnType {
  const present = values.filter((v) => !isMissing(v));
  if (present.length === 0) return 'string';
  const all = (re: RegExp) => present.every((v) => re.test(v));
  if (all(INTEGER)) return 'integer';
  if (all(NUMBER)) return 'number';
  if (all(BOOLEAN)) return 'boolean';
  if (all(DATETIME) && present.every((v) => !Number.isNaN(Date.parse(v.replace(' ', 'T'))))) return 'datetime';
  if (dir && all(FILE_PATH) && present.slice(0, 20).every((v) => existsSync(path.join(dir, v)))) return 'path';
  const distinct = new Set(present).size;
  const meanLength = present.reduce((n, v) => n + v.length, 0) / present.length;
  const spaced = present.filter((v) => /\s/.test(v)).length / present.length;
  if (meanLength >= 30 && spaced >= 0.5 && distinct / present.length >= 0.5) return 'text';
  return 'string';
}

/** Rows and column types of one CSV table of a dataset folder. */
export async function profileTable(dir: string, file: string): Promise<Table> {
  const table = await readColumns(path.join(dir, file));
  return {
    file,
    rows: table.rows,
    columns: table.header.map((name, i) => ({ name, type: inferColumnType(table.columns[i]!, dir) })),
  };
}

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  missing: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  /** The most frequent values of a categorical column (string, boolean, integer with few values). */
  top?: { value: string; count: number }[];
  meanLength?: number;
}

function summarizeColumn(name: string, type: ColumnType, values: string[]): ColumnSummary {
  const present = values.filter((v) => !isMissing(v));
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  const summary: ColumnSummary = { name, type, missing: values.length - present.length, distinct: counts.size };
  if ((type === 'integer' || type === 'number') && present.length) {
    const nums = present.map(Number);
    summary.min = nums.reduce((a, b) => Math.min(a, b));
    summary.max = nums.reduce((a, b) => Math.max(a, b));
    summary.mean = nums.reduce((a, b) => a + b, 0) / nums.length;
  }
  if (type === 'text') summary.meanLength = present.reduce((n, v) => n + v.length, 0) / Math.max(1, present.length);
  const categorical = type === 'string' || type === 'boolean' || (type === 'integer' && counts.size <= 20);
  if (categorical) {
    summary.top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([value, count]) => ({ value, count }));
  }
  return summary;
}

/** Per-column statistics of a table, for `datasets show`. */
export async function summarizeTable(dir: string, table: Table): Promise<ColumnSummary[]> {
  const data = await readColumns(path.join(dir, table.file));
  return table.columns.map((c) => summarizeColumn(c.name, c.type, data.columns[data.header.indexOf(c.name)] ?? []));
}
