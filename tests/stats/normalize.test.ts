import { describe, expect, it } from 'vitest';
import {
  anchorProblem,
  anchorScore,
  humanRankScore,
  minMaxScore,
  taskNormalizer,
  taskResults,
  type EpisodeOutcome,
} from '../../harness/stats/index.js';

describe('anchor-normalized score', () => {
  it('maps trivial to 0 and reference to 1, clips below 0 but not above (higher is better)', () => {
    // trivial 0.5, reference 0.9: (0.8 − 0.5) / 0.4 = 0.75; (1.0 − 0.5) / 0.4 = 1.25; 0.4 → −0.25 → 0.
    expect(anchorScore(0.5, 0.5, 0.9)).toBe(0);
    expect(anchorScore(0.9, 0.5, 0.9)).toBe(1);
    expect(anchorScore(0.8, 0.5, 0.9)).toBeCloseTo(0.75, 12);
    expect(anchorScore(1.0, 0.5, 0.9)).toBeCloseTo(1.25, 12);
    expect(anchorScore(0.4, 0.5, 0.9)).toBe(0);
    expect(anchorScore(null, 0.5, 0.9)).toBe(0);
  });

  it('needs no direction flag when lower is better: the ratio of two negative differences', () => {
    // RMSE, trivial 10, reference 4: 5 → (5 − 10)/(4 − 10) = 5/6; 2 → (−8)/(−6) = 4/3; 12 → −1/3 → 0.
    expect(anchorScore(4, 10, 4)).toBe(1);
    expect(anchorScore(10, 10, 4)).toBe(0);
    expect(anchorScore(5, 10, 4)).toBeCloseTo(5 / 6, 12);
    expect(anchorScore(2, 10, 4)).toBeCloseTo(4 / 3, 12);
    expect(anchorScore(12, 10, 4)).toBe(0);
  });

  it('says why anchors cannot be used', () => {
    expect(anchorProblem({ trivial: 0.5, reference: 0.9, optimum: 1 }, true)).toBeNull();
    expect(anchorProblem({ trivial: 10, reference: 4, optimum: 0 }, false)).toBeNull();
    expect(anchorProblem({ trivial: null, reference: 0.9, optimum: 1 }, true)).toBe('missing-anchors');
    expect(anchorProblem({ trivial: 0.5, reference: Number.NaN, optimum: 1 }, true)).toBe('missing-anchors');
    expect(anchorProblem({ trivial: 0.7, reference: 0.7, optimum: 1 }, true)).toBe('degenerate-anchors');
    expect(anchorProblem({ trivial: 0.9, reference: 0.5, optimum: 1 }, true)).toBe('reference-not-better');
    expect(anchorProblem({ trivial: 4, reference: 10, optimum: 0 }, false)).toBe('reference-not-better');
  });
});

describe('min–max and the fallback for degenerate anchors', () => {
  it('falls back to min–max over participants when reference == trivial, and says so', () => {
    // best 0.8, worst 0.6: 0.7 → 0.5, 0.9 → 1.5 (above the best final, e.g. an earlier step), 0.5 → 0.
    const n = taskNormalizer({ higherIsBetter: true, anchors: { trivial: 0.5, reference: 0.5, optimum: 1 }, scores: [0.6, 0.8, 0.7, null] });
    expect(n.requested).toBe('anchor');
    expect(n.method).toBe('minmax');
    expect(n.fallback).toBe('degenerate-anchors');
    expect(n.degenerate).toBe(false);
    expect(n.normalize(0.8)).toBe(1);
    expect(n.normalize(0.6)).toBe(0);
    expect(n.normalize(0.7)).toBeCloseTo(0.5, 12);
    expect(n.normalize(0.9)).toBeCloseTo(1.5, 12);
    expect(n.normalize(0.5)).toBe(0);
    expect(n.normalize(null)).toBe(0);
  });

  it('orients min–max by direction (lower is better)', () => {
    // best 3, worst 5: 4 → (4 − 5)/(3 − 5) = 0.5.
    const n = taskNormalizer({ higherIsBetter: false, anchors: { trivial: null, reference: null, optimum: null }, scores: [3, 5, 4] });
    expect(n.fallback).toBe('missing-anchors');
    expect(n.normalize(3)).toBe(1);
    expect(n.normalize(4)).toBeCloseTo(0.5, 12);
    expect(n.normalize(6)).toBe(0);
  });

  it('gives every valid participant 1 when they all scored the same, and 0 with no valid score', () => {
    const same = taskNormalizer({ higherIsBetter: true, anchors: { trivial: 1, reference: 1, optimum: 1 }, scores: [0.7, 0.7, null] });
    expect(same.degenerate).toBe(true);
    expect(same.normalize(0.7)).toBe(1);
    expect(same.normalize(0.6)).toBe(0);
    expect(same.normalize(null)).toBe(0);
    const none = taskNormalizer({ higherIsBetter: true, anchors: { trivial: null, reference: null, optimum: null }, scores: [null, null] });
    expect(none.degenerate).toBe(true);
    expect(none.normalize(0.9)).toBe(0);
    expect(minMaxScore(2, 2, 2, false)).toBe(1);
    expect(minMaxScore(3, 2, 2, false)).toBe(0);
  });

  it('uses min–max when asked, even with good anchors', () => {
    const n = taskNormalizer({ higherIsBetter: true, anchors: { trivial: 0, reference: 1, optimum: 1 }, scores: [0.2, 0.6] }, 'minmax');
    expect(n.method).toBe('minmax');
    expect(n.fallback).toBeNull();
    expect(n.normalize(0.4)).toBeCloseTo(0.5, 12);
  });
});

