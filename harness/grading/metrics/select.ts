/** In-place selection: after the call, a[k] holds the k-th smallest value (0-based), smaller-or-equal values before it. */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median-of-three pivot; Hoare partitioning keeps runs of equal values balanced.
    const mid = (lo + hi) >>> 1;
    const pivot = medianOfThree(a[lo]!, a[mid]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

function medianOfThree(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}

/** np.median: the middle value, or the mean of the two middle values for an even count. Reorders `a`. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  const upper = n >>> 1;
  const upperValue = selectKth(a, upper);
  if (n % 2 === 1) return upperValue;
  // Everything before `upper` is ≤ a[upper]; the lower middle value is their maximum.
  let lowerValue = a[0]!;
  for (let i = 1; i < upper; i++) if (a[i]! > lowerValue) lowerValue = a[i]!;
  return (lowerValue + upperValue) / 2;
}
