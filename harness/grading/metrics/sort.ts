/**
 * Stable ascending argsort of float64 values by LSD radix sort, the shared primitive behind ROC
 * AUC, average precision, ranks and Spearman. A comparator sort over an index array costs ~4× as
 * much on 1M rows; this runs six linear passes over typed arrays and skips passes whose digit is
 * the same for every value.
 *
 * Values must be finite or ±Infinity (callers reject NaN); -0 sorts as +0 so equal values are
 * contiguous.
 */

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
/** Each 32-bit half of a key is sorted as three digits at these shifts (11 + 11 + 10 bits). */
const SHIFTS = [0, 11, 22] as const;
const PASSES = 2 * SHIFTS.length;

interface Keys {
  /** High and low 32 bits of each value, transformed so unsigned (hi, lo) order is numeric order. */
  hi: Uint32Array;
  lo: Uint32Array;
  /** `PASSES` histograms of BUCKETS counts: low-word digits first, then high-word digits. */
  histograms: Uint32Array;
}

/**
 * IEEE-754 bits order like sign-magnitude integers: flipping the sign bit of non-negatives and all
 * bits of negatives makes their unsigned order the numeric order.
 */
function sortableKeys(values: Float64Array): Keys {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const histograms = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    // Little-endian: the low word comes first.
    let l = bits[2 * i]!;
    let h = bits[2 * i + 1]!;
    if (h === 0x80000000 && l === 0) h = 0; // -0 → +0
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    histograms[l & (BUCKETS - 1)]!++;
    histograms[BUCKETS + ((l >>> 11) & (BUCKETS - 1))]!++;
    histograms[2 * BUCKETS + (l >>> 22)]!++;
    histograms[3 * BUCKETS + (h & (BUCKETS - 1))]!++;
    histograms[4 * BUCKETS + ((h >>> 11) & (BUCKETS - 1))]!++;
    histograms[5 * BUCKETS + (h >>> 22)]!++;
  }
  return { hi, lo, histograms };
}

/** Turns the histogram of pass `pass` into bucket start offsets; false when one bucket holds every value. */
function bucketStarts(histograms: Uint32Array, pass: number, n: number): boolean {
  const base = pass * BUCKETS;
  let sum = 0;
  for (let b = base; b < base + BUCKETS; b++) {
    const count = histograms[b]!;
    if (count === n) return false;
    histograms[b] = sum;
    sum += count;
  }
  return true;
}

/** One stable pass keyed on a low-word digit; carries hi, lo and the index along. */
function scatterByLow(
  starts: Uint32Array, base: number, shift: number,
  hi: Uint32Array, lo: Uint32Array, idx: Uint32Array,
  hiOut: Uint32Array, loOut: Uint32Array, idxOut: Uint32Array,
): void {
  for (let i = 0; i < lo.length; i++) {
    const l = lo[i]!;
    const to = starts[base + ((l >>> shift) & (BUCKETS - 1))]!++;
    hiOut[to] = hi[i]!;
    loOut[to] = l;
    idxOut[to] = idx[i]!;
  }
}

/** One stable pass keyed on a high-word digit; the low word is no longer needed. */
function scatterByHigh(
  starts: Uint32Array, base: number, shift: number,
  hi: Uint32Array, idx: Uint32Array,
  hiOut: Uint32Array, idxOut: Uint32Array,
): void {
  for (let i = 0; i < hi.length; i++) {
    const h = hi[i]!;
    const to = starts[base + ((h >>> shift) & (BUCKETS - 1))]!++;
    hiOut[to] = h;
    idxOut[to] = idx[i]!;
  }
}

/** Indices of `values` in ascending order; equal values keep their original order. */
export function ascendingOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const keys = sortableKeys(values);
  let { hi, lo } = keys;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let hiSpare: Uint32Array = new Uint32Array(n);
  let loSpare: Uint32Array = new Uint32Array(n);
  let idxSpare = new Uint32Array(n);
  for (let pass = 0; pass < PASSES; pass++) {
    if (!bucketStarts(keys.histograms, pass, n)) continue;
    const base = pass * BUCKETS;
    const shift = SHIFTS[pass % SHIFTS.length]!;
    if (pass < SHIFTS.length) {
      scatterByLow(keys.histograms, base, shift, hi, lo, idx, hiSpare, loSpare, idxSpare);
      [lo, loSpare] = [loSpare, lo];
    } else {
      scatterByHigh(keys.histograms, base, shift, hi, idx, hiSpare, idxSpare);
    }
    [hi, hiSpare] = [hiSpare, hi];
    [idx, idxSpare] = [idxSpare, idx];
  }
  return idx;
}
