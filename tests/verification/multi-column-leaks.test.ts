import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { LEAKAGE_CHECKS, screenTable, type CheckOutcome } from '../../harness/verification/leakage.js';
import { CLEAN_TWINS, makeLeakFixtures, MULTI_COLUMN_LEAKS, TABLE_LEAKS } from '../fixtures/leaks/fixtures.js';
import { cachedLeakage } from '../fixtures/leaky/fixtures.js';

/**
 * Multi-column leaks on fixture tasks made from real statsmodels data (tests/fixtures/leaks/make_fixtures.py):
 * star98's ratio of shipped products (real), a planted sum and a planted total of three parts,
 * star98's products named after their factor (real), rand-hie's one-hot health dummies (real) and
 * movies' US gross inside the worldwide gross (real) and travel-mode's generalised cost (real). Each must fail exactly its check and list the columns to
 * drop; the clean twins, with those columns removed, must pass every check.
 */

let dir: string;
const outcomes = cachedLeakage(() => dir);

const byId = (list: CheckOutcome[], id: string) => list.find((o) => o.id === id)!;

beforeAll(async () => {
  ({ dir } = await makeLeakFixtures());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('multi-column leaks in real data are caught', () => {
  it.each(MULTI_COLUMN_LEAKS)('%s fails %s, and only it', { timeout: 240_000 }, async (variant, check, drop, patterns) => {
    const list = await outcomes(variant);
    expect(list.filter((o) => !o.ok).map((o) => o.id)).toEqual([check]);
    const o = byId(list, check);
    expect([...o.drop!].sort()).toEqual([...drop].sort());
    for (const p of patterns) expect(o.message).toMatch(p);
    expect(o.fixBy).toBe('designer');
    expect(o.details?.found).toBeDefined();
  });

  it('dropping the listed columns is what the clean twins do, and they pass every check', { timeout: 240_000 }, async () => {
    for (const variant of CLEAN_TWINS) {
      const list = await outcomes(variant);
      expect(list.map((o) => o.id)).toEqual([...LEAKAGE_CHECKS]);
      expect(list.filter((o) => !o.ok).map((o) => `${variant} ${o.id}: ${o.message}`)).toEqual([]);
      for (const o of list) expect(o.drop).toEqual([]);
    }
  });

  it('the ratio identity is re-measured on every train.csv row, exact to rounding', { timeout: 240_000 }, async () => {
    const found = byId(await outcomes('star98-avsalk'), 'target-identity').details!.found as { formula: string; exact: boolean; maxError: number; rows: number }[];
    const ratio = found.find((f) => f.formula === 'AVSALK = AVYRSEXP_AVSAL / AVYRSEXP')!;
    expect(ratio.exact).toBe(true);
    expect(ratio.maxError).toBeLessThan(5e-6);
    expect(ratio.rows).toBe(212);
  });
});

describe('the hard-target alarm', () => {
  it('is off unless the caller marks the target hard', { timeout: 240_000 }, async () => {
    expect(byId(await outcomes('travel-invt-clean'), 'hard-target-gap').message).toMatch(/^skipped/);
  });

  it('fires when a model on all inputs far beats every single input of a target marked hard', { timeout: 240_000 }, async () => {
    const o = byId(await outcomes('travel-invt-clean', { hardTarget: true }), 'hard-target-gap');
    expect(o.ok).toBe(false);
    expect(o.message).toMatch(/target `invt` was marked hard, yet a random forest \(60 trees, out-of-bag\) on all inputs scores 0\.[89]\d* against 0\.[3-5]\d* for the best single input/);
    expect(o.drop).toContain('mode');
  });

  it('stays quiet on a target that is hard (RAND doctor visits)', { timeout: 240_000 }, async () => {
    const o = byId(await outcomes('rand-hie-mdvis', { hardTarget: true }), 'hard-target-gap');
    expect(o.ok, o.message).toBe(true);
    expect((o.details!.tested as { score: number }[])[0]!.score).toBeLessThan(0.3);
  });
});

describe('screenTable: the column screens on a raw table, before a task exists', () => {
  it('finds the travel-mode pair on the table and lists gc to drop', { timeout: 240_000 }, async () => {
    const table = path.join(dir, 'travel-invt', 'data', 'public', 'train.csv');
    const inputs = ['individual', 'mode', 'choice', 'ttme', 'invc', 'gc', 'hinc', 'psize'];
    const list = await screenTable(table, { column: 'invt', objective: 'regression', inputs });
    expect(list.filter((o) => !o.ok).map((o) => [o.id, o.drop])).toEqual([['determining-pair', ['gc']]]);
    expect(byId(list, 'determining-pair').message).toMatch(/^train\.csv columns `gc` and `mode`/);
    expect(list.map((o) => o.id)).not.toContain('train-test-overlap');
  });

  it("CreditCard (AER): expenditure = 833.33 × share × income on most rows, the rest off, is still an identity", { timeout: 240_000 }, async () => {
    // AER documents share as the ratio of monthly credit card expenditure to yearly income; on some
    // rows the published values do not follow it, so no least-squares fit is exact.
    const { dir: data } = await fetchDataset('aer-creditcard');
    const inputs = ['reports', 'age', 'income', 'share', 'owner', 'selfemp', 'dependents', 'months', 'majorcards', 'active'];
    const list = await screenTable(path.join(data, 'data.csv'), { column: 'expenditure', objective: 'regression', inputs });
    const identity = byId(list, 'target-identity');
    expect(identity.ok).toBe(false);
    // share is the one made from expenditure (and the closer to it alone); income is a documented predictor.
    expect(identity.drop).toEqual(['share']);
    expect(identity.message).toMatch(/columns `income`, `share` reproduce target `expenditure` on (8\d|9\d)% of its \d+ nonzero rows: `expenditure` = 83\d(\.\d+)? × income × share/);
    // Without share, nothing reproduces expenditure.
    const clean = await screenTable(path.join(data, 'data.csv'), { column: 'expenditure', objective: 'regression', inputs: inputs.filter((c) => c !== 'share') });
    expect(byId(clean, 'target-identity').ok).toBe(true);
  });

  it.each(TABLE_LEAKS)('%s, target %s (%s): fails %s, dropping %j, and only it', { timeout: 240_000 }, async (dataset, column, objective, inputs, check, drop) => {
    const { dir: data } = await fetchDataset(dataset);
    const list = await screenTable(path.join(data, 'data.csv'), { column, objective, inputs });
    expect(list.filter((o) => !o.ok).map((o) => [o.id, o.drop])).toEqual([[check, drop]]);
    // Without the column, the table is clean.
    const clean = await screenTable(path.join(data, 'data.csv'), { column, objective, inputs: inputs.filter((c) => !drop.includes(c)) });
    expect(clean.filter((o) => !o.ok).map((o) => o.id)).toEqual([]);
  });

  it("says what PSID1976's repwage marks, and on how many rows", { timeout: 240_000 }, async () => {
    const { dir: data } = await fetchDataset('aer-psid1976');
    const [, column, objective, inputs] = TABLE_LEAKS[0]!;
    const support = byId(await screenTable(path.join(data, 'data.csv'), { column, objective, inputs }), 'target-support');
    expect(support.message).toMatch(/column `repwage` marks where target `participation` is `yes`: on the \d+ rows where it is nonzero, the target is `yes` on 9\d\.\d% of them, and those are 7\d\.\d% of all rows where it is `yes`/);
  });

  it("RecreationDemand's help page says quality is 0 for those who had not visited the lake", async () => {
    const { manifest } = await fetchDataset('aer-recreationdemand');
    expect(manifest.card.description).toMatch(/gives 0 for those who had not visited the lake/);
  });

  it('throws naming a column the table lacks', async () => {
    const table = path.join(dir, 'travel-invt', 'data', 'public', 'train.csv');
    await expect(screenTable(table, { column: 'invt', objective: 'regression', inputs: ['cost'] })).rejects.toThrow(/train\.csv: no column\(s\) cost/);
  });
});
