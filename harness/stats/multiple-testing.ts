// Holm's step-down correction, as statsmodels.stats.multitest.multipletests(method='holm'): the
// report shows many pairwise p-values at once, and uncorrected ones would find "significant"
// differences by chance. Holm controls the family-wise error rate like Bonferroni but rejects more.

export interface HolmResult {
  /** Adjusted p-values, in the input order: running max of (m − rank + 1)·p over ascending p, capped at 1. */
  adjusted: number[];
  /** Rejected at `alpha`: every smaller-or-equal p passed p ≤ alpha / (m − rank + 1). */
  reject: boolean[];
}

export function holm(pValues: readonly number[], alpha = 0.05): HolmResult {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  const reject = new Array<boolean>(m);
  let running = 0;
  let stillRejecting = true;
  order.forEach((i, rank) => {
    const p = pValues[i]!;
    running = Math.max(running, p * (m - rank));
    adjusted[i] = Math.min(1, running);
    // Compared by division, as statsmodels does, so the boundary case agrees with it exactly.
    if (p > alpha / (m - rank)) stillRejecting = false;
    reject[i] = stillRejecting;
  });
  return { adjusted, reject };
}
