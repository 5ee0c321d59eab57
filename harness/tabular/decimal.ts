/**
 * Decimal numbers read straight from bytes, with the exact result of `Number(text)`.
 *
 * Why: grading reads millions of numbers; making a string of each and calling `Number` costs
 * about 0.3 µs a value here. The plain decimal forms that numpy, pandas and R write
 * (`-0.5`, `17`, `1.25e-05`, and the 17-digit shortest round-trip form of a double) are read
 * here without a string, correctly rounded; anything else (whitespace, `inf`, hex, 20 digits,
 * a scale past 10^±22) is left to the caller's `Number`, so the two never disagree.
 */

/** 10^k for k = 0..22: every one exact in a double. */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The unit in the last place of a double with biased exponent e, for e = 1..2046. */
const ULP_OF_EXPONENT = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1075));

/** `high` takes digits while below this: high × 10 + 9 then stays below 2^53, so exact. */
const HIGH_LIMIT = 9e14;
/** Significant digits divideExactly decides exactly; more are left to Number. */
const MAX_DIGITS = 19;

/** Dekker's splitter: 2^27 + 1. */
const SPLIT = 134217729;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Writes the value of the decimal in `bytes[start, end)` to `out[at]` and returns true, or
 * returns false (writing nothing) when the text is not a plain decimal this reads exactly: then
 * `Number` of the text decides. Results go into `out` rather than being returned so that a call
 * that is not inlined does not box a double on the heap for every value.
 */
export function readDecimal(bytes: Uint8Array, start: number, end: number, out: Float64Array, at: number): boolean {
  let p = start;
  const sign = bytes[p];
  if (sign === 45 /* - */ || sign === 43 /* + */) p++;
  const digitsStart = p;
  // One pass over the digits: the leading ones into `high` while it stays exact (it stops growing
  // past HIGH_LIMIT: 15 or 16 significant digits), the rest into `low`.
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  for (; p < end; p++) {
    const d = bytes[p]! - 48;
    if (d < 0 || d > 9) break;
    if (high < HIGH_LIMIT) high = high * 10 + d;
    else {
      low = low * 10 + d;
      lowDigits++;
    }
  }
  let digits = p - digitsStart;
  let fraction = 0;
  if (p < end && bytes[p] === 46 /* . */) {
    const fractionStart = ++p;
    for (; p < end; p++) {
      const d = bytes[p]! - 48;
      if (d < 0 || d > 9) break;
      if (high < HIGH_LIMIT) high = high * 10 + d;
      else {
        low = low * 10 + d;
        lowDigits++;
      }
    }
    fraction = p - fractionStart;
    digits += fraction;
  }
  if (digits === 0) return false;
  let exponent = 0;
  if (p < end) {
    const e = bytes[p];
    if (e !== 101 && e !== 69 /* e E */) return false;
    const exponentSign = bytes[++p];
    if (exponentSign === 45 || exponentSign === 43) p++;
    if (p >= end) return false;
    for (; p < end; p++) {
      const d = bytes[p]! - 48;
      if (d < 0 || d > 9 || exponent > 1000) return false;
      exponent = exponent * 10 + d;
    }
    if (exponentSign === 45) exponent = -exponent;
  }
  const scale = exponent - fraction;
  let value: number;
  if (lowDigits === 0) {
    // Clinger's fast path: an exact integer and an exact power of ten, one rounding.
    if (scale >= 0) {
      if (scale > 22) return false;
      value = high * POWERS_OF_TEN[scale]!;
    } else {
      if (scale < -22) return false;
      value = high / POWERS_OF_TEN[-scale]!;
    }
  } else {
    const significant = (high < 1e15 ? 15 : 16) + lowDigits;
    if (scale >= 0 || scale < -22 || significant > MAX_DIGITS || !divideExactly(high, POWERS_OF_TEN[lowDigits]!, low, POWERS_OF_TEN[-scale]!, out, at)) return false;
    value = out[at]!;
  }
  out[at] = sign === 45 ? -value : value;
  return true;
}

/** Dekker's product: the rounding error of `product` = a * b, exactly (a + b's halves split by SPLIT). */
function productErrorOf(a: number, b: number, product: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - product + ah * bl + al * bh + al * bl;
}

/**
 * (high * lowScale + low) / divisor, correctly rounded, for an integer of 16 to 19 digits and a
 * divisor of 10^1..10^22; false when the quotient lies too near a rounding boundary to decide
 * without big integers (about one value in 4,000 of random 17-digit input).
 *
 * The integer m is held exactly as a double-double s + se (Dekker's product and Knuth's sum); the
 * quotient q = s / divisor is within one unit in the last place; the remainder m - q * divisor is
 * computed exactly enough (Dekker's product again) to tell whether q, or its neighbour toward m,
 * is the double nearest to m / divisor.
 */
function divideExactly(high: number, lowScale: number, low: number, divisor: number, out: Float64Array, at: number): boolean {
  const product = high * lowScale;
  const productError = productErrorOf(high, lowScale, product);
  const small = productError + low;
  const s = product + small;
  const virtual = s - product;
  const se = product - (s - virtual) + (small - virtual);

  const q = s / divisor;
  const qd = q * divisor;
  const qdError = productErrorOf(q, divisor, qd);
  const remainder = s - qd + (se - qdError);

  bits[0] = q;
  const exponentBits = (words[1]! >>> 20) & 0x7ff;
  // A power of two has a closer neighbour below; leave that case (and subnormals) to Number.
  if (exponentBits === 0 || (words[0] === 0 && (words[1]! & 0xfffff) === 0)) return false;
  const ulp = ULP_OF_EXPONENT[exponentBits]!;
  const half = ulp * divisor * 0.5;
  const distance = Math.abs(remainder);
  if (distance < half * 0.999) {
    out[at] = q;
    return true;
  }
  if (distance > half * 1.001 && distance < half * 2.999) {
    const next = Math.abs(remainder > 0 ? remainder - 2 * half : remainder + 2 * half);
    if (next < half * 0.999) {
      out[at] = remainder > 0 ? q + ulp : q - ulp;
      return true;
    }
  }
  return false;
}
