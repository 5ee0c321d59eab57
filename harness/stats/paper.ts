// The MLE-Smith paper's correlation table, for the report to show beside ours: the figures as
// quoted (reports/reference/README.md) and the same coefficients recomputed with this module's
// functions from the per-model Elo in reports/reference/mle-smith-elo.csv. Spearman and Kendall
// reproduce to the third decimal; Pearson and CCC come out slightly lower, probably because the
// paper computed them from unrounded Elo.

import { parseCsv } from '../tabular/csv.js';
import { linConcordance } from './concordance.js';
import { pearson, spearman } from './correlation.js';
import { kendallTauB, type KendallResult } from './kendall.js';
import type { CoefficientName } from './suite-correlation.js';

export interface PaperCorrelation {
  /** E.g. "Dojo set vs Smith set". */
  label: string;
  /** CSV columns correlated. */
  x: string;
  y: string;
  /** Models with a value in both columns. */
  n: number;
  /** As published; null where the paper gives no figure. */
  quoted: Record<CoefficientName, number | null>;
  /** From the CSV with pearson, spearman, kendallTauB and linConcordance. */
  recomputed: Record<CoefficientName, KendallResult>;
  /** Coefficients whose recomputed value rounds to the quoted one at 3 decimals. */
  reproduced: CoefficientName[];
}

/** The correlations quoted with the MLE-Smith Elo table (Dojo = 50 human-designed tasks, Smith = 50 generated). */
export const MLE_SMITH_QUOTED: readonly { label: string; x: string; y: string; quoted: Record<CoefficientName, number | null> }[] = [
  { label: 'Dojo set vs Smith set', x: 'elo_dojo_set', y: 'elo_smith_set', quoted: { pearson: 0.982, spearman: 0.952, kendall: 0.857, ccc: 0.958 } },
  { label: 'Dojo set vs combined', x: 'elo_dojo_set', y: 'elo_combined', quoted: { pearson: 0.996, spearman: 0.976, kendall: 0.929, ccc: null } },
  { label: 'Smith set vs combined', x: 'elo_smith_set', y: 'elo_combined', quoted: { pearson: 0.995, spearman: 0.976, kendall: 0.929, ccc: null } },
];

/** The quoted table beside its recomputation from the text of mle-smith-elo.csv. */
export function paperCorrelations(csv: string): PaperCorrelation[] {
  const { header, rows } = parseCsv(csv);
  const column = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`paper table: no column ${name} in ${header.join(',')}`);
    return at;
  };
  return MLE_SMITH_QUOTED.map(({ label, x, y, quoted }) => {
    const [ix, iy] = [column(x), column(y)];
    const both = rows.map((r) => [Number(r[ix] || Number.NaN), Number(r[iy] || Number.NaN)]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    const xs = both.map(([a]) => a!);
    const ys = both.map(([, b]) => b!);
    const recomputed = { pearson: pearson(xs, ys), spearman: spearman(xs, ys), kendall: kendallTauB(xs, ys), ccc: linConcordance(xs, ys) };
    const reproduced = (Object.keys(quoted) as CoefficientName[]).filter((c) => quoted[c] !== null && recomputed[c].statistic.toFixed(3) === quoted[c]!.toFixed(3));
    return { label, x, y, n: xs.length, quoted, recomputed, reproduced };
  });
}
