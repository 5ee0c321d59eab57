import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { runPython } from '../util/python.js';
import { REPO_ROOT } from '../util/paths.js';
import { DATACARD_FILE, readUserCard } from './cards/user-card.js';
import { converterKey } from './converter-key.js';
import { writeCsv } from './csv-table.js';
import { UserDataError } from './errors.js';
import { listFiles, sha256, sha256File } from './hash.js';
import { writeManifest, type ManifestMeta } from './manifest.js';
import type { DatasetManifest } from './schema.js';
import { readUserTable, readUserText } from './user-tables.js';

const TABLE_FILE = /\.(csv|json)$/i;
const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|webp|tiff?)$/i;
const isHidden = (name: string) => name.startsWith('.');

/** What a user folder holds: tables, or one subfolder per label of text files or of images. */
type Layout =
  | { kind: 'tables'; files: string[]; folders: string[] }
  | { kind: 'text' | 'image'; items: { label: string; file: string }[] };

async function labelledItems(folder: string, labels: string[]): Promise<{ label: string; file: string }[]> {
  const items = [];
  for (const label of labels) {
    const entries = (await readdir(path.join(folder, label), { withFileTypes: true })).filter((e) => !isHidden(e.name));
    const nested = entries.find((e) => !e.isFile());
    if (nested) throw new UserDataError({ file: path.join(folder, label, nested.name) }, 'label folders must hold files only (one level: <label>/<file>)');
    if (entries.length === 0) throw new UserDataError({ file: path.join(folder, label) }, 'label folder holds no files');
    for (const e of entries) items.push({ label, file: path.join(folder, label, e.name) });
  }
  return items;
}

async function detectLayout(folder: string): Promise<Layout> {
  const entries = (await readdir(folder, { withFileTypes: true })).filter((e) => !isHidden(e.name));
  // datacard.json documents the folder; it is not a table.
  const files = entries.filter((e) => e.isFile() && TABLE_FILE.test(e.name) && e.name !== DATACARD_FILE).map((e) => e.name).sort();
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (files.length) return { kind: 'tables', files, folders };
  const items = folders.length ? await labelledItems(folder, folders) : [];
  if (items.length === 0) {
    throw new UserDataError({ file: folder }, 'no tables: expected CSV or JSON files, or one subfolder per label holding text files or images');
  }
  const images = items.filter((i) => IMAGE_FILE.test(i.file));
  if (images.length === 0) return { kind: 'text', items };
  const odd = items.find((i) => !IMAGE_FILE.test(i.file));
  if (odd) throw new UserDataError({ file: odd.file }, 'not an image, but other label folders hold images: a folder holds either images or text files');
  return { kind: 'image', items };
}

/** A fixed order unrelated to labels, so row ids and image numbers say nothing about the target. */
function shuffleByPath<T extends { label: string; file: string }>(folder: string, items: T[]): T[] {
  const key = (i: T) => sha256(path.relative(folder, i.file).split(path.sep).join('/'));
  return items.map((i) => ({ i, k: key(i) })).sort((a, b) => (a.k < b.k ? -1 : 1)).map(({ i }) => i);
}

/** Writes the tables; returns their column names, in order. */
async function writeTables(folder: string, layout: Extract<Layout, { kind: 'tables' }>, dir: string): Promise<string[]> {
  const outputs = new Map<string, string>();
  const columns = new Set<string>();
  for (const file of layout.files) {
    const out = `${file.replace(TABLE_FILE, '')}.csv`;
    const clash = outputs.get(out);
    if (clash) throw new UserDataError({ file: path.join(folder, file) }, `both ${clash} and ${file} would become table ${out}`);
    outputs.set(out, file);
    const table = await readUserTable(path.join(folder, file));
    await writeCsv(path.join(dir, out), table.header, table.rows);
    for (const c of table.header) columns.add(c);
  }
  // Subfolders (e.g. images referenced from a path column) are kept as they are.
  for (const sub of layout.folders) await cp(path.join(folder, sub), path.join(dir, sub), { recursive: true, filter: (src) => !isHidden(path.basename(src)) });
  return [...columns];
}

async function writeTexts(folder: string, items: { label: string; file: string }[], dir: string): Promise<void> {
  const rows = [];
  for (const [id, item] of shuffleByPath(folder, items).entries()) rows.push([id, await readUserText(item.file), item.label]);
  await writeCsv(path.join(dir, 'data.csv'), ['id', 'text', 'label'], rows);
}

const ImageProblem = z.object({ file: z.string(), problem: z.string() });

async function writeImages(folder: string, items: { label: string; file: string }[], dir: string): Promise<void> {
  await mkdir(path.join(dir, 'images'));
  const ordered = shuffleByPath(folder, items).map((item, n) => ({ ...item, image: `images/${String(n).padStart(5, '0')}.png` }));
  const jobs = ordered.map((i) => ({ src: i.file, dst: path.join(dir, i.image) }));
  const result = await runPython([path.join(REPO_ROOT, 'harness', 'datasets', 'python', 'images_to_png.py')], { input: JSON.stringify(jobs) });
  if (result.code === 3) {
    const bad = ImageProblem.parse(JSON.parse(result.stdout));
    throw new UserDataError({ file: bad.file }, bad.problem);
  }
  if (result.code !== 0) throw new Error(`images_to_png.py exited with code ${result.code}: ${result.stderr.trim()}`);
  await writeCsv(path.join(dir, 'labels.csv'), ['image', 'label'], ordered.map((i) => [i.image, i.label]));
}

/** A content fingerprint of a folder (paths and file hashes); recorded as the user source's version. */
export async function fingerprintFolder(folder: string): Promise<string> {
  const files = (await listFiles(folder)).filter((f) => !f.split('/').some(isHidden));
  const lines = [];
  for (const f of files) lines.push(`${f}\0${await sha256File(path.join(folder, f))}`);
  return `sha256:${sha256(lines.join('\n'))}`;
}

/**
 * Converts a user folder into the canonical form in `dir` (existing, empty) and writes its manifest,
 * with the card its datacard.json or README.md documents (else one inferred from the data).
 * Malformed input raises UserDataError or FileFormatError naming the file (and line or field).
 */
export async function importUserFolder(folder: string, dir: string, id: { name: string; version: string }): Promise<DatasetManifest> {
  if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new UserDataError({ file: folder }, 'not a folder');
  const layout = await detectLayout(folder);
  let columns: string[];
  if (layout.kind === 'tables') columns = await writeTables(folder, layout, dir);
  else if (layout.kind === 'text') {
    await writeTexts(folder, layout.items, dir);
    columns = ['id', 'text', 'label'];
  } else {
    await writeImages(folder, layout.items, dir);
    columns = ['image', 'label'];
  }
  const labels = layout.kind === 'tables' ? [] : [...new Set(layout.items.map((i) => i.label))].sort();
  const meta: ManifestMeta = {
    name: id.name,
    title: path.basename(folder),
    description:
      layout.kind === 'tables'
        ? `Tables imported from the user folder ${folder}.`
        : `${layout.kind === 'text' ? 'Texts' : 'Images'} imported from the user folder ${folder}, labelled by subfolder: ${labels.join(', ')}.`,
    source: { kind: 'user', package: path.basename(folder), version: id.version, path: folder },
    license: 'unknown (user-provided data)',
    modality: layout.kind === 'tables' ? 'tabular' : layout.kind,
    domain: 'unspecified',
    knownTargets: layout.kind === 'tables' ? [] : ['label'],
    card: await readUserCard(folder, columns),
    converterKey: converterKey('user'),
  };
  return writeManifest(dir, meta);
}
