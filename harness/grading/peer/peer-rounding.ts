import type { PeerOrigin } from './peer-grade.js';

/**
 * The decimal places each peer's harness rounds a reported score to: MLE-bench's Grader rounds
 * grade()'s value to 5 places (`round(score, 5)`), MLE-Dojo reports the metric as it is.
 * harness/grading/python/peer_grade.py applies the same rule to the peer's own code.
 */
export const PEER_REPORTED_DIGITS: Readonly<Record<PeerOrigin, number | null>> = { 'mle-bench': 5, 'mle-dojo': null };

/** The exact value of a finite non-negative double as num / den, den a power of two. */
function exactFraction(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075;
  return power >= 0 ? { num: mantissa << BigInt(power), den: 1n } : { num: mantissa, den: 1n << BigInt(-power) };
}

/**
 * Python's `round(x, digits)`: the exact binary value rounded to `digits` decimals, ties to even,
 * read back as the nearest double. `Math.round(x * 1e5) / 1e5` and `toFixed` differ from it on
 * exact ties (0.015625 is 0.01562 in Python) and where x * 10^digits is inexact.
 */
export function pythonRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const { num, den } = exactFraction(Math.abs(x));
  const scaled = num * 10n ** BigInt(digits);
  let q = scaled / den;
  const twice = 2n * (scaled % den);
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  const value = Number(`${q}e-${digits}`);
  return x < 0 || Object.is(x, -0) ? -value : value;
}

/** A score as the peer's harness reports it (its rounding applied). */
export function asPeerReports(origin: PeerOrigin, score: number): number {
  const digits = PEER_REPORTED_DIGITS[origin];
  return digits === null ? score : pythonRound(score, digits);
}
