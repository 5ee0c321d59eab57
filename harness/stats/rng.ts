// A small seeded PRNG. Bootstrap intervals and permutation p-values must be reproducible from a
// seed so a report can be regenerated bit for bit; Math.random cannot be seeded.

export interface Rng {
  /** Next 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number;
  /** Uniform integer in [0, n), exactly uniform (rejection sampling), for 1 ≤ n ≤ 2^32. */
  int(n: number): number;
}

/**
 * mulberry32 (Tommy Ettinger): one 32-bit state word, passes BigCrush apart from the limits of a
 * 2^32 period, which is far more than a bootstrap draws (1000 resamples × 10^4 indices ≈ 2^23).
 * The seed is mixed once through a splitmix-style finalizer so nearby seeds (0, 1, 2…) start far apart.
 */
export function mulberry32(seed: number): Rng {
  let state = mix32(Math.trunc(seed) >>> 0);
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // Bootstraps call int(n) millions of times with the same n: check n and compute its limit once.
  let lastN = 0;
  let limit = 0;
  return {
    uint32,
    float: () => uint32() / 4294967296,
    int(n: number): number {
      if (n !== lastN) {
        if (!(n >= 1 && n <= 4294967296 && Number.isInteger(n))) throw new RangeError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
        lastN = n;
        // Values at or above `limit` would make the low residues more likely; draw again instead.
        limit = 4294967296 - (4294967296 % n);
      }
      let u = uint32();
      while (u >= limit) u = uint32();
      return u % n;
    },
  };
}

function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seed for one named sub-stream (e.g. one pair of agents): FNV-1a over the label, mixed with the
 * run's seed. Each comparison then gets the same draws whichever other comparisons are in the run.
 */
export function subSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (Math.trunc(seed) >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
