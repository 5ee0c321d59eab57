import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MLE_SMITH_QUOTED, paperCorrelations, type PaperCorrelation } from '../../harness/stats/index.js';
import { PRELUDE, py } from './reference-python.js';

const CSV = readFileSync(new URL('../../reports/reference/mle-smith-elo.csv', import.meta.url), 'utf8');

describe("the MLE-Smith paper's correlation table, recomputed from reports/reference/mle-smith-elo.csv", () => {
  const table = paperCorrelations(CSV);
  const dojoSmith = table[0]!;

  it('recomputes Spearman 0.952 and Kendall τ-b 0.857 (Dojo vs Smith) exactly, to 3 decimals', () => {
    expect(dojoSmith.label).toBe('Dojo set vs Smith set');
    expect(dojoSmith.n).toBe(8);
    expect(dojoSmith.recomputed.spearman.statistic.toFixed(3)).toBe('0.952');
    expect(dojoSmith.recomputed.kendall.statistic.toFixed(3)).toBe('0.857');
    // Exactly 20/21 and 24/28: no ties among eight models, Σd² = 4, 26 of 28 pairs concordant.
    expect(dojoSmith.recomputed.spearman.statistic).toBeCloseTo(1 - (6 * 4) / (8 * 63), 14);
    expect(dojoSmith.recomputed.kendall.statistic).toBeCloseTo(24 / 28, 14);
    expect(dojoSmith.reproduced).toEqual(['spearman', 'kendall']);
  });

  it('recomputes the combined-set rows (0.976 / 0.929) and says which quoted figures do not reproduce', () => {
    for (const row of table.slice(1)) {
      expect(row.reproduced).toEqual(['spearman', 'kendall']);
      expect(row.quoted.ccc).toBeNull();
    }
    // Pearson and CCC from the rounded Elo come out a little lower than quoted.
    expect(dojoSmith.recomputed.pearson.statistic.toFixed(3)).toBe('0.977');
    expect(dojoSmith.quoted.pearson).toBe(0.982);
    expect(dojoSmith.recomputed.ccc.statistic).toBeLessThan(dojoSmith.quoted.ccc!);
    expect(table.map((r) => r.label)).toEqual(MLE_SMITH_QUOTED.map((q) => q.label));
  });

  describe('against scipy on the same columns', () => {
    let expected: [number, number][][] = [];
    beforeAll(async () => {
      expected = await py(
        PRELUDE +
          String.raw`
import csv, io
c = json.load(sys.stdin)
rows = list(csv.DictReader(io.StringIO(c['csv'])))
out = []
for x, y in c['pairs']:
    a = np.array([float(r[x]) for r in rows]); b = np.array([float(r[y]) for r in rows])
    out.append([list(stats.pearsonr(a, b)), list(stats.spearmanr(a, b)), list(stats.kendalltau(a, b)), [ccc(a, b), stats.pearsonr(a, b)[1]]])
print(json.dumps(out))
`,
        { csv: CSV, pairs: table.map((r) => [r.x, r.y]) },
      );
    });

    it('gives scipy’s coefficients and p-values for every row', () => {
      table.forEach((row: PaperCorrelation, i) => {
        (['pearson', 'spearman', 'kendall', 'ccc'] as const).forEach((name, k) => {
          const [statistic, p] = expected[i]![k]!;
          expect(row.recomputed[name].statistic).toBeCloseTo(statistic, 12);
          expect(Math.abs(row.recomputed[name].pValue - p)).toBeLessThanOrEqual(1e-9 * p);
        });
        expect(row.recomputed.kendall.method).toBe('exact');
      });
    });
  });

  it('names a missing column', () => {
    expect(() => paperCorrelations('model,elo_dojo_set\nx,1\n')).toThrow(/no column elo_smith_set/);
  });
});
