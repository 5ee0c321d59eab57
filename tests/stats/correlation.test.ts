import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { averageRanks, correlate, kendallTauB, mulberry32, pairByModel, pearson, spearman, type TestResult } from '../../harness/stats/index.js';
import { runPython } from '../../harness/util/python.js';

/** Runs Debian's Python with JSON on stdin and parses the JSON it prints (NaN travels as null). */
async function py<T>(code: string, input: unknown): Promise<T> {
  const r = await runPython(['-c', code], { input: JSON.stringify(input) });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

const SCIPY = `
import json, sys, math, warnings
import numpy as np
from scipy import stats
warnings.simplefilter('ignore')
def clean(v):
    v = float(v)
    return None if math.isnan(v) else v
out = []
for c in json.load(sys.stdin):
    x, y = np.array(c['x'], dtype=float), np.array(c['y'], dtype=float)
    row = []
    for f in (stats.pearsonr, stats.spearmanr, stats.kendalltau):
        r = f(x, y)
        row.append([clean(r[0]), clean(r[1])])
    row.append([float(v) for v in stats.rankdata(x)])
    out.append(row)
print(json.dumps(out))
`;

interface Case {
  name: string;
  x: number[];
  y: number[];
}

/** Seeded fixtures: sizes around the exact/asymptotic Kendall switch (33), with and without ties. */
function cases(): Case[] {
  const rng = mulberry32(20251001);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const out: Case[] = [];
  for (const n of [3, 4, 5, 8, 12, 20, 33, 34, 50, 200]) {
    const x = Array.from({ length: n }, normal);
    out.push({ name: `independent n=${n}`, x, y: Array.from({ length: n }, normal) });
    out.push({ name: `correlated n=${n}`, x, y: x.map((v) => 0.7 * v + 0.5 * normal()) });
    out.push({ name: `negative n=${n}`, x, y: x.map((v) => -v + 0.3 * normal()) });
    out.push({ name: `ties n=${n}`, x: x.map((v) => Math.round(v * 2)), y: x.map((v) => Math.round(v + normal())) });
    out.push({ name: `ties in x only n=${n}`, x: x.map((v) => Math.round(v)), y: x.map((v) => v + normal()) });
  }
  const sorted = Array.from({ length: 40 }, (_, i) => i);
  const oneSwap = [...sorted];
  [oneSwap[10], oneSwap[11]] = [oneSwap[11]!, oneSwap[10]!];
  out.push({ name: 'n=40 one discordant pair (exact p above n=33)', x: sorted, y: oneSwap });
  out.push({ name: 'n=40 perfectly concordant', x: sorted, y: sorted.map((v) => v * 3 + 1) });
  const z = Array.from({ length: 30 }, normal);
  out.push({ name: 'near-linear n=30', x: z, y: z.map((v) => 2 * v + 1e-3 * normal()) });
  out.push({ name: 'n=2', x: [1, 2], y: [3, 1] });
  out.push({ name: 'constant y', x: [1, 2, 3, 4], y: [5, 5, 5, 5] });
  out.push({ name: 'all tied in x but one', x: [1, 1, 1, 1, 2], y: [1, 2, 3, 4, 5] });
  return out;
}

function close(actual: number, expected: number | null, rel = 1e-9): void {
  if (expected === null) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Number.isFinite(actual) || actual === expected).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300) + 1e-15);
}

describe('correlations against scipy 1.10', () => {
  const fixtures = cases();
  let scipy: [number | null, number | null][][] = [];
  beforeAll(async () => {
    scipy = await py(SCIPY, fixtures.map(({ x, y }) => ({ x, y })));
  });

  it.each(fixtures.map((c, i) => [c.name, i] as const))('%s: r, ρ, τ-b and their p-values to 1e-9 relative', (_name, i) => {
    const { x, y } = fixtures[i]!;
    const expected = scipy[i]!;
    const ours: TestResult[] = [pearson(x, y), spearman(x, y), kendallTauB(x, y)];
    ours.forEach((t, k) => {
      close(t.statistic, expected[k]![0]!);
      close(t.pValue, expected[k]![1]!);
    });
    expect(averageRanks(x)).toEqual(expected[3]);
  });

  it('covers the Kendall exact branch, the asymptotic branch and tiny p-values', () => {
    const p = fixtures.map((c) => kendallTauB(c.x, c.y).pValue).filter(Number.isFinite);
    expect(Math.min(...p)).toBeLessThan(1e-20);
    expect(fixtures.some((c) => c.x.length > 33 && new Set(c.x).size === c.x.length)).toBe(true);
  });
});

describe('MLE-Smith published Elo: Dojo set vs Smith set', () => {
  const rows = readFileSync('/work/shared/reference/mle-smith-elo.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const dojo = rows.map((r) => Number(r[1]));
  const smith = rows.map((r) => Number(r[2]));

  it('reads the eight models', () => {
    expect(dojo).toHaveLength(8);
    expect(dojo.every(Number.isFinite) && smith.every(Number.isFinite)).toBe(true);
  });

  it('matches scipy for r, ρ, τ and p-values', async () => {
    const [expected] = await py<[number, number][][]>(SCIPY, [{ x: dojo, y: smith }]);
    const ours = [pearson(dojo, smith), spearman(dojo, smith), kendallTauB(dojo, smith)];
    ours.forEach((t, k) => {
      close(t.statistic, expected![k]![0]);
      close(t.pValue, expected![k]![1]);
    });
    // The paper's point: strong agreement between the sets.
    expect(ours[0]!.statistic).toBeGreaterThan(0.9);
    expect(ours[2]!.pValue).toBeLessThan(0.05);
  });
});

describe('correlate: bootstrap intervals', () => {
  const rng = mulberry32(7);
  const x = Array.from({ length: 16 }, () => rng.float());
  const y = x.map((v) => v + 0.3 * rng.float());

  it('is deterministic for a seed and changes with the seed', () => {
    const a = correlate(x, y, { resamples: 400, seed: 3 });
    const b = correlate(x, y, { resamples: 400, seed: 3 });
    const c = correlate(x, y, { resamples: 400, seed: 4 });
    expect(b).toEqual(a);
    expect(c.pearson.interval).not.toEqual(a.pearson.interval);
  });

  it('gives intervals that contain the point estimates and lie in [−1, 1]', () => {
    const r = correlate(x, y, { resamples: 1000, seed: 1 });
    for (const e of [r.pearson, r.spearman, r.kendall]) {
      expect(e.interval.lo).toBeLessThanOrEqual(e.statistic);
      expect(e.interval.hi).toBeGreaterThanOrEqual(e.statistic);
      expect(e.interval.lo).toBeGreaterThanOrEqual(-1);
      expect(e.interval.hi).toBeLessThanOrEqual(1);
      expect(e.interval.hi - e.interval.lo).toBeGreaterThan(0);
    }
    expect(r.n).toBe(16);
  });

  it('counts undefined resamples instead of averaging NaN into the interval', () => {
    const r = correlate([1, 2, 3], [1, 3, 2], { resamples: 200, seed: 0 });
    // With three pairs, about 3/27 + 6/27 … of resamples repeat one pair and are constant.
    expect(r.pearson.undefinedResamples).toBeGreaterThan(0);
    expect(Number.isFinite(r.pearson.interval.lo)).toBe(true);
  });

  it('pairs two per-model tables on their common models', () => {
    expect(pairByModel({ b: 2, a: 1, c: 3 }, { c: 30, a: 10, d: 40 })).toEqual({ models: ['a', 'c'], x: [1, 3], y: [10, 30] });
  });
});
