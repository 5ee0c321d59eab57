import { describe, expect, it } from 'vitest';
import { compareAgents, isTie, pairwiseOutcomes, taskResults, winLossMatrix, type EpisodeOutcome } from '../../harness/stats/index.js';

type Spec = { task: string; higherIsBetter: boolean; trivial: number; reference: number; scores: Record<string, (number | null)[]> };

function episodes(specs: Spec[]): EpisodeOutcome[] {
  return specs.flatMap((s) =>
    Object.entries(s.scores).flatMap(([agentId, seeds]) =>
      seeds.map((score, seed) => ({
        suite: 'suite',
        taskId: s.task,
        agentId,
        seed,
        valid: score !== null,
        score,
        higherIsBetter: s.higherIsBetter,
        anchors: { trivial: s.trivial, reference: s.reference, optimum: null },
      })),
    ),
  );
}

// T1 accuracy: A 0.9 > B 0.8 = C 0.8 (B's seeds average to C's).
// T2 RMSE (lower is better): B 1.0 < A 2.0 < C invalid.
// T3 accuracy: A valid at the trivial anchor 0.5 = the floor; B and C invalid (also at the floor).
//    Means tie, so validity decides: A beats B and C; B and C tie.
const specs: Spec[] = [
  { task: 'T1', higherIsBetter: true, trivial: 0.5, reference: 0.9, scores: { A: [0.9, 0.9], B: [0.7, 0.9], C: [0.8, 0.8] } },
  { task: 'T2', higherIsBetter: false, trivial: 5, reference: 1.5, scores: { A: [2, 2], B: [1, 1], C: [null, null] } },
  { task: 'T3', higherIsBetter: true, trivial: 0.5, reference: 0.9, scores: { A: [0.5, 0.5], B: [null, null], C: [null, null] } },
];

describe('win–loss matrix, by hand', () => {
  const outcomes = pairwiseOutcomes(taskResults(episodes(specs)));

  it('lists one outcome per pair per task, from the first agent of the pair', () => {
    expect(outcomes).toEqual([
      { task: 'suite/T1', a: 'A', b: 'B', score: 1 },
      { task: 'suite/T1', a: 'A', b: 'C', score: 1 },
      { task: 'suite/T1', a: 'B', b: 'C', score: 0.5 },
      { task: 'suite/T2', a: 'A', b: 'B', score: 0 },
      { task: 'suite/T2', a: 'A', b: 'C', score: 1 },
      { task: 'suite/T2', a: 'B', b: 'C', score: 1 },
      { task: 'suite/T3', a: 'A', b: 'B', score: 1 },
      { task: 'suite/T3', a: 'A', b: 'C', score: 1 },
      { task: 'suite/T3', a: 'B', b: 'C', score: 0.5 },
    ]);
  });

  it('counts wins, ties and the aggregated score (1 per win, 0.5 per tie)', () => {
    const m = winLossMatrix(outcomes);
    expect(m.agents).toEqual(['A', 'B', 'C']);
    // A–B: A wins T1, T3; B wins T2. A–C: A wins all. B–C: B wins T2, ties T1 and T3.
    expect(m.wins).toEqual([
      [0, 2, 3],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    expect(m.ties).toEqual([
      [0, 0, 0],
      [0, 0, 2],
      [0, 2, 0],
    ]);
    expect(m.compared).toEqual([
      [0, 3, 3],
      [3, 0, 3],
      [3, 3, 0],
    ]);
    // A: 2 + 3 = 5; B: 1 + 1 + 0.5·2 = 3; C: 0.5·2 = 1 (sum 9 = 3 tasks × 3 pairs).
    expect(m.aggregate).toEqual([5, 3, 1]);
    expect(m.winRate).toEqual([5 / 6, 3 / 6, 1 / 6]);
  });

  it('honours a caller-given agent order and rejects outcomes outside it', () => {
    const m = winLossMatrix(outcomes, ['C', 'B', 'A']);
    expect(m.aggregate).toEqual([1, 3, 5]);
    expect(m.wins[2]).toEqual([3, 2, 0]);
    expect(() => winLossMatrix(outcomes, ['A', 'B'])).toThrow(/not both in the agent list/);
  });

  it('skips pairs that did not both run a task', () => {
    const extra = episodes([{ task: 'T4', higherIsBetter: true, trivial: 0, reference: 1, scores: { A: [0.3], D: [0.6] } }]);
    const m = winLossMatrix(pairwiseOutcomes(taskResults([...episodes(specs), ...extra])));
    expect(m.agents).toEqual(['A', 'B', 'C', 'D']);
    expect(m.compared[3]).toEqual([1, 0, 0, 0]);
    expect(m.wins[3]![0]).toBe(1);
  });
});

describe('ties within tolerance', () => {
  it('treats last-bit differences as ties by default and splits them with zero tolerance', () => {
    const a = { agentId: 'A', seeds: 1, validSeeds: 1, meanScore: 0.1 + 0.2, normalized: 0 };
    const b = { agentId: 'B', seeds: 1, validSeeds: 1, meanScore: 0.3, normalized: 0 };
    expect(compareAgents(a, b, true)).toBe(0.5);
    expect(compareAgents(a, b, true, { rel: 0, abs: 0 })).toBe(1); // 0.30000000000000004 > 0.3
    expect(compareAgents(a, b, false, { rel: 0, abs: 0 })).toBe(0);
    expect(compareAgents(a, { ...b, meanScore: 0.31 }, true, { rel: 0.05, abs: 0 })).toBe(0.5);
    expect(compareAgents(a, { ...b, meanScore: 0.31 }, true, { rel: 0.01, abs: 0 })).toBe(0);
  });

  it('uses the absolute tolerance near zero', () => {
    expect(isTie(0, 1e-13)).toBe(true);
    expect(isTie(0, 1e-11)).toBe(false);
    expect(isTie(0, 1e-11, { rel: 0, abs: 1e-10 })).toBe(true);
  });
});
