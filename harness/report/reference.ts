import { readFile } from 'node:fs/promises';
import { parseCsv } from '../tabular/csv.js';

export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

/** Published per-model figures: one numeric column of a reference CSV, keyed by model name. */
export interface Reference {
  label: string;
  column: string;
  values: Record<string, number>;
  /** The CSV's `source` column, for citing. */
  sources: string[];
}

const MODEL_COLUMNS = ['model', 'llm', 'agent', 'name'];

/** Model names compared loosely: `openai:gpt-4o` ~ `GPT-4o` ~ `gpt_4o`. */
export function modelKey(name: string): string {
  return name.replace(/^[a-z-]+:/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Reads `file.csv` or `file.csv:column`. Without a column, the first one whose name contains `elo`
 * is used, else the first numeric one. Errors name the file, the row and the column.
 */
export async function readReference(spec: string): Promise<Reference> {
  const [file, wanted] = /\.csv:/.test(spec) ? [spec.slice(0, spec.lastIndexOf(':')), spec.slice(spec.lastIndexOf(':') + 1)] : [spec, undefined];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ReferenceError(`${file}: cannot read the reference (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const { header, rows } = parseCsv(text);
  const modelAt = header.findIndex((h) => MODEL_COLUMNS.includes(h.toLowerCase()));
  if (modelAt < 0) throw new ReferenceError(`${file}: no model column (one of ${MODEL_COLUMNS.join(', ')}) in header ${header.join(',')}`);
  const numeric = (i: number) => rows.length > 0 && rows.every((r) => r[i] === '' || Number.isFinite(Number(r[i])));
  const column = wanted ?? header.find((h, i) => /elo/i.test(h) && numeric(i)) ?? header.find((_, i) => i !== modelAt && numeric(i));
  if (!column) throw new ReferenceError(`${file}: no numeric column to correlate with`);
  const at = header.indexOf(column);
  if (at < 0) throw new ReferenceError(`${file}: no column "${column}"; columns are ${header.join(', ')}`);
  const values: Record<string, number> = {};
  rows.forEach((r, i) => {
    const raw = r[at] ?? '';
    if (raw === '') return;
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new ReferenceError(`${file}: row ${i + 2}, column ${column}: "${raw}" is not a number`);
    values[modelKey(r[modelAt] ?? '')] = v;
  });
  const sourceAt = header.indexOf('source');
  const sources = sourceAt < 0 ? [] : [...new Set(rows.map((r) => r[sourceAt] ?? '').filter(Boolean))];
  return { label: `${file.split('/').pop()}:${column}`, column, values, sources };
}
