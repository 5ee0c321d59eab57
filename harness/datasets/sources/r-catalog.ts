import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DatasetCard } from '../card.js';
import { DatasetConversionError } from '../errors.js';
import { USABLE } from '../usability.js';
import { lockHolderGone, tryCreateLock } from '../../util/lock-owner.js';
import { REPO_ROOT } from '../../util/paths.js';
import { PYTHON, runPython } from '../../util/python.js';

/** R packages are unpacked (not installed) here by scripts/setup.sh: apt-get download + dpkg-deb -x. */
export const R_UNPACK_DIR = path.join(REPO_ROOT, '.cache', 'debian-r');
const PYTHON_DIR = path.join(REPO_ROOT, 'harness', 'datasets', 'python');
const RPKG_DIR = path.join(PYTHON_DIR, 'rpkg');
const CATALOG_FILE = path.join(R_UNPACK_DIR, 'catalog.json');
const OVERRIDES_FILE = path.join(REPO_ROOT, 'harness', 'datasets', 'sources', 'r-packages.overrides.json');

/** Several text objects of a package read as one table, one row per chapter or paragraph (rpkg/texts.py). */
export interface RCollection {
  object: string;
  members: string[];
  unit: 'chapter' | 'paragraph';
  label: string;
}

export interface RPackageSource {
  debian: string;
  /** What the package's data are about, for listings. */
  domain: string;
  collections?: RCollection[];
  /** Packages whose examples model this package's data (car's help pages use carData's data sets). */
  companions?: string[];
}

