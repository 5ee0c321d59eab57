import { resolveDatasetRef } from '../datasets/fetch.js';
import { datasetNames } from '../datasets/registry.js';
import { oneOfEachTwin, withTwins } from '../datasets/twins.js';
import { loadSuite } from '../task/loader.js';

export interface DatasetsToGenerate {
  datasets: string[];
  /** Left out because a reference suite uses them or a twin of theirs. */
  excluded: string[];
  /** Left out because a twin of theirs is generated from instead. */
  twins: { dataset: string; keptInstead: string }[];
}

/**
 * The datasets to generate from: the requested ones ("all" = every registered dataset; a
 * comma-separated list is several, as `--models` takes them) minus those
 * the reference suites use and their twins by content, so generated and human tasks never share data;
 * then one of each group of twins among the rest, so the suite holds no task twice.
 */
export async function datasetsToGenerate(requested: readonly string[], referenceSuites: readonly string[]): Promise<DatasetsToGenerate> {
  const listed = requested.flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean);
  const names = [...new Set(listed.flatMap((d) => (d === 'all' ? datasetNames() : [d])))];
  // A misspelt name is the user's to fix before any work, not a dataset the run records as failed.
  for (const name of names) resolveDatasetRef(name);
  const used = new Set<string>();
  for (const dir of referenceSuites) for (const task of (await loadSuite(dir)).tasks) used.add(task.manifest.dataset.name);
  // Fetches every requested dataset once, then both steps compare the fetched copies.
  const excluded = await withTwins(used, names);
  const { kept, twins } = await oneOfEachTwin(names.filter((d) => !excluded.has(d)));
  return { datasets: kept, excluded: names.filter((d) => excluded.has(d)), twins };
}
