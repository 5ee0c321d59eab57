import { datasetDataDigest } from '../datasets/data-digest.js';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { fetchDataset, resolveDatasetRef } from '../datasets/fetch.js';
import { sourceLabel } from '../datasets/registry.js';
import { REPO_ROOT } from '../util/paths.js';
import { runPython } from '../util/python.js';
import { ColumnStats, DatasetProfile, type Proposal } from './types.js';

const SCRIPT = path.join(REPO_ROOT, 'harness', 'smith', 'python', 'profile.py');

export class ProfileError extends Error {
  override name = 'ProfileError';
}

const ProfileOutput = z.object({
  rows: z.number().int(),
  columns: z.array(ColumnStats),
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

/**
 * Profiles a dataset (a registered name or a user folder): its main table's schema, types,
 * cardinality, missingness and column roles. The dataset is converted to the canonical form first.
 */
export async function profileDataset(nameOrPath: string): Promise<DatasetProfile> {
  const ref = resolveDatasetRef(nameOrPath);
  // A user folder is imported under its name plus a digest of its path, so two folders of the same name never collide.
  const name = ref.kind === 'user-folder' ? `${path.basename(ref.folder).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset'}-${createHash('sha256').update(ref.folder).digest('hex').slice(0, 6)}` : undefined;
  const { dir, manifest } = await fetchDataset(nameOrPath, { name });
  // The largest table is the one tasks are built on; extra tables are lookups.
  const table = [...manifest.tables].sort((a, b) => b.rows - a.rows)[0]!;
  const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
  const out = await runProfiler(dir, table.file, types, []);
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
    knownTargets: manifest.knownTargets,
    card: manifest.card,
    sha256: manifest.files,
    dataDigest: await datasetDataDigest(dir),
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
