import { describe, expect, it } from 'vitest';
import {
  exactSignFlip,
  holm,
  monteCarloSignFlip,
  mulberry32,
  pairedComparisons,
  pairedDifference,
  taskResults,
  type EpisodeOutcome,
} from '../../harness/stats/index.js';
import { runPython } from '../../harness/util/python.js';

describe('sign-flip permutation p-values', () => {
  it('matches hand enumeration', () => {
    // d = [1, 2, 3]: of the 8 sign patterns only +++ and −−− reach |Σ| = 6 → 2/8.
    expect(exactSignFlip([1, 2, 3])).toBe(0.25);
    // d = [0.5 ×4]: only ++++ and −−−− reach 2 → 2/16.
    expect(exactSignFlip([0.5, 0.5, 0.5, 0.5])).toBe(0.125);
    // Σ d = 0: every pattern is at least as extreme → 1.
    expect(exactSignFlip([1, -1])).toBe(1);
    expect(exactSignFlip([0, 0, 0])).toBe(1);
    // Patterns that tie mathematically count even when float sums differ in the last bit:
    // d = [0.1, 0.2, −0.3, 0.5], Σ = 0.5. Flipping a subset F gives Σ − 2ΣF, at least 0.5 in size
    // iff ΣF ≤ 0 or ΣF ≥ 0.5: F ∈ {∅, {−.3}, {.1,−.3}, {.2,−.3}, {.1,.2,−.3}} and their complements
    // → 10/16. The boundary pattern {.1,.2,−.3} sums to 0.49999999999999994 in floats (0.5625 without slack).
    expect(exactSignFlip([0.1, 0.2, -0.3, 0.5])).toBe(10 / 16);
  });

  it('Monte Carlo agrees with exact enumeration on 20 tasks', () => {
    const rng = mulberry32(4);
    const d = Array.from({ length: 20 }, () => rng.float() - 0.35);
    const exact = exactSignFlip(d); // 2^20 patterns
    const mc = monteCarloSignFlip(d, 40000, mulberry32(9));
    expect(exact).toBeGreaterThan(0.001);
    expect(exact).toBeLessThan(0.5);
    // Binomial sd at 40000 draws is at most 0.0025; allow 4 sd.
    expect(Math.abs(mc - exact)).toBeLessThan(0.01);
  });

  it('never returns 0 in Monte Carlo mode', () => {
    expect(monteCarloSignFlip(Array(40).fill(1), 999, mulberry32(1))).toBe(1 / 1000);
  });
});

describe('pairedDifference', () => {
  it('gives the mean difference, an interval around it, and says which test it used', () => {
    const d = [0.1, 0.3, -0.05, 0.2, 0.15, 0.25];
    const r = pairedDifference(d, { resamples: 2000, seed: 2 });
    expect(r.tasks).toBe(6);
    expect(r.meanDiff).toBeCloseTo(0.95 / 6, 12);
    expect(r.interval.lo).toBeLessThan(r.meanDiff);
    expect(r.interval.hi).toBeGreaterThan(r.meanDiff);
    expect(r.interval.lo).toBeGreaterThanOrEqual(-0.05);
    expect(r.interval.hi).toBeLessThanOrEqual(0.3);
    expect(r.pMethod).toBe('exact-sign-flip');
    // Only −0.05 is negative: patterns at least as extreme are ++++++ (0.95), the flip of −0.05's sign (1.05),
    // and their mirror images → 4/64.
    expect(r.pValue).toBe(4 / 64);
    expect(pairedDifference(d, { resamples: 2000, seed: 2 })).toEqual(r);
    expect(pairedDifference(d, { exactUpTo: 3, permutations: 5000, seed: 2 }).pMethod).toBe('monte-carlo-sign-flip');
  });
});

