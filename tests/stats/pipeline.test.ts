import { describe, expect, it } from 'vitest';
import {
  bradleyTerryRatings,
  correlate,
  fitBradleyTerry,
  leaderboard,
  mulberry32,
  pairByModel,
  pairedComparisons,
  pairwiseOutcomes,
  stepCurves,
  taskDiscrimination,
  taskResults,
  winLossMatrix,
  type EpisodeOutcome,
} from '../../harness/stats/index.js';

/** A seeded run with a known skill order: m0 < m1 < … < m5, on two suites of 40 tasks. */
function run(): EpisodeOutcome[] {
  const rng = mulberry32(77);
  const out: EpisodeOutcome[] = [];
  for (let t = 0; t < 80; t++) {
    const higherIsBetter = t % 2 === 0;
    const difficulty = rng.float() * 0.3;
    for (let m = 0; m < 6; m++) {
      for (let seed = 0; seed < 2; seed++) {
        const q = Math.max(0, Math.min(1, 0.15 * m - difficulty + 0.1 * (rng.float() - 0.5) + 0.2));
        const score = higherIsBetter ? 0.5 + 0.5 * q : 10 - 8 * q;
        const valid = rng.float() > 0.1;
        out.push({
          suite: t < 40 ? 'human' : 'smith',
          taskId: `t${t}`,
          agentId: `m${m}`,
          seed,
          valid,
          score: valid ? score : null,
          higherIsBetter,
          anchors: { trivial: higherIsBetter ? 0.5 : 10, reference: higherIsBetter ? 0.8 : 5.2, optimum: higherIsBetter ? 1 : 0 },
          category: { modality: t % 3 === 0 ? 'text' : 'tabular', objective: higherIsBetter ? 'classification' : 'regression' },
          steps: [
            { step: 1, action: 'request_info' },
            { step: 2, action: 'execute_code', privateScore: higherIsBetter ? 0.5 + 0.25 * q : 10 - 4 * q },
            { step: 3, action: 'execute_code', privateScore: valid ? score : null },
          ],
        });
      }
    }
  }
  return out;
}

describe('the whole statistics pipeline on a run with a known skill order', () => {
  const episodes = run();
  const tasks = taskResults(episodes);
  const outcomes = pairwiseOutcomes(tasks);
  const agents = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];

  it('recovers the order in the win–loss aggregate, the Elo ratings and the leaderboard', () => {
    const m = winLossMatrix(outcomes);
    expect(m.agents).toEqual(agents);
    for (let i = 1; i < 6; i++) expect(m.aggregate[i]!).toBeGreaterThan(m.aggregate[i - 1]!);
    const bt = bradleyTerryRatings(outcomes, { resamples: 300, seed: 2 });
    for (let i = 1; i < 6; i++) expect(bt.elo[i]!).toBeGreaterThan(bt.elo[i - 1]!);
    expect(bt.mleExists).toBe(true);
    bt.elo.forEach((e, i) => expect(bt.interval[i]!.lo <= e && e <= bt.interval[i]!.hi).toBe(true));
    expect(leaderboard(tasks, { resamples: 200 }).map((r) => r.agentId)).toEqual([...agents].reverse());
  });

  it('finds the two suites rank the agents alike', () => {
    const elo = (suite: string) => {
      const fit = fitBradleyTerry(outcomes.filter((o) => o.task.startsWith(`${suite}/`)), agents);
      return Object.fromEntries(fit.agents.map((a, i) => [a, fit.elo[i]!]));
    };
    const { x, y } = pairByModel(elo('human'), elo('smith'));
    const c = correlate(x, y, { resamples: 300, seed: 1 });
    expect(c.spearman.statistic).toBeCloseTo(1, 12);
    expect(c.kendall.statistic).toBeCloseTo(1, 12);
    expect(c.kendall.pValue).toBeCloseTo(2 / 720, 12); // exact: only the identity and its reverse out of 6!
  });

  it('produces non-decreasing curves, a discrimination row per task and significant extreme pairs', () => {
    for (const c of stepCurves(episodes).curves) {
      for (let k = 1; k < c.mean.length; k++) expect(c.mean[k]!).toBeGreaterThanOrEqual(c.mean[k - 1]!);
    }
    expect(taskDiscrimination(tasks)).toHaveLength(80);
    const pairs = pairedComparisons(tasks, { resamples: 200, permutations: 2000, seed: 3 });
    expect(pairs).toHaveLength(15);
    const extreme = pairs.find((p) => p.a === 'm0' && p.b === 'm5')!;
    expect(extreme.meanDiff).toBeLessThan(0);
    expect(extreme.pMethod).toBe('monte-carlo-sign-flip');
    expect(extreme.significant).toBe(true);
  });
});
