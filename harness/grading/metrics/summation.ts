/**
 * Float64 summation in exactly numpy's order, so means and totals agree with numpy bit for bit
 * in the usual case (and always far inside 1e-9 relative).
 *
 * numpy's `add.reduce` over a contiguous array visits it in blocks of 8192 elements (the ufunc
 * buffer size), sums each block pairwise, and adds the block sums left to right.
 */

const NUMPY_BLOCK = 8192;
/** numpy's PW_BLOCKSIZE: below this a block is summed with eight running partial sums. */
const PAIRWISE_LEAF = 128;

/** numpy's pairwise sum of `a[start .. start + n)`. */
export function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += a[i]!;
    return sum;
  }
  if (n <= PAIRWISE_LEAF) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    const unrolledEnd = start + n - (n % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      r0 += a[i]!; r1 += a[i + 1]!; r2 += a[i + 2]!; r3 += a[i + 3]!;
      r4 += a[i + 4]!; r5 += a[i + 5]!; r6 += a[i + 6]!; r7 += a[i + 7]!;
    }
    let sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < start + n; i++) sum += a[i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}

/** `np.sum(a)` for a contiguous float64 array. */
export function numpySum(a: Float64Array): number {
  let total = 0;
  for (let start = 0; start < a.length; start += NUMPY_BLOCK) {
    total += pairwiseSum(a, start, Math.min(NUMPY_BLOCK, a.length - start));
  }
  return total;
}

/** Writes terms start .. start + count − 1 of a sum into out[0 .. count). */
export type FillTerms = (out: Float64Array, start: number, count: number) => void;

/**
 * `np.sum` of n terms computed on the fly, one numpy block at a time, so a 1M-row metric never
 * materialises (and page-faults in) a 1M-element temporary array.
 */
export function numpySumOf(n: number, fill: FillTerms): number {
  const block = new Float64Array(Math.min(n, NUMPY_BLOCK));
  let total = 0;
  for (let start = 0; start < n; start += NUMPY_BLOCK) {
    const count = Math.min(NUMPY_BLOCK, n - start);
    fill(block, start, count);
    total += pairwiseSum(block, 0, count);
  }
  return total;
}

/** `np.mean(a)`: the numpy sum divided by the count. */
export function numpyMean(a: Float64Array): number {
  return numpySum(a) / a.length;
}
