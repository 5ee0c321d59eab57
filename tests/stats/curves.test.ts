import { describe, expect, it } from 'vitest';
import { bestSoFar, stepCurves, type EpisodeOutcome, type EpisodeStep } from '../../harness/stats/index.js';
import { PRELUDE, py } from './reference-python.js';

const tabular = { modality: 'tabular', objective: 'classification' };
const text = { modality: 'text', objective: 'regression' };

function ep(taskId: string, agentId: string, seed: number, steps: EpisodeStep[] | undefined, over: Partial<EpisodeOutcome> = {}): EpisodeOutcome {
  const e: EpisodeOutcome = {
    suite: 's',
    taskId,
    agentId,
    seed,
    valid: true,
    score: 0.5,
    higherIsBetter: true,
    anchors: { trivial: 0, reference: 1, optimum: 1 },
    category: tabular,
    ...over,
  };
  if (steps) e.steps = steps;
  return e;
}
const exec = (step: number, privateScore: number | null): EpisodeStep => ({ step, action: 'execute_code', privateScore });
const info = (step: number): EpisodeStep => ({ step, action: 'request_info' });

// t1, A, seed 0: counted steps 2, 4, 5, 6 (1 and 3 are information requests) → best [0.3, 0.3, 0.3, 0.6].
// t1, A, seed 1: [0 (invalid), 0.5] → carried forward to step 4: [0, 0.5, 0.5, 0.5].
//   t1 mean over seeds: [0.15, 0.4, 0.4, 0.55].
// t2, A, seed 0: [1.2] → [1.2, 1.2, 1.2, 1.2] (not clipped above).
//   A, tabular/classification: mean over tasks [0.675, 0.8, 0.8, 0.875].
// t1, B: raw −0.5 normalizes to 0 (clipped below) → [0, 0, 0, 0], one task.
const episodes: EpisodeOutcome[] = [
  ep('t1', 'A', 0, [info(1), exec(2, 0.3), info(3), { step: 4, action: 'validate_code' }, exec(5, 0.2), exec(6, 0.6)]),
  ep('t1', 'A', 1, [exec(2, 0.5), exec(1, null)]), // out of order on purpose
  ep('t2', 'A', 0, [exec(1, 1.2)]),
  ep('t1', 'B', 0, [exec(1, -0.5)]),
  // RMSE task, trivial 10, reference 4: 5 → (5 − 10)/(4 − 10) = 5/6; then 7 is worse, best stays 5/6.
  ep('t3', 'A', 0, [exec(1, 5), exec(2, 7)], { higherIsBetter: false, anchors: { trivial: 10, reference: 4, optimum: 0 }, category: text, score: 5 }),
  ep('t3', 'B', 0, undefined, { higherIsBetter: false, anchors: { trivial: 10, reference: 4, optimum: 0 }, category: text, score: 6 }),
];

describe('step-wise best-so-far curves', () => {
  it('excludes information requests from the step count and keeps the best so far', () => {
    expect(bestSoFar(episodes[0]!.steps!, (s) => s ?? 0)).toEqual([0.3, 0.3, 0.3, 0.6]);
    expect(bestSoFar([info(1), info(2)], (s) => s ?? 0)).toEqual([]);
  });

  it('averages seeds, then tasks, carrying early-ended episodes forward (by modality and objective)', () => {
    const { curves, skippedEpisodes } = stepCurves(episodes);
    expect(skippedEpisodes).toBe(1);
    expect(curves.map((c) => `${c.category}|${c.agentId}`)).toEqual(['tabular / classification|A', 'tabular / classification|B', 'text / regression|A']);
    const [a, b, t] = curves;
    expect(a!.steps).toEqual([1, 2, 3, 4]);
    expect(a!.tasks).toBe(2);
    [0.675, 0.8, 0.8, 0.875].forEach((v, k) => expect(a!.mean[k]).toBeCloseTo(v, 12));
    expect(b!.tasks).toBe(1);
    expect(b!.mean).toEqual([0, 0, 0, 0]);
    expect(t!.steps).toEqual([1, 2]);
    t!.mean.forEach((v) => expect(v).toBeCloseTo(5 / 6, 12));
  });

  it('groups by one dimension or none', () => {
    const byObjective = stepCurves(episodes, { by: 'objective' }).curves.map((c) => c.category);
    expect([...new Set(byObjective)]).toEqual(['classification', 'regression']);
    const all = stepCurves(episodes, { by: 'all' }).curves;
    expect(all.map((c) => c.agentId)).toEqual(['A', 'B']);
    // A over three tasks, 4 steps: t1 [0.15, 0.4, 0.4, 0.55], t2 1.2 flat, t3 5/6 flat.
    expect(all[0]!.mean[0]).toBeCloseTo((0.15 + 1.2 + 5 / 6) / 3, 12);
    expect(all[0]!.mean[3]).toBeCloseTo((0.55 + 1.2 + 5 / 6) / 3, 12);
  });

  it('bands each step with the task bootstrap of the mean: numpy on the same draws gives the same interval', async () => {
    // Six tasks of one category, curves of different lengths (carried forward), two seeds on one.
    const curves = [[0.1, 0.5, 0.9], [0.0, 0.2], [0.7], [0.3, 0.3, 0.8], [0.0, 0.0, 0.1], [0.6, 0.65]];
    const eps = curves.flatMap((c, t) => [
      ep(`t${t}`, 'A', 0, c.map((v, k) => exec(k + 1, v))),
      ...(t === 1 ? [ep(`t${t}`, 'A', 1, [exec(1, 0.4)])] : []),
    ]);
    const [curve] = stepCurves(eps, { by: 'all', resamples: 500, seed: 7 }).curves;
    const peer = await py<{ mean: number[]; lo: number[]; hi: number[] }>(
      PRELUDE +
        String.raw`
d = json.load(sys.stdin)
per_task = []
for seeds in d['tasks']:
    rows = [[c[min(k, len(c) - 1)] for k in range(3)] for c in seeds]
    per_task.append(np.mean(rows, axis=0))
per_task = np.array(per_task)
rng = Mulberry32(7)
draws = []
for _ in range(500):
    w = resample_counts(len(per_task), rng, len(per_task))
    draws.append(w @ per_task / w.sum())
lo, hi = np.quantile(np.array(draws), [0.025, 0.975], axis=0)
print(json.dumps({'mean': per_task.mean(axis=0).tolist(), 'lo': lo.tolist(), 'hi': hi.tolist()}))
`,
      { tasks: curves.map((c, t) => (t === 1 ? [c, [0.4]] : [c])) },
    );
    for (const key of ['mean', 'lo', 'hi'] as const) curve![key].forEach((v, k) => expect(v).toBeCloseTo(peer[key][k]!, 12));
    expect(curve!.hi[2]! - curve!.lo[2]!).toBeGreaterThan(0.2);
  });
});
