import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { datasetsDir } from '../util/paths.js';
import { DatasetConversionError, DatasetIntegrityError, UnknownDatasetError, UserDataError } from './errors.js';
import { MANIFEST_FILE } from './hash.js';
import { converterKey, type Converter } from './converter-key.js';
import { installDataset } from './install.js';
import { loadDatasetManifest, verifyDatasetFiles } from './manifest.js';
import { closestDatasetNames, datasetNames, findDataset, type DatasetEntry } from './registry.js';
import type { DatasetManifest } from './schema.js';
import { fingerprintFolder, importUserFolder } from './user-folder.js';

export { loadDatasetManifest } from './manifest.js';

export interface FetchResult {
  dir: string;
  manifest: DatasetManifest;
  /** False when a verified copy was already there (a no-op). */
  fetched: boolean;
  /** Why it was converted, when it was: absent, forced, altered files, or made by other converter code. */
  reason?: string;
}

export interface FetchOptions {
  /** Convert again even when a verified copy exists. */
  force?: boolean;
  /** Dataset name for a user folder; defaults to the folder's name. */
  name?: string;
}

export function datasetDir(name: string): string {
  return path.join(datasetsDir(), name);
}

export function isFetched(name: string): boolean {
  return existsSync(path.join(datasetDir(name), MANIFEST_FILE));
}

/** A present copy: its manifest when its files verify and it was made by the current converter code, else why not. */
async function presentCopy(dir: string, converter: Converter): Promise<{ manifest: DatasetManifest } | { reason: string }> {
  if (!existsSync(path.join(dir, MANIFEST_FILE))) return { reason: 'not fetched yet' };
  let manifest: DatasetManifest;
  try {
    manifest = await loadDatasetManifest(dir);
  } catch (err) {
    return { reason: `its ${MANIFEST_FILE} is invalid (${(err as Error).message.split('\n')[0]})` };
  }
  const problems = await verifyDatasetFiles(dir, manifest);
  if (problems.length) return { reason: `its files do not verify (${problems.slice(0, 2).join('; ')})` };
  const key = converterKey(converter);
  if (manifest.converterKey === undefined) return { reason: 'converted before converter keys were recorded (its card may be stale)' };
  if (manifest.converterKey !== key) return { reason: `converter or card code changed since it was converted (key ${manifest.converterKey.slice(0, 12)}… now ${key.slice(0, 12)}…)` };
  return { manifest };
}

async function fetchRegistered(entry: DatasetEntry, force: boolean): Promise<FetchResult> {
  const dir = datasetDir(entry.name);
  const present = force ? { reason: 'forced' } : await presentCopy(dir, 'registered');
  if ('manifest' in present) return { dir, manifest: present.manifest, fetched: false };
  const manifest = await installDataset(dir, async (temp) => {
    try {
      return await entry.fetch(temp);
    } catch (err) {
      if (err instanceof DatasetConversionError) throw err;
      throw new DatasetConversionError(entry.name, (err as Error).message);
    }
  });
  return { dir, manifest, fetched: true, reason: present.reason };
}

/** `My Photos` → `my-photos`; prefixed with `user-` where it would shadow a registered dataset. */
function userDatasetName(folder: string): string {
  const slug = path.basename(folder).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset';
  return findDataset(slug) ? `user-${slug}` : slug;
}

async function fetchUserFolder(folder: string, options: FetchOptions): Promise<FetchResult> {
  const name = options.name ?? userDatasetName(folder);
  if (findDataset(name)) throw new UserDataError({ file: folder }, `"${name}" is a registered dataset; choose another name`);
  const dir = datasetDir(name);
  const version = await fingerprintFolder(folder);
  let reason = 'forced';
  if (!options.force) {
    const present = await presentCopy(dir, 'user');
    const source = 'manifest' in present ? present.manifest.source : undefined;
    if (source && (source.kind !== 'user' || source.path !== folder)) {
      throw new UserDataError({ file: folder }, `dataset name "${name}" is taken by ${source.path ?? source.package}; pass another name or force`);
    }
    if ('manifest' in present && source?.version === version) return { dir, manifest: present.manifest, fetched: false };
    reason = 'manifest' in present ? 'the folder changed since it was imported' : present.reason;
  }
  const manifest = await installDataset(dir, (temp) => importUserFolder(folder, temp, { name, version }));
  return { dir, manifest, fetched: true, reason };
}

const isDirectory = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** What a dataset argument designates; see fetchDataset. */
export type DatasetRef =
  | { kind: 'registered'; entry: DatasetEntry }
  | { kind: 'canonical'; dir: string }
  | { kind: 'user-folder'; folder: string }
  | { kind: 'imported'; dir: string };

/** Classifies a dataset argument without fetching; unknown names raise UnknownDatasetError with suggestions. */
export function resolveDatasetRef(nameOrPath: string): DatasetRef {
  const entry = findDataset(nameOrPath);
  if (entry) return { kind: 'registered', entry };
  const folder = path.resolve(nameOrPath);
  if (isDirectory(folder)) return existsSync(path.join(folder, MANIFEST_FILE)) ? { kind: 'canonical', dir: folder } : { kind: 'user-folder', folder };
  if (/[/\\]/.test(nameOrPath) || nameOrPath.startsWith('.')) throw new UserDataError({ file: nameOrPath }, 'no such folder');
  if (isFetched(nameOrPath)) return { kind: 'imported', dir: datasetDir(nameOrPath) };
  throw new UnknownDatasetError(nameOrPath, closestDatasetNames(nameOrPath), datasetNames());
}

/** A canonical folder used in place: its manifest must validate and its files must match it. */
async function useCanonical(dir: string): Promise<FetchResult> {
  const manifest = await loadDatasetManifest(dir);
  const problems = await verifyDatasetFiles(dir, manifest);
  if (problems.length) throw new DatasetIntegrityError(dir, problems);
  return { dir, manifest, fetched: false };
}

/**
 * Makes a dataset present in canonical form and returns where. `nameOrPath` is a registered name,
 * a canonical dataset folder (has dataset.json; verified, used in place), a user folder (imported
 * into the datasets dir), or the name of a user dataset imported before.
 */
export async function fetchDataset(nameOrPath: string, options: FetchOptions = {}): Promise<FetchResult> {
  const ref = resolveDatasetRef(nameOrPath);
  switch (ref.kind) {
    case 'registered':
      return fetchRegistered(ref.entry, options.force ?? false);
    case 'user-folder':
      return fetchUserFolder(ref.folder, options);
    case 'canonical':
    case 'imported':
      return useCanonical(ref.dir);
  }
}

/** The canonical folder of a dataset, fetching or importing it first when needed. */
export async function resolveDatasetDir(nameOrPath: string): Promise<string> {
  return (await fetchDataset(nameOrPath)).dir;
}
