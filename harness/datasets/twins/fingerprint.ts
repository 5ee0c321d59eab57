import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { z } from 'zod';
import { arenaHome } from '../../util/paths.js';
import { readColumns } from '../csv-table.js';
import { MISSING_TOKENS } from '../../tabular/missing.js';
import { sha256 } from '../hash.js';
import type { DatasetManifest } from '../schema.js';

/**
 * A dataset's content in a form that compares across datasets whatever the column names, order or
 * number formatting: every cell reduced to a 32-bit hash of its normalized value. Computed once per
 * dataset content and cached under <ARENA_HOME>/cache/twins/.
 */

/** Bump when normalization or hashing changes: cached fingerprints of another version are recomputed. */
const VERSION = 3;
/** Hash of a missing cell; value hashes are never 0. */
export const MISSING = 0;
/** A column with fewer distinct values (a code, a flag, a small count) matches too much by chance to pair datasets. */
const INFORMATIVE_DISTINCT = 10;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** FNV-1a, 32 bits: fast, deterministic in every language, and enough to tell values of one column apart. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** Mixes hashes in order into one (a row over chosen columns). */
export function combine(hashes: Iterable<number>): number {
  let h = 0x811c9dc5;
  for (const v of hashes) {
    h = Math.imul(h ^ v, 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0 || 1;
}

/**
 * `3`, `3.0` and `3.00000001` are one number, and so are a value written to 10 digits and to 7
 * (mice's toenail and toenail2: 0.8571428571 and 0.8571429), compared at 6 significant digits; `Setosa ` and `setosa` one label; a file path stands
 * for the file's content (its sha256 in the manifest), so image sets compare by their images.
 */
export function normalizeCell(value: string, files?: Readonly<Record<string, string>>): string | null {
  const text = value.trim();
  if (MISSING_TOKENS.has(text)) return null;
  if (files && text in files) return `file:${files[text]}`;
  if (NUMBER.test(text)) return String(Number(Number(text).toPrecision(6)));
  return text.toLowerCase().replace(/\s+/g, ' ');
}

export interface ColumnPrint {
  name: string;
  distinct: number;
  /** A row number (0..n-1 or 1..n): it pairs any two tables of the same length. */
  sequence: boolean;
  hashes: Uint32Array;
}

export interface TablePrint {
  file: string;
  rows: number;
  columns: ColumnPrint[];
}

export interface DatasetPrint {
  name: string;
  /** Identifies the content: sha256 over the manifest's file hashes. */
  digest: string;
  tables: TablePrint[];
}

export const isInformative = (c: ColumnPrint) => !c.sequence && c.distinct >= INFORMATIVE_DISTINCT;

function isSequence(values: string[]): boolean {
  const n = values.length;
  const seen = new Set<number>();
  for (const v of values) {
    if (!/^\d+$/.test(v)) return false;
    seen.add(Number(v));
  }
  return seen.size === n && ((seen.has(0) && seen.has(n - 1)) || (seen.has(1) && seen.has(n))) && [...seen].every((v) => v <= n);
}

async function printTable(dir: string, file: string, files: Readonly<Record<string, string>>): Promise<TablePrint> {
  const table = await readColumns(path.join(dir, file));
  const columns = table.header.map((name, i) => {
    const values = table.columns[i]!;
    const hashes = new Uint32Array(values.length);
    values.forEach((v, r) => {
      const normalized = normalizeCell(v, files);
      hashes[r] = normalized === null ? MISSING : hash32(normalized);
    });
    const distinct = new Set(hashes).size - (hashes.includes(MISSING) ? 1 : 0);
    return { name, distinct, sequence: isSequence(values), hashes };
  });
  return { file, rows: table.rows, columns };
}

export function contentDigest(manifest: DatasetManifest): string {
  return sha256(`${VERSION}\n${JSON.stringify(manifest.files)}`);
}

const CachedPrint = z.object({
  name: z.string(),
  digest: z.string(),
  tables: z.array(z.object({ file: z.string(), rows: z.number().int(), columns: z.array(z.object({ name: z.string(), distinct: z.number().int(), sequence: z.boolean(), hashes: z.string() })) })),
});

export const twinsCacheDir = () => path.join(arenaHome(), 'cache', 'twins');


const toBase64 = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into a fresh, aligned buffer: Buffer pools may start at an odd offset.
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function readCached(file: string, digest: string): Promise<DatasetPrint | null> {
  try {
    const cached = CachedPrint.parse(JSON.parse(await readFile(file, 'utf8')));
    if (cached.digest !== digest) return null;
    return { ...cached, tables: cached.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, hashes: fromBase64(c.hashes) })) })) };
  } catch {
    return null; // absent, from another version, or damaged: compute it again
  }
}

/** The fingerprint of a fetched dataset, from the cache when its content has not changed. */
export async function fingerprintDataset(dir: string, manifest: DatasetManifest): Promise<DatasetPrint> {
  const digest = contentDigest(manifest);
  const file = path.join(twinsCacheDir(), 'prints', `${manifest.name}.json`);
  const cached = await readCached(file, digest);
  if (cached) return cached;
  const tables = [];
  for (const table of manifest.tables) tables.push(await printTable(dir, table.file, manifest.files));
  const print: DatasetPrint = { name: manifest.name, digest, tables };
  const stored = { ...print, tables: tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, hashes: toBase64(c.hashes) })) })) };
  await writeFileAtomic(file, JSON.stringify(stored));
  return print;
}
