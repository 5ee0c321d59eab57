import { ascendingOrder } from './sort.js';

/** scipy.stats.rankdata(values, method='average'): 1-based ranks; tied values share the mean of the ranks they span. */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = ascendingOrder(values);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const value = values[order[start]!]!;
    let end = start + 1;
    while (end < n && values[order[end]!] === value) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is a half-integer, exact in float64.
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[order[j]!] = rank;
    start = end;
  }
  return ranks;
}
