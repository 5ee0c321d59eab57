import { datasetNames } from '../datasets/registry.js';
import { withTwins } from '../datasets/twins.js';
import { loadSuite } from '../task/loader.js';

/**
 * The datasets to generate from: the requested ones ("all" = every registered dataset) minus those
 * the reference suites use and their twins by content, so generated and human tasks never share data.
 */
export async function datasetsToGenerate(requested: readonly string[], referenceSuites: readonly string[]): Promise<string[]> {
  const names = [...new Set(requested.flatMap((d) => (d === 'all' ? datasetNames() : [d])))];
  const used = new Set<string>();
  for (const dir of referenceSuites) for (const task of (await loadSuite(dir)).tasks) used.add(task.manifest.dataset.name);
  const excluded = used.size ? await withTwins(used, names) : used;
  return names.filter((d) => !excluded.has(d));
}
