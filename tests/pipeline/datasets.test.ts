import { describe, expect, it } from 'vitest';
import { UnknownDatasetError } from '../../harness/datasets/errors.js';
import { datasetsToGenerate } from '../../harness/pipeline/datasets.js';

// Twins by content among the registry's real datasets: Grunfeld's investment data ships with AER,
// statsmodels and plm (statsmodels' copy holds the other two's rows); Boston with scikit-learn,
// MASS, mlbench and spData.
describe('the datasets a generation uses', () => {
  it('keeps one dataset of each twin group, the one that holds the others, and says which it kept instead', { timeout: 300_000 }, async () => {
    const { datasets, twins, excluded } = await datasetsToGenerate(['aer-grunfeld', 'plm-grunfeld', 'grunfeld', 'aer-cps1985'], []);
    expect(datasets).toEqual(['grunfeld', 'aer-cps1985']);
    expect(twins).toEqual(expect.arrayContaining([{ dataset: 'aer-grunfeld', keptInstead: 'grunfeld' }, { dataset: 'plm-grunfeld', keptInstead: 'grunfeld' }]));
    expect(excluded).toEqual([]);
  });

  it('leaves out every twin of a reference suite\'s datasets, and dedupes nothing it does not have to', { timeout: 300_000 }, async () => {
    const { datasets, excluded } = await datasetsToGenerate(['mass-boston', 'mlbench-bostonhousing', 'aer-cps1985', 'aer-creditcard'], ['tasks/human-v1']);
    // human-v1 uses scikit-learn's Boston: its copies in MASS and mlbench go too.
    expect(excluded).toEqual(['mass-boston', 'mlbench-bostonhousing']);
    expect(datasets).toEqual(['aer-cps1985', 'aer-creditcard']);
  });

  it('reads a comma-separated list as several names, as --models does', { timeout: 300_000 }, async () => {
    const { datasets } = await datasetsToGenerate(['aer-cps1985,aer-creditcard', 'aer-cps1985'], []);
    expect(datasets).toEqual(['aer-cps1985', 'aer-creditcard']);
  });

  it('refuses a misspelt name before any work, with the closest known names', async () => {
    const refused = await datasetsToGenerate(['aer-cps1985', 'aer-creditcrad'], []).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UnknownDatasetError);
    expect((refused as UnknownDatasetError).suggestions).toContain('aer-creditcard');
  });
});