describe('Holm correction', () => {
  it('matches a hand computation', () => {
    // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → running max 0.06.
    // Reject while p ≤ 0.05/(m − rank): 0.005 ≤ 0.0125, 0.01 ≤ 0.0167, 0.03 > 0.025 → stop.
    const r = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, k) => expect(r.adjusted[k]).toBeCloseTo(v, 15));
    expect(r.reject).toEqual([true, false, false, true]);
  });

  it('matches statsmodels multipletests(method="holm") on random p-values, with ties and values near 1', async () => {
    const rng = mulberry32(99);
    const sets = [
      Array.from({ length: 15 }, () => rng.float() * 0.2),
      Array.from({ length: 40 }, () => rng.float() ** 3),
      [0.01, 0.01, 0.02, 0.02, 0.5, 0.9, 0.9, 0.0125, 0.025],
      [0.6, 0.7, 0.8],
    ];
    const code = `
import json, sys
from statsmodels.stats.multitest import multipletests
out = []
for p in json.load(sys.stdin):
    reject, adj, _, _ = multipletests(p, alpha=0.05, method='holm')
    out.append({'adjusted': adj.tolist(), 'reject': [bool(x) for x in reject]})
print(json.dumps(out))`;
    const r = await runPython(['-c', code], { input: JSON.stringify(sets) });
    expect(r.stderr).toBe('');
    const expected = JSON.parse(r.stdout) as { adjusted: number[]; reject: boolean[] }[];
    sets.forEach((p, i) => {
      const ours = holm(p);
      expect(ours.reject).toEqual(expected[i]!.reject);
      ours.adjusted.forEach((v, k) => expect(v).toBeCloseTo(expected[i]!.adjusted[k]!, 14));
    });
  });
});

describe('pairedComparisons over task results', () => {
  // 8 tasks, accuracy with anchors 0 → 1 so normalized = raw. A beats B by 0.1 on every task,
  // B and C are identical. One seed each.
  const eps: EpisodeOutcome[] = [];
  for (let t = 0; t < 8; t++) {
    for (const [agentId, score] of [
      ['A', 0.5 + t * 0.02 + 0.1],
      ['B', 0.5 + t * 0.02],
      ['C', 0.5 + t * 0.02],
    ] as const) {
      eps.push({ suite: 's', taskId: `t${t}`, agentId, seed: 0, valid: true, score, higherIsBetter: true, anchors: { trivial: 0, reference: 1, optimum: 1 } });
    }
  }
  const rows = pairedComparisons(taskResults(eps), { resamples: 500, seed: 1 });

  it('compares every pair on common tasks and applies Holm across the pairs', () => {
    expect(rows.map((r) => `${r.a}-${r.b}`)).toEqual(['A-B', 'A-C', 'B-C']);
    const [ab, ac, bc] = rows;
    expect(ab!.meanDiff).toBeCloseTo(0.1, 12);
    expect(ab!.interval.lo).toBeCloseTo(0.1, 12); // every difference is 0.1
    // All 8 differences positive: only the two constant-sign patterns reach |Σ| → 2/256.
    expect(ab!.pValue).toBe(2 / 256);
    expect(ac!.pValue).toBe(2 / 256);
    expect(bc!.pValue).toBe(1);
    expect(bc!.meanDiff).toBe(0);
    // Holm: 2/256·3 = 0.0234, then 2/256·2 → running max 0.0234, then 1.
    expect(ab!.pHolm).toBeCloseTo(6 / 256, 15);
    expect(ac!.pHolm).toBeCloseTo(6 / 256, 15);
    expect(bc!.pHolm).toBe(1);
    expect(rows.map((r) => r.significant)).toEqual([true, true, false]);
  });

  it('gives a pair the same numbers whatever other agents are in the run', () => {
    const withoutC = pairedComparisons(taskResults(eps.filter((e) => e.agentId !== 'C')), { resamples: 500, seed: 1 });
    expect(withoutC[0]!.interval).toEqual(rows[0]!.interval);
  });
});
