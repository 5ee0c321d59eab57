import { beforeAll, describe, expect, it } from 'vitest';
import { bradleyTerryRatings, fitBradleyTerry, mulberry32, type PairOutcome, type PairScore } from '../../harness/stats/index.js';
import { runPython } from '../../harness/util/python.js';

async function py<T>(code: string, input: unknown): Promise<T> {
  const r = await runPython(['-c', code], { input: JSON.stringify(input) });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

// An independent maximum-likelihood fit: the log-likelihood written per outcome row (not through
// win totals), maximized by scipy's L-BFGS-B with an analytic gradient, then centred.
const SCIPY_FIT = `
import json, sys
import numpy as np
from scipy.optimize import minimize
out = []
for c in json.load(sys.stdin):
    agents = c['agents']; ix = {a: i for i, a in enumerate(agents)}
    a = np.array([ix[o['a']] for o in c['outcomes']]); b = np.array([ix[o['b']] for o in c['outcomes']])
    s = np.array([o['score'] for o in c['outcomes']], dtype=float); lam = c['ridge']; L = np.log(10)
    def f(th):
        x = L * (th[a] - th[b])
        # s log p + (1 - s) log(1 - p), p = sigmoid(x)
        ll = s * -np.logaddexp(0, -x) + (1 - s) * -np.logaddexp(0, x)
        p = 1 / (1 + np.exp(-x))
        g = np.zeros(len(agents))
        np.add.at(g, a, -L * (s - p)); np.add.at(g, b, L * (s - p))
        return -ll.sum() + 0.5 * lam * (th ** 2).sum(), g + lam * th
    r = minimize(f, np.zeros(len(agents)), jac=True, method='L-BFGS-B', options={'gtol': 1e-13, 'ftol': 1e-16, 'maxiter': 100000, 'maxcor': 30})
    th = r.x - r.x.mean()
    out.append((400 * th + 1000).tolist())
print(json.dumps(out))
`;

interface Fixture {
  name: string;
  agents: string[];
  outcomes: PairOutcome[];
  ridge: number;
}

/** Random tournaments: agents with latent strengths play on `tasks` tasks; close results tie. */
function tournament(name: string, seed: number, k: number, tasks: number, ridge: number, tieRate = 0.15): Fixture {
  const rng = mulberry32(seed);
  const agents = Array.from({ length: k }, (_, i) => `agent-${String.fromCharCode(97 + i)}`);
  const strength = agents.map(() => rng.float() * 1.5);
  const outcomes: PairOutcome[] = [];
  for (let t = 0; t < tasks; t++) {
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (rng.float() < 0.1) continue; // not every pair meets on every task
        const p = 1 / (1 + 10 ** (strength[j]! - strength[i]!));
        const u = rng.float();
        const score: PairScore = rng.float() < tieRate ? 0.5 : u < p ? 1 : 0;
        outcomes.push({ task: `t${t}`, a: agents[i]!, b: agents[j]!, score });
      }
    }
  }
  return { name, agents, outcomes, ridge };
}

describe('Bradley–Terry ridge-only fit (no virtual ties) against scipy L-BFGS-B on the same penalized log-likelihood', () => {
  const fixtures: Fixture[] = [
    tournament('4 agents, 12 tasks, ties, ridge 1e-4', 11, 4, 12, 1e-4),
    tournament('6 agents, 30 tasks, many ties, no ridge', 12, 6, 30, 0, 0.4),
    tournament('10 agents, 50 tasks, ridge 1e-4', 13, 10, 50, 1e-4),
    tournament('3 agents, 5 tasks, strong ridge 0.5', 14, 3, 5, 0.5),
  ];
  // One agent that beats everyone on every task: no finite MLE, the ridge keeps it finite.
  const separated = tournament('separated', 15, 4, 8, 1e-2);
  separated.outcomes = separated.outcomes.map((o) => (o.a === 'agent-a' ? { ...o, score: 1 } : o));
  fixtures.push({ ...separated, name: '4 agents, agent-a unbeaten, ridge 1e-2' });
  let expected: number[][] = [];
  beforeAll(async () => {
    expected = await py(SCIPY_FIT, fixtures.map(({ agents, outcomes, ridge }) => ({ agents, outcomes, ridge })));
  });

  it.each(fixtures.map((f, i) => [f.name, i] as const))('%s: Elo ratings to 1e-4', (_name, i) => {
    const f = fixtures[i]!;
    const fit = fitBradleyTerry(f.outcomes, f.agents, { ridge: f.ridge, virtualTies: 0 });
    expect(fit.converged).toBe(true);
    fit.elo.forEach((e, k) => expect(Math.abs(e - expected[i]![k]!)).toBeLessThan(1e-4));
    expect(Math.abs(fit.theta.reduce((s, t) => s + t, 0))).toBeLessThan(1e-12);
    expect(fit.elo.map((e, k) => 400 * fit.theta[k]! + 1000)).toEqual(fit.elo);
  });

  it('flags the unbeaten agent and the missing MLE; the well-posed fixtures have one', () => {
    const f = fixtures.at(-1)!;
    const fit = fitBradleyTerry(f.outcomes, f.agents, { ridge: f.ridge, virtualTies: 0 });
    expect(fit.mleExists).toBe(false);
    expect(fit.unbeaten).toEqual(['agent-a']);
    expect(fit.winless).toEqual([]);
    expect(fit.elo[0]).toBe(Math.max(...fit.elo));
    const ok = fitBradleyTerry(fixtures[2]!.outcomes, fixtures[2]!.agents);
    expect(ok.mleExists).toBe(true);
    expect(ok.unbeaten).toEqual([]);
  });
});