const UsableObject = z.object({
  object: z.string(),
  usable: z.literal(true),
  title: z.string(),
  description: z.string(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  modality: z.enum(['tabular', 'text', 'time-series']),
  knownTargets: z.array(z.string()),
});
const LeftOutObject = z.object({ object: z.string(), usable: z.literal(false), reason: z.string().min(1) });
const CatalogPackage = z.object({
  dir: z.string(),
  package: z.string(),
  version: z.string(),
  license: z.string(),
  objects: z.array(z.discriminatedUnion('usable', [UsableObject, LeftOutObject])),
});
const Catalog = z.object({ key: z.string(), packages: z.array(CatalogPackage) });
export type CatalogPackage = z.infer<typeof CatalogPackage>;
export type CatalogObject = CatalogPackage['objects'][number];

export const ExportResult = z.object({
  card: DatasetCard,
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  modality: z.enum(['tabular', 'text', 'time-series']),
});

export function unpackedDir(debian: string): string {
  return path.join(R_UNPACK_DIR, debian);
}

function spec(packages: RPackageSource[]): string {
  return JSON.stringify({
    overrides: OVERRIDES_FILE,
    minRows: USABLE.minRows,
    minColumns: USABLE.minColumns,
    packages: packages.map((p) => ({ dir: unpackedDir(p.debian), collections: p.collections ?? [], companions: (p.companions ?? []).map(unpackedDir) })),
  });
}

/**
 * What the catalog depends on: the packages (their DESCRIPTION files, which carry the version),
 * the reader's code, the overrides and the package list. A change to any rebuilds it.
 */
function catalogKey(packages: RPackageSource[]): string {
  const hash = createHash('sha256').update(spec(packages));
  for (const debian of [...packages.map((p) => p.debian), ...packages.flatMap((p) => p.companions ?? [])].sort()) {
    const libs = path.join(unpackedDir(debian), 'usr', 'lib', 'R');
    for (const lib of existsSync(libs) ? readdirSync(libs).sort() : []) {
      for (const pkg of readdirSync(path.join(libs, lib)).sort()) hash.update(readFileSync(path.join(libs, lib, pkg, 'DESCRIPTION')));
    }
  }
  for (const file of [...readdirSync(RPKG_DIR).filter((f) => f.endsWith('.py')).sort().map((f) => path.join(RPKG_DIR, f)), path.join(PYTHON_DIR, '_canonical.py'), OVERRIDES_FILE]) {
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function readCachedCatalog(key: string): z.infer<typeof Catalog> | null {
  if (!existsSync(CATALOG_FILE)) return null;
  try {
    const catalog = Catalog.parse(JSON.parse(readFileSync(CATALOG_FILE, 'utf8')));
    return catalog.key === key ? catalog : null;
  } catch {
    return null;
  }
}

/**
 * The catalog of the unpacked packages: every indexed data object, usable (with its size, title
 * and documented targets) or left out with its reason. Reading every object and help page takes
 * tens of seconds, so it is cached in .cache/debian-r/catalog.json and rebuilt (synchronously,
 * once, by one process at a time) when the packages, the reader or the overrides change. Throws
 * when the build fails.
 */
export function loadCatalog(packages: RPackageSource[]): CatalogPackage[] {
  const present = packages.filter((p) => existsSync(unpackedDir(p.debian)));
  if (present.length === 0) return [];
  const key = catalogKey(present);
  const cached = readCachedCatalog(key);
  if (cached) return cached.packages;
  return withBuildLock(key, () => buildCatalog(present, key));
}

const LOCK_FILE = `${CATALOG_FILE}.lock`;
const LOCK_STALE_MS = 10 * 60_000;

/**
 * Builds under a lock file, so that processes starting together (test workers, parallel CLI
 * calls) build once: the others wait, then read what the first wrote. A lock whose holder died
 * (killed mid-build) or older than any build is taken over.
 */
function withBuildLock(key: string, build: () => CatalogPackage[]): CatalogPackage[] {
  mkdirSync(R_UNPACK_DIR, { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    if (tryCreateLock(LOCK_FILE)) break;
    const lock = statSync(LOCK_FILE, { throwIfNoEntry: false });
    if ((lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) || lockHolderGone(LOCK_FILE)) {
      rmSync(LOCK_FILE, { force: true });
      continue;
    }
    Atomics.wait(pause, 0, 0, 500);
    const built = readCachedCatalog(key);
    if (built) return built.packages;
  }
  try {
    return readCachedCatalog(key)?.packages ?? build();
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}

function buildCatalog(present: RPackageSource[], key: string): CatalogPackage[] {
  process.stderr.write(`datasets: reading ${present.length} R packages into ${path.relative(REPO_ROOT, CATALOG_FILE)} (once, about half a minute)\n`);
  const result = spawnSync(PYTHON, ['-m', 'rpkg', 'catalog', spec(present)], {
    cwd: PYTHON_DIR,
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const tail = (result.stderr ?? String(result.error ?? '')).trim().split('\n').slice(-6).join('\n');
    throw new Error(`reading the R packages failed (python3 -m rpkg catalog, exit ${result.status}): ${tail}`);
  }
  const catalog = Catalog.parse({ key, ...JSON.parse(result.stdout) });
  const temp = `${CATALOG_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(catalog) + '\n', 'utf8');
  renameSync(temp, CATALOG_FILE);
  return catalog.packages;
}

async function runRpkg<S extends z.ZodType>(dataset: string, args: string[], schema: S): Promise<z.infer<S>> {
  const result = await runPython(['-m', 'rpkg', ...args], { cwd: PYTHON_DIR });
  if (result.code !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-6).join('\n');
    throw new DatasetConversionError(dataset, `python3 -m rpkg ${args[0]} exited with code ${result.code}: ${tail}`);
  }
  return schema.parse(JSON.parse(result.stdout));
}

/** Writes `<dir>/data.csv` of one object and returns its card (validated) and shape. */
export function exportObject(dataset: string, source: RPackageSource, object: string, dir: string): Promise<z.infer<typeof ExportResult>> {
  return runRpkg(dataset, ['export', spec([source]), object, dir], ExportResult);
}

/** The card of any data object of a package, usable or left out. */
export function objectCard(source: RPackageSource, object: string): Promise<DatasetCard> {
  return runRpkg(`${source.debian}/${object}`, ['card', spec([source]), object], DatasetCard);
}
