import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { datasetsDir } from '../util/paths.js';
import { fetchDataset } from './fetch.js';
import { sha256, MANIFEST_FILE } from './hash.js';
import { loadDatasetManifest } from './manifest.js';
import { findDataset } from './registry.js';
import type { DatasetCard } from './card.js';
import { DETECTION_VERSION, detectTwins, type TwinGroup } from './twins/detect.js';
import { contentDigest, fingerprintDataset, twinsCacheDir } from './twins/fingerprint.js';
import { writeFileAtomic } from '../util/atomic-file.js';

export type { TwinGroup, TwinPair } from './twins/detect.js';

/**
 * Twin groups of the datasets present in the datasets folder, by content (twins/detect.ts).
 *
 * When it runs: on demand, whenever something asks for twins (`arena datasets card`/`show`/`twins`,
 * `arena generate --exclude-suite`), over the datasets fetched at that moment. Each dataset's
 * fingerprint is cached by its content digest (cache/twins/prints/), and the groups by the set of
 * digests (cache/twins/groups.json): a second call with nothing fetched since reads one file.
 */

const GroupsCache = z.object({
  key: z.string(),
  groups: z.array(
    z.object({
      id: z.string(),
      members: z.array(z.string()),
      pairs: z.array(z.object({ contained: z.string(), container: z.string(), table: z.string(), containerTable: z.string(), rowContainment: z.number(), columns: z.array(z.tuple([z.string(), z.string()])) })),
    }),
  ),
});

async function fetchedDatasets(): Promise<{ dir: string; manifest: Awaited<ReturnType<typeof loadDatasetManifest>> }[]> {
  const root = datasetsDir();
  if (!existsSync(root)) return [];
  const present = [];
  for (const name of (await readdir(root)).filter((n) => !n.startsWith('.')).sort()) {
    const dir = path.join(root, name);
    if (!existsSync(path.join(dir, MANIFEST_FILE))) continue;
    const manifest = await loadDatasetManifest(dir).catch(() => null);
    if (manifest) present.push({ dir, manifest });
  }
  return present;
}

export async function twinGroups(): Promise<TwinGroup[]> {
  const present = await fetchedDatasets();
  const key = sha256([`detection ${DETECTION_VERSION}`, ...present.map(({ manifest }) => `${manifest.name}:${contentDigest(manifest)}`)].join('\n'));
  const cacheFile = path.join(twinsCacheDir(), 'groups.json');
  const cached = await readFile(cacheFile, 'utf8').then(
    (text) => GroupsCache.safeParse(JSON.parse(text)),
    () => null,
  );
  if (cached?.success && cached.data.key === key) return cached.data.groups;
  const prints = [];
  for (const { dir, manifest } of present) prints.push(await fingerprintDataset(dir, manifest));
  const groups = detectTwins(prints);
  await writeFileAtomic(cacheFile, JSON.stringify({ key, groups }));
  return groups;
}

/** The card with its twin group, as twin detection over the fetched datasets finds it now. */
export async function cardWithTwins(name: string, card: DatasetCard): Promise<DatasetCard> {
  const group = (await twinGroups()).find((g) => g.members.includes(name));
  const current = { ...card };
  delete current.twinGroup;
  return group ? { ...current, twinGroup: group.id } : current;
}

/**
 * `names` and every twin of theirs. Registered datasets among `names` and `alsoFetch` that are not
 * present are fetched first, since twins are found by content: excluding a suite's datasets from a
 * generation must also exclude the candidates that copy them.
 */
export async function withTwins(names: Iterable<string>, alsoFetch: Iterable<string> = []): Promise<Set<string>> {
  const wanted = new Set(names);
  await fetchRegistered([...wanted, ...alsoFetch]);
  const result = new Set(wanted);
  for (const group of await twinGroups()) if (group.members.some((m) => wanted.has(m))) for (const m of group.members) result.add(m);
  return result;
}

/** The registered datasets among `names` fetched (converted once, verified after): twins are found by content. */
async function fetchRegistered(names: Iterable<string>): Promise<void> {
  // Conversions are mostly single-threaded Python: a few at once use the cores.
  const limit = pLimit(Math.min(4, availableParallelism()));
  await Promise.all([...new Set(names)].filter((n) => findDataset(n)).map((n) => limit(() => fetchDataset(n))));
}

/**
 * One dataset of each twin group among `names`, so a suite never holds the same task twice under two
 * datasets' names (Boston five times over): the member that contains the most of the others' rows,
 * then the one listed first. The rest are returned with the twin kept in their place. Only datasets
 * already fetched are compared (`withTwins` fetches them).
 */
export async function oneOfEachTwin(names: readonly string[]): Promise<{ kept: string[]; twins: { dataset: string; keptInstead: string }[] }> {
  const wanted = new Set(names);
  const keptFor = new Map<string, string>();
  for (const group of await twinGroups()) {
    const members = names.filter((n) => group.members.includes(n));
    if (members.length < 2) continue;
    const contains = (m: string) => group.pairs.filter((p) => p.container === m && wanted.has(p.contained)).length;
    const keep = members.reduce((best, m) => (contains(m) > contains(best) ? m : best));
    for (const m of members) if (m !== keep) keptFor.set(m, keep);
  }
  return { kept: names.filter((n) => !keptFor.has(n)), twins: [...keptFor].map(([dataset, keptInstead]) => ({ dataset, keptInstead })) };
}
