import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT } from '../../util/paths.js';
import { runPython } from '../../util/python.js';
import { DatasetConversionError } from '../errors.js';
import type { DatasetCard } from '../card.js';
import type { DatasetManifest } from '../schema.js';

export type Modality = DatasetManifest['modality'];
export type Sampling = NonNullable<DatasetManifest['sampling']>;

/**
 * What only running a conversion can tell: the exact source version, its license, any
 * subsampling, and the card the source's own documentation gives (read at conversion time).
 */
export interface Provenance {
  version: string;
  license: string;
  sampling?: Sampling;
  card?: DatasetCard;
}

/** A registered dataset as its source module declares it. */
export interface DatasetSpec {
  name: string;
  title: string;
  description: string;
  modality: Modality;
  domain: string;
  source: { kind: 'npm' | 'debian'; package: string };
  /** Rows of the main table (or images), for listings before the dataset is fetched. */
  approxRows: number;
  /** Columns of the main table, for the usability rule before the dataset is fetched; unknown counts as enough. */
  approxColumns?: number;
  knownTargets: string[];
  /** Writes the canonical files (CSV tables, images/) into `dir`, which exists and is empty. */
  convert(dir: string): Promise<Provenance>;
}

export function npmPackageDir(pkg: string): string {
  return path.join(REPO_ROOT, 'node_modules', pkg);
}

const PackageJson = z.object({ version: z.string(), license: z.string().optional() });

/** Version and license from an installed npm package's package.json. */
export function npmPackageInfo(pkg: string): z.infer<typeof PackageJson> {
  const file = path.join(npmPackageDir(pkg), 'package.json');
  try {
    return PackageJson.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`npm package ${pkg} is not installed or unreadable (${file}): ${(err as Error).message}`);
  }
}

const execFileAsync = promisify(execFile);
const debianVersions = new Map<string, Promise<string>>();

/** The installed version of a Debian package, from dpkg. */
export function debianVersion(pkg: string): Promise<string> {
  let version = debianVersions.get(pkg);
  if (!version) {
    version = execFileAsync('dpkg-query', ['-W', '-f=${Version}', pkg]).then(
      (r) => r.stdout.trim(),
      () => {
        debianVersions.delete(pkg);
        throw new Error(`Debian package ${pkg} is not installed (scripts/setup.sh installs it)`);
      },
    );
    debianVersions.set(pkg, version);
  }
  return version;
}

const SCRIPTS_DIR = path.join(REPO_ROOT, 'harness', 'datasets', 'python');

/**
 * Runs one of our conversion scripts with Debian's Python. Its stdout, when not empty, is a JSON
 * object described by `schema`; a non-zero exit becomes a DatasetConversionError with the stderr tail.
 */
export async function runConverterScript<S extends z.ZodType>(dataset: string, script: string, args: string[], schema: S): Promise<z.infer<S>> {
  const result = await runPython([path.join(SCRIPTS_DIR, script), ...args]);
  if (result.code !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-6).join('\n');
    throw new DatasetConversionError(dataset, `${script} exited with code ${result.code}: ${tail}`);
  }
  return schema.parse(result.stdout.trim() ? JSON.parse(result.stdout) : {});
}

export const NoOutput = z.object({});
