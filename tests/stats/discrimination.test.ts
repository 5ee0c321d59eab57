import { describe, expect, it } from 'vitest';
import { leaderboard, taskDiscrimination, taskResults, type EpisodeOutcome } from '../../harness/stats/index.js';

function task(taskId: string, scores: Record<string, (number | null)[]>, anchors = { trivial: 0.5, reference: 0.9, optimum: 1 }, higherIsBetter = true): EpisodeOutcome[] {
  return Object.entries(scores).flatMap(([agentId, seeds]) =>
    seeds.map((score, seed) => ({ suite: 's', taskId, agentId, seed, valid: score !== null, score, higherIsBetter, anchors })),
  );
}

describe('per-task discrimination and flags', () => {
  const results = taskResults([
    // Everyone at the optimum: saturated, nobody separated.
    ...task('aced', { A: [1, 1], B: [1, 1], C: [1, 1] }),
    // Everyone beyond the reference 0.9 but not at 1: saturated by the reference; A > B = C.
    ...task('easy', { A: [0.98, 0.98], B: [0.95, 0.93], C: [0.94, 0.94] }),
    // Normalized means: A (0.9 → 1, 0.7 → 0.5) = 0.75, B 0.25, C invalid twice → 0.
    // Spread 0.75; mean 1/3, population sd = sqrt(((5/12)² + (1/12)² + (1/3)²)/3).
    ...task('good', { A: [0.9, 0.7], B: [0.6, 0.6], C: [null, null] }),
    // RMSE, lower is better, optimum 0: both agents at 0 → saturated by the optimum.
    ...task('rmse', { A: [0, 0], B: [0, 0] }, { trivial: 3, reference: 1, optimum: 0 }, false),
    // One agent is invalid on one seed: not saturated even though its other seed is perfect.
    ...task('flaky', { A: [1, null], B: [1, 1] }),
    // Everyone fails alike: separates no one, not saturated.
    ...task('broken', { A: [null], B: [null] }),
  ]);
  const d = new Map(taskDiscrimination(results).map((r) => [r.key.split('/')[1], r]));

  it('flags saturated tasks and says by which anchor', () => {
    expect(d.get('aced')).toMatchObject({ saturated: true, saturatedBy: 'optimum', classes: 1, separatedPairs: 0, separatesNoOne: true, spread: 0 });
    expect(d.get('easy')).toMatchObject({ saturated: true, saturatedBy: 'reference', classes: 2, separatesNoOne: false });
    expect(d.get('easy')!.separatedPairs).toBeCloseTo(2 / 3, 12);
    expect(d.get('rmse')).toMatchObject({ saturated: true, saturatedBy: 'optimum' });
    expect(d.get('flaky')).toMatchObject({ saturated: false, saturatedBy: null, classes: 2, separatesNoOne: false });
    expect(d.get('broken')).toMatchObject({ saturated: false, classes: 1, separatesNoOne: true });
  });

  it('measures spread, sd and outcome classes', () => {
    const g = d.get('good')!;
    expect(g.agents).toBe(3);
    expect(g.spread).toBeCloseTo(0.75, 12);
    expect(g.sd).toBeCloseTo(Math.sqrt(((5 / 12) ** 2 + (1 / 12) ** 2 + (1 / 3) ** 2) / 3), 12);
    expect(g.classes).toBe(3);
    expect(g.separatedPairs).toBe(1);
    expect(g.saturated).toBe(false);
  });
});

describe('leaderboard', () => {
  // t1: A 0.9 → 1, B 0.7 → 0.5. t2: A invalid → 0, B 0.8 → 0.75. t3: only A, 0.5 → 0.
  const results = taskResults([
    ...task('t1', { A: [0.9], B: [0.7] }),
    ...task('t2', { A: [null], B: [0.8] }),
    ...task('t3', { A: [0.5] }),
  ]);

  it('averages normalized scores over each agent’s tasks and ranks best first', () => {
    const rows = leaderboard(results, { resamples: 300, seed: 3 });
    expect(rows.map((r) => r.agentId)).toEqual(['B', 'A']);
    const [b, a] = rows;
    expect(b).toMatchObject({ tasks: 2, episodes: 2, validRate: 1 });
    expect(b!.meanNormalized).toBeCloseTo(0.625, 12);
    expect(a).toMatchObject({ tasks: 3, episodes: 3 });
    expect(a!.validRate).toBeCloseTo(2 / 3, 12);
    expect(a!.meanNormalized).toBeCloseTo(1 / 3, 12);
    // Resampled means of A lie between its smallest (0) and largest (1) task score, and cover the point.
    expect(a!.interval.lo).toBeGreaterThanOrEqual(0);
    expect(a!.interval.hi).toBeLessThanOrEqual(1);
    expect(a!.interval.lo).toBeLessThanOrEqual(a!.meanNormalized);
    expect(a!.interval.hi).toBeGreaterThanOrEqual(a!.meanNormalized);
    expect(leaderboard(results, { resamples: 300, seed: 3 })).toEqual(rows);
  });
});
