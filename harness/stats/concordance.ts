// Lin's concordance correlation coefficient: agreement of two ratings of the same agents with the
// line y = x, so unlike Pearson's r it falls when one set is shifted or stretched against the
// other (Lin 1989, moments with divisor n). Elo on two suites is centred on 1000 in both, so
// between suites it measures whether they spread the agents equally far apart as well as in line.

import { pearson } from './correlation.js';
import type { TestResult } from './kendall.js';

/**
 * ρc = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²); NaN only when both sides are the same constant.
 *
 * The p-value is Pearson's (scipy.stats.pearsonr): ρc = r·C_b with the bias factor
 * C_b = 2·s_x·s_y / (s_x² + s_y² + (x̄ − ȳ)²) > 0, so H0 ρc = 0 is H0 r = 0. scipy has no test of
 * its own for ρc; the usual Fisher-z standard error (Lin 1989) is undefined at ρc = 0. It is NaN
 * when a side is constant (then ρc = 0 exactly: no agreement to test).
 */
export function linConcordance(x: readonly number[], y: readonly number[]): TestResult {
  const n = x.length;
  if (n !== y.length) throw new Error(`linConcordance: x has ${n} values, y has ${y.length}`);
  if (n === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const denominator = sxx / n + syy / n + (mx - my) ** 2;
  if (denominator === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  return { statistic: Math.max(-1, Math.min(1, (2 * sxy) / n / denominator)), pValue: pearson(x, y).pValue };
}
