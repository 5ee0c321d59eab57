import { datasetDataDigest } from '../datasets/data-digest.js';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { fetchDataset, resolveDatasetRef } from '../datasets/fetch.js';
import { sourceLabel } from '../datasets/registry.js';
import { sha256 } from '../util/hash-tree.js';
import { REPO_ROOT } from '../util/paths.js';
import { runPython } from '../util/python.js';
import { readThrough } from './profile-cache.js';
import { ColumnStats, DatasetProfile, RowBlocks, type Proposal } from './types.js';

const SCRIPT = path.join(REPO_ROOT, 'harness', 'smith', 'python', 'profile.py');
/** The source of this module, which decides what the profiler is given: part of a cached profile's key. */
const SOURCE = path.join(REPO_ROOT, 'harness', 'smith', 'profile.ts');

export class ProfileError extends Error {
  override name = 'ProfileError';
}

const ProfileOutput = z.object({
  rows: z.number().int(),
  columns: z.array(ColumnStats),
  rowBlocks: z.array(RowBlocks),
  unsafe: z.record(z.string(), z.record(z.string(), z.string())),
});

async function runProfiler(profileDir: string, table: string, types: Record<string, string>, targets: [string, string][]) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'arena-profile-'));
  try {
    const typesFile = path.join(tmp, 'types.json');
    await writeFile(typesFile, JSON.stringify(types));
    const result = await runPython([SCRIPT, profileDir, table, typesFile, JSON.stringify(targets)]);
    if (result.code !== 0) throw new ProfileError(`profiling ${path.join(profileDir, table)} failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return ProfileOutput.parse(JSON.parse(result.stdout));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Digest of everything the profiler's output depends on: the data, the code that converted and profiles it, and its arguments. */
async function profilerKey(inputs: { dataDigest: string; converterKey?: string; table: string; types: Record<string, string>; targets: [string, string][] }): Promise<string> {
  const [script, source] = await Promise.all([readFile(SCRIPT, 'utf8'), readFile(SOURCE, 'utf8')]);
  return sha256(JSON.stringify({ ...inputs, converterKey: inputs.converterKey ?? null, script: sha256(script), source: sha256(source) }));
}

export interface ProfileOptions {
  /** Where the profiler's output is cached per dataset (a generate run's work dir); no caching without it. */
  cacheDir?: string;
}

/**
 * Profiles a dataset (a registered name or a user folder): its main table's schema, types,
 * cardinality, missingness and column roles. The dataset is converted to the canonical form first.
 */
export async function profileDataset(nameOrPath: string, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const ref = resolveDatasetRef(nameOrPath);
  // A user folder is imported under its name plus a digest of its path, so two folders of the same name never collide.
  const name = ref.kind === 'user-folder' ? `${path.basename(ref.folder).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset'}-${createHash('sha256').update(ref.folder).digest('hex').slice(0, 6)}` : undefined;
  const { dir, manifest } = await fetchDataset(nameOrPath, { name });
  // The largest table is the one tasks are built on; extra tables are lookups.
  const table = [...manifest.tables].sort((a, b) => b.rows - a.rows)[0]!;
  const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
  const targets: [string, string][] = [];
  const dataDigest = await datasetDataDigest(dir);
  const run = () => runProfiler(dir, table.file, types, targets);
  const out = options.cacheDir
    ? await readThrough(
        path.join(options.cacheDir, `${manifest.name}.json`),
        await profilerKey({ dataDigest, converterKey: manifest.converterKey, table: table.file, types, targets }),
        ProfileOutput,
        run,
      )
    : await run();
  return DatasetProfile.parse({
    dataset: manifest.name,
    dir,
    title: manifest.title,
    description: manifest.description,
    source: sourceLabel(manifest.source),
    license: manifest.license,
    modality: manifest.modality,
    domain: manifest.domain,
    table: table.file,
    rows: out.rows,
    columns: out.columns,
    rowBlocks: out.rowBlocks,
    knownTargets: manifest.knownTargets,
    card: manifest.card,
    sha256: manifest.files,
    dataDigest,
  });
}

/** For each proposal's target (a derived one: its source column): the columns unsafe to publish with it, and why. */
export async function screenTargets(profile: DatasetProfile, proposals: Proposal[]): Promise<Map<string, Record<string, string>>> {
  const types = Object.fromEntries(profile.columns.map((c) => [c.name, c.type]));
  // A derived target is screened through the raw column it is made from: what leaks that column leaks it.
  const screened = (p: Proposal): [string, string] => (p.derive.kind === 'copy' ? [p.target, p.objective] : [p.source ?? p.target, 'regression']);
  const wanted = [...new Map(proposals.map((p) => [screened(p)[0], screened(p)])).values()];
  if (wanted.length === 0) return new Map();
  const out = await runProfiler(profile.dir, profile.table, types, wanted);
  return new Map(Object.entries(out.unsafe));
}