describe('Bradley–Terry by hand', () => {
  it('two agents, A wins 3 of 4: Elo gap 400·log10(3) around 1000', () => {
    // P(A beats B) = 3/4 = 1/(1 + 10^(θB − θA)) ⇒ θA − θB = log10 3; mean θ = 0 ⇒ θA = log10(3)/2.
    const outcomes: PairOutcome[] = [1, 1, 1, 0].map((s, t) => ({ task: `t${t}`, a: 'A', b: 'B', score: s as PairScore }));
    const fit = fitBradleyTerry(outcomes, ['A', 'B'], { virtualTies: 0 });
    expect(fit.elo[0]).toBeCloseTo(1000 + 200 * Math.log10(3), 9); // 1095.424…
    expect(fit.elo[1]).toBeCloseTo(1000 - 200 * Math.log10(3), 9);
  });

  it('counts a tie as half a win to each side: 2 wins + 2 ties = 3 of 4', () => {
    const outcomes: PairOutcome[] = [1, 1, 0.5, 0.5].map((s, t) => ({ task: `t${t}`, a: 'A', b: 'B', score: s as PairScore }));
    const fit = fitBradleyTerry(outcomes, ['A', 'B'], { virtualTies: 0 });
    expect(fit.elo[0]! - fit.elo[1]!).toBeCloseTo(400 * Math.log10(3), 9);
  });

  it('keeps an agent without comparisons at 1000 and flags it', () => {
    const outcomes: PairOutcome[] = [1, 1, 1, 0].map((s, t) => ({ task: `t${t}`, a: 'A', b: 'B', score: s as PairScore }));
    const fit = fitBradleyTerry(outcomes, ['A', 'B', 'Z']);
    expect(fit.converged).toBe(true);
    // Z ties only the virtual opponent, which sits midway between A and B by symmetry.
    expect(fit.elo[2]).toBeCloseTo(1000, 9);
    // One virtual tie each against 4 real comparisons shrinks the 190.85-point gap, but not by half.
    const gap = fit.elo[0]! - fit.elo[1]!;
    expect(gap).toBeLessThan(400 * Math.log10(3));
    expect(gap).toBeGreaterThan(200 * Math.log10(3));
    expect(fit.mleExists).toBe(false);
    expect(fit.winless).toEqual(['Z']);
  });

  it('gives equal ratings of 1000 when every comparison ties', () => {
    const outcomes: PairOutcome[] = [
      { task: 't', a: 'A', b: 'B', score: 0.5 },
      { task: 't', a: 'B', b: 'C', score: 0.5 },
      { task: 't', a: 'A', b: 'C', score: 0.5 },
    ];
    const fit = fitBradleyTerry(outcomes);
    expect(fit.agents).toEqual(['A', 'B', 'C']);
    fit.elo.forEach((e) => expect(e).toBeCloseTo(1000, 9));
  });
});

describe('Bradley–Terry bootstrap over tasks', () => {
  const f = tournament('boot', 21, 6, 40, 1e-4);

  it('is deterministic for a seed, independent of outcome order, and changes with the seed', () => {
    const a = bradleyTerryRatings(f.outcomes, { resamples: 200, seed: 5 });
    const shuffled = [...f.outcomes].reverse();
    const b = bradleyTerryRatings(shuffled, { resamples: 200, seed: 5 });
    expect(b.interval).toEqual(a.interval);
    for (let k = 0; k < a.elo.length; k++) expect(b.elo[k]).toBeCloseTo(a.elo[k]!, 8);
    const c = bradleyTerryRatings(f.outcomes, { resamples: 200, seed: 6 });
    expect(c.interval).not.toEqual(a.interval);
  });

  it('gives 95% intervals that contain each rating and narrow with more tasks', () => {
    const r = bradleyTerryRatings(f.outcomes, { resamples: 500, seed: 1 });
    expect(r.unconverged).toBe(0);
    expect(r.resamples).toBe(500);
    r.elo.forEach((e, k) => {
      expect(r.interval[k]!.lo).toBeLessThan(e);
      expect(r.interval[k]!.hi).toBeGreaterThan(e);
    });
    const more = tournament('boot', 21, 6, 400, 1e-4);
    const wide = r.interval.map((i) => i.hi - i.lo);
    const narrow = bradleyTerryRatings(more.outcomes, { resamples: 500, seed: 1 }).interval.map((i) => i.hi - i.lo);
    narrow.forEach((w, k) => expect(w).toBeLessThan(wide[k]!));
  });
});
