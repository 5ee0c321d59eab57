import { describe, expect, it } from 'vitest';
import { suiteCorrelation, tasksNeeded } from '../../harness/stats/index.js';
import { tournament } from './reference-python.js';

// Twelve agents of graded skill; every task perturbs the skills, so tasks disagree about the order.
const SKILLS = [1.0, 0.8, 0.65, 0.5, 0.4, 0.3, 0.2, 0.1, 0, -0.1, -0.25, -0.4];
const suite = (seed: number, tasks: number, prefix: string) => tournament({ seed, skills: SKILLS, tasks, prefix, taskNoise: 0.4 });

describe('tasksNeeded: how many tasks would narrow Kendall τ-b to ±0.1', () => {
  const x = suite(1, 20, 'x');
  const y = suite(2, 20, 'y');
  const options = { resamples: 500, seed: 3 };
  const r = tasksNeeded(x, y, options);

  it('starts from the interval suiteCorrelation reports with the same seed', () => {
    const c = suiteCorrelation(x, y, options);
    if (!c.kendall.defined) throw new Error(c.kendall.reason);
    const { lo, hi } = c.kendall.interval!;
    expect(r.observed.halfWidth).toBe((hi - lo) / 2);
    expect(r.observed.tasks).toEqual([20, 20]);
    expect(r.observed.halfWidth!).toBeGreaterThan(0.1);
  });

  it('fits the subsampling curve, projects, and checks the projection by a bootstrap at that size', () => {
    expect(r.curve.map((p) => p.scale)).toEqual([0.25, 0.5, 1, 2, 4]);
    expect(r.curve.map((p) => p.tasks[0])).toEqual([5, 10, 20, 40, 80]);
    const widths = r.curve.map((p) => p.halfWidth!);
    widths.slice(1).forEach((w, i) => expect(w).toBeLessThan(widths[i]!));
    // Slower than 1/√n: τ-b sits near its ceiling of 1, so the 1/√n rule alone would say too few.
    expect(r.exponent!).toBeGreaterThan(0.2);
    expect(r.exponent!).toBeLessThan(0.6);
    const h = r.observed.halfWidth!;
    expect(r.sqrtRule).toBe(2 * Math.ceil(20 * (h / 0.1) ** 2));
    expect(r.tasks!).toBeGreaterThan(r.sqrtRule!);
    expect(r.tasks).toBe(r.perSuite![0] + r.perSuite![1]);
    expect(r.verified!.tasks).toEqual(r.perSuite);
    expect(Math.abs(r.verified!.halfWidth! - 0.1)).toBeLessThan(0.02);
    expect(r.method).toContain(`±${h.toFixed(2)} with 20 + 20 tasks`);
    expect(r.method).toContain(`${r.tasks} in all`);
    expect(r.method).toContain(`tasks^−${r.exponent!.toFixed(2)}`);
  });

  it('is borne out by fresh suites of the projected size from the same generator', () => {
    const [nx, ny] = r.perSuite!;
    const fresh = suiteCorrelation(suite(11, nx, 'x'), suite(12, ny, 'y'), options);
    if (!fresh.kendall.defined) throw new Error(fresh.kendall.reason);
    const { lo, hi } = fresh.kendall.interval!;
    expect((hi - lo) / 2).toBeLessThan(0.12);
  });

  it('is deterministic for a seed', () => {
    expect(tasksNeeded(x, y, options)).toEqual(r);
  });

  it('says fewer tasks would do when the interval is already narrower', () => {
    const big = tasksNeeded(suite(21, 150, 'x'), suite(22, 150, 'y'), { ...options, halfWidth: 0.15 });
    expect(big.observed.halfWidth!).toBeLessThan(0.15);
    expect(big.perSuite![0]).toBeLessThan(150);
  });

  it('makes no projection when τ-b cannot narrow (two agents: τ-b is ±1) or is undefined', () => {
    // Two close agents: every size has resamples with τ-b = −1 and +1.
    const two = tasksNeeded(tournament({ seed: 5, skills: [0.3, 0], tasks: 10 }), tournament({ seed: 6, skills: [0.3, 0], tasks: 10, prefix: 'y' }), options);
    expect(two.curve.every((p) => p.halfWidth === 1)).toBe(true);
    expect(two.tasks).toBeNull();
    expect(two.perSuite).toBeNull();
    expect(two.method).toMatch(/does not shrink .*steps of 2\.00.*no projection is made/);
    // Two distant agents: from 10 tasks on every resample agrees, τ-b = 1, the interval is a point.
    const apart = tasksNeeded(tournament({ seed: 5, skills: [1, 0], tasks: 10 }), tournament({ seed: 6, skills: [1, 0], tasks: 10, prefix: 'y' }), options);
    expect(apart.observed.halfWidth).toBe(0);
    expect(apart.perSuite).toEqual([10, 10]);
    expect(apart.method).toMatch(/already within ±0\.1/);
    const one = tasksNeeded(tournament({ seed: 5, skills: [1, 0], tasks: 3 }), tournament({ seed: 6, skills: [1, 0], tasks: 3 }).map((o) => ({ ...o, a: 'other' })), options);
    expect(one.tasks).toBeNull();
    expect(one.method).toMatch(/needs at least 2 agents rated on both suites \(found 1\)/);
  });
});
