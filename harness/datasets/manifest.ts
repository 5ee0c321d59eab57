import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readJsonFile } from '../util/json-file.js';
import type { DatasetCard } from './card.js';
import { completeCard } from './cards/complete.js';
import type { CardOverride } from './cards/override.js';
import { hashDatasetFiles, MANIFEST_FILE } from './hash.js';
import { profileTable, summarizeTable } from './profile.js';
import { DatasetManifest } from './schema.js';

/**
 * Everything in a manifest that the converter knows; tables and file hashes are measured from the
 * files, and the card is completed from the data. `card` is what the documentation says, if anything.
 */
export type ManifestMeta = Omit<DatasetManifest, 'tables' | 'files' | 'card'> & { card?: DatasetCard };

/**
 * Profiles the CSV tables and hashes the files of a converted dataset folder, completes its card
 * (documented facts fitted to the data, the rest inferred, then `override`), and writes dataset.json.
 */
export async function writeManifest(dir: string, meta: ManifestMeta, override?: CardOverride): Promise<DatasetManifest> {
  const csvFiles = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort();
  const tables = [];
  const columns = [];
  for (const file of csvFiles) {
    const table = await profileTable(dir, file);
    tables.push(table);
    for (const summary of await summarizeTable(dir, table)) columns.push({ summary, rows: table.rows });
  }
  const card = completeCard(meta.card, {
    name: meta.name,
    fallback: { title: meta.title, description: meta.description, license: meta.license, source: { package: meta.source.package, ...(meta.source.path ? { object: meta.source.path } : {}) } },
    columns,
    override,
  });
  const files = await hashDatasetFiles(dir);
  const manifest = DatasetManifest.parse({ ...meta, tables, files, card });
  const names = new Set(tables.flatMap((t) => t.columns.map((c) => c.name)));
  const unknownTargets = manifest.knownTargets.filter((t) => !names.has(t));
  if (unknownTargets.length) throw new Error(`${meta.name}: known targets not among the columns: ${unknownTargets.join(', ')}`);
  await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  return manifest;
}

/** Reads and validates `<dir>/dataset.json`; errors name the file and the offending field. */
export function loadDatasetManifest(dir: string): Promise<DatasetManifest> {
  return readJsonFile(path.join(dir, MANIFEST_FILE), DatasetManifest);
}

/** Differences between a folder and its manifest: missing, changed and unlisted files. Empty when it verifies. */
export async function verifyDatasetFiles(dir: string, manifest: DatasetManifest): Promise<string[]> {
  const actual = await hashDatasetFiles(dir);
  const problems: string[] = [];
  for (const [file, digest] of Object.entries(manifest.files)) {
    if (!(file in actual)) problems.push(`${file} is missing`);
    else if (actual[file] !== digest) problems.push(`${file} does not match its sha256`);
  }
  for (const file of Object.keys(actual)) if (!(file in manifest.files)) problems.push(`${file} is not listed in ${MANIFEST_FILE}`);
  for (const table of manifest.tables) if (!(table.file in manifest.files)) problems.push(`table ${table.file} is not among the files`);
  return problems;
}
