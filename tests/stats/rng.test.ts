import { describe, expect, it } from 'vitest';
import { mulberry32, percentileInterval, quantileSorted, resampleCounts, subSeed } from '../../harness/stats/index.js';
import { runPython } from '../../harness/util/python.js';

describe('mulberry32', () => {
  it('is a pure function of the seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });

  it('draws integers uniformly (chi-square over 7 bins, 70000 draws)', () => {
    const rng = mulberry32(1);
    const bins = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) bins[rng.int(7)]++;
    const chi2 = bins.reduce((s, o) => s + (o - 10000) ** 2 / 10000, 0);
    expect(chi2).toBeLessThan(22.46); // 0.999 quantile of χ²(6)
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('gives each label its own stable sub-seed', () => {
    expect(subSeed(1, 'A\u0000B')).toBe(subSeed(1, 'A\u0000B'));
    expect(subSeed(1, 'A\u0000B')).not.toBe(subSeed(1, 'A\u0000C'));
    expect(subSeed(1, 'A\u0000B')).not.toBe(subSeed(2, 'A\u0000B'));
  });
});

describe('bootstrap helpers', () => {
  it('computes quantiles as numpy.quantile (linear)', async () => {
    const rng = mulberry32(5);
    const sample = Array.from({ length: 37 }, () => rng.float() * 10);
    const qs = [0, 0.025, 0.1, 0.5, 0.975, 1];
    const r = await runPython(['-c', 'import json,sys,numpy as np; d=json.load(sys.stdin); print(json.dumps(np.quantile(d["x"], d["q"]).tolist()))'], {
      input: JSON.stringify({ x: sample, q: qs }),
    });
    const expected = JSON.parse(r.stdout) as number[];
    const sorted = Float64Array.from(sample).sort();
    qs.forEach((q, k) => expect(quantileSorted(sorted, q)).toBeCloseTo(expected[k]!, 12));
  });

  it('leaves non-finite draws out of percentile intervals', () => {
    expect(percentileInterval([Number.NaN, 1, 2, 3, 4, 5, Number.POSITIVE_INFINITY], 0.5)).toEqual({ lo: 2, hi: 4 });
    const empty = percentileInterval([Number.NaN]);
    expect(empty.lo).toBeNaN();
  });

  it('draws resample counts that sum to n', () => {
    const c = resampleCounts(50, mulberry32(3));
    expect(c.reduce((s, v) => s + v, 0)).toBe(50);
    expect(Math.max(...c)).toBeGreaterThan(1); // with 50 draws from 50, a repeat is all but certain
  });
});
