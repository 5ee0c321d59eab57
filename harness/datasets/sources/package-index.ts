import { z } from 'zod';
import { shapeProblem } from '../usability.js';
import { runConverterScript } from './common.js';

/** What package_index.py prints: each dataset of the package's own index, with its shape or that it downloads. */
const PackageIndex = z.array(
  z.union([z.object({ dataset: z.string(), download: z.literal(true) }), z.object({ dataset: z.string(), rows: z.number().int(), columns: z.number().int() })]),
);

/**
 * The datasets of a Python package's index (scikit-learn's loaders, statsmodels' modules) that are
 * not registered, each with the reason measured from its shape. `registered` maps index names to ours.
 */
export async function indexExclusions(pkg: 'sklearn' | 'statsmodels', registered: ReadonlyMap<string, string>): Promise<{ dataset: string; reason: string }[]> {
  const index = await runConverterScript(`${pkg} index`, 'package_index.py', [pkg], PackageIndex);
  return index
    .filter((entry) => !registered.has(entry.dataset))
    .map((entry) => {
      const dataset = `${pkg}:${entry.dataset}`;
      if ('download' in entry) return { dataset, reason: 'downloads its data from the internet; no copy is installed offline' };
      return { dataset, reason: shapeProblem(entry.rows, entry.columns) ?? `${entry.rows} rows x ${entry.columns} columns: usable, but not registered` };
    });
}
