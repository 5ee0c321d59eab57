import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCard } from '../../harness/datasets/card.js';
import { CARD_OVERRIDES } from '../../harness/datasets/cards/overrides.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { DATASETS, exclusions, findDataset, SOURCE_EXCLUSIONS } from '../../harness/datasets/registry.js';
import { useTempArenaHome } from './helpers.js';

// Every registered dataset not from an R package (those have tests of their own) converts with a
// card that validates and describes exactly the columns the data has.

const NON_R = DATASETS.filter((d) => !d.source.package.startsWith('r-cran-')).map((d) => d.name);

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

describe('the card of every registered non-R dataset', () => {
  it.each(NON_R)('%s', async (name) => {
    const { manifest } = await fetchDataset(name);
    const card = DatasetCard.parse(manifest.card);
    expect(card.columns.map((c) => c.name)).toEqual([...new Set(manifest.tables.flatMap((t) => t.columns.map((c) => c.name)))]);
    for (const key of ['title', 'description', 'license']) expect(card.origins[key], key).toBeDefined();
    expect(card.title.length).toBeGreaterThan(3);
    // Something on each card comes from the source's documentation, not from us.
    expect(Object.values(card.origins).includes('documented') || card.columns.some((c) => c.origin === 'documented')).toBe(true);
    for (const c of card.columns.filter((col) => col.origin === 'override')) expect(c.overrideReason?.length, c.name).toBeGreaterThan(20);
    const entry = findDataset(name)!;
    if (entry.approxColumns !== undefined) expect(manifest.tables[0]!.columns.length).toBe(entry.approxColumns);
    expect(manifest.tables[0]!.rows).toBe(entry.approxRows);
  });

  it('overrides name registered datasets only', () => {
    for (const name of Object.keys(CARD_OVERRIDES)) expect(findDataset(name), name).toBeDefined();
  });
});

describe('datasets left out', () => {
  it("every usable dataset of scikit-learn's and statsmodels' own index is registered", async () => {
    expect(SOURCE_EXCLUSIONS.length).toBeGreaterThanOrEqual(3);
    const leftOut = await exclusions();
    expect(leftOut.filter((e) => /usable, but not registered/.test(e.reason))).toEqual([]);
    // Each reason is measured: statsmodels' longley is 16 years of 7 series.
    expect(leftOut).toContainEqual({ dataset: 'statsmodels:longley', reason: '16 rows (fewer than 150)' });
    expect(leftOut).toContainEqual({ dataset: 'sunspots', reason: 'registered but left out of listings: 2 columns (fewer than 3)' });
    expect(leftOut.find((e) => e.dataset === 'digits')).toBeUndefined(); // an image is one input, however narrow its table
    // The R source's own list joins in, objects named as R names them.
    expect(leftOut.some((e) => /^[\w.]+::[\w.]+$/.test(e.dataset) && e.reason.length > 0)).toBe(true);
  });
});
