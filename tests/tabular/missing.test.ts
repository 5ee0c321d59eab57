import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { MISSING_TOKENS } from '../../harness/tabular/missing.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';

// The Python readers hold their own copy of the missing-value texts (the preparer runs alone in the
// sandbox; the profiler and explorer are scripts): each must be the harness's list, read by Python's
// own parser from the module source.
const READERS = ['harness/smith/python/profile.py', 'harness/smith/python/explore.py', 'harness/task/python/recipe/recipe_prepare/table.py'];
const READ = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
found = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "MISSING" for t in n.targets)]
print(json.dumps(sorted(found[0]) if len(found) == 1 else None))
`;

describe('the texts that mean "no value"', () => {
  for (const file of READERS) {
    it(`${file} holds the harness's list`, async () => {
      const result = await runPython(['-c', READ, path.join(REPO_ROOT, file)]);
      expect(result.code, result.stderr).toBe(0);
      expect(z.array(z.string()).nullable().parse(JSON.parse(result.stdout))).toEqual([...MISSING_TOKENS].sort());
    });
  }

  it('"None" is a value: Guatemala\'s `toilet` (mlmRev guPrenat) is no missing column, and its "None" households are counted', async () => {
    const profile = await profileDataset('mlmrev-guprenat');
    const toilet = profile.columns.find((c) => c.name === 'toilet')!;
    expect(toilet.missing).toBe(0);
    // pandas reading every cell as text, nothing as missing.
    const counted = await runPython(['-c', 'import sys, json, pandas as pd; t = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)["toilet"]; print(json.dumps(t.value_counts().to_dict()))', path.join(await resolveDatasetDir('mlmrev-guprenat'), 'data.csv')]);
    const counts = z.record(z.string(), z.number()).parse(JSON.parse(counted.stdout));
    expect(counts.None).toBeGreaterThan(100);
    expect(toilet.top).toEqual(expect.arrayContaining([{ value: 'None', count: counts.None }, { value: 'Modern', count: counts.Modern }]));
  }, 120_000);
});