describe('HumanRank position score', () => {
  it('is (N − position + 1)/N with position = 1 + entries strictly better', () => {
    const board = [0.9, 0.8, 0.8, 0.7, 0.6]; // N = 5, higher is better
    expect(humanRankScore(0.95, board, true)).toBe(1); // position 1
    expect(humanRankScore(0.85, board, true)).toBe(0.8); // 1 better → position 2 → 4/5
    expect(humanRankScore(0.8, board, true)).toBe(0.8); // ties take the better position
    expect(humanRankScore(0.75, board, true)).toBe(0.4); // 3 better → position 4 → 2/5
    expect(humanRankScore(0.5, board, true)).toBe(0); // position 6 → 0
    expect(humanRankScore(null, board, true)).toBe(0);
    // Lower is better: RMSE board [1, 2, 3, 4]; 2.5 has 2 better → position 3 → (4 − 3 + 1)/4.
    expect(humanRankScore(2.5, [1, 2, 3, 4], false)).toBe(0.5);
  });

  it('falls back to min–max on tasks without a leaderboard', () => {
    const anchors = { trivial: 0, reference: 1, optimum: 1 };
    const withBoard = taskNormalizer({ higherIsBetter: true, anchors, scores: [0.5], leaderboard: [0.9, 0.4] }, 'humanrank');
    expect(withBoard.method).toBe('humanrank');
    expect(withBoard.normalize(0.5)).toBe(0.5);
    const without = taskNormalizer({ higherIsBetter: true, anchors, scores: [0.5, 0.7] }, 'humanrank');
    expect(without.method).toBe('minmax');
    expect(without.fallback).toBe('no-leaderboard');
  });
});

describe('taskResults: seed means and the floor for invalid seeds', () => {
  const base = { suite: 's', taskId: 't', higherIsBetter: true, anchors: { trivial: 0.5, reference: 0.9, optimum: 1 } };
  const ep = (agentId: string, seed: number, score: number | null): EpisodeOutcome => ({ ...base, agentId, seed, valid: score !== null, score });

  it('counts invalid seeds at the worst of the trivial anchor and all valid scores', () => {
    // Valid scores 0.9, 0.7, 0.6 and trivial 0.5 → floor 0.5.
    // X: (0.9 + 0.5 + 0.7)/3 = 0.7, normalized (1 + 0 + 0.5)/3 = 0.5. Y: 0.6, normalized 0.25.
    const [t] = taskResults([ep('X', 0, 0.9), ep('X', 1, null), ep('X', 2, 0.7), ep('Y', 0, 0.6), ep('Y', 1, 0.6), ep('Y', 2, 0.6)]);
    expect(t!.key).toBe('s/t');
    expect(t!.floor).toBe(0.5);
    const [x, y] = t!.agents;
    expect(x).toMatchObject({ agentId: 'X', seeds: 3, validSeeds: 2 });
    expect(x!.meanScore).toBeCloseTo(0.7, 12);
    expect(x!.normalized).toBeCloseTo(0.5, 12);
    expect(y!.meanScore).toBeCloseTo(0.6, 12);
    expect(y!.normalized).toBeCloseTo(0.25, 12);
  });

  it('uses a valid score below the trivial anchor as the floor', () => {
    const [t] = taskResults([ep('X', 0, 0.3), ep('Y', 0, null)]);
    expect(t!.floor).toBe(0.3);
    expect(t!.agents[1]!.meanScore).toBe(0.3);
  });

  it('treats a "valid" episode without a score as invalid', () => {
    const [t] = taskResults([{ ...ep('X', 0, 0.8), score: null }]);
    expect(t!.agents[0]!.validSeeds).toBe(0);
  });

  it('rejects duplicate episodes and inconsistent task metadata', () => {
    expect(() => taskResults([ep('X', 0, 0.8), ep('X', 0, 0.7)])).toThrow(/two episodes/);
    expect(() => taskResults([ep('X', 0, 0.8), { ...ep('Y', 0, 0.7), higherIsBetter: false }])).toThrow(/directions/);
    expect(() => taskResults([ep('X', 0, 0.8), { ...ep('Y', 0, 0.7), anchors: { trivial: 0.4, reference: 0.9, optimum: 1 } }])).toThrow(/anchors/);
  });
});
