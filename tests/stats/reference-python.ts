// Helpers of the statistics tests that check against Debian's numpy/scipy/statsmodels: run a
// Python snippet with JSON in and out, and a Python prelude with an independent Bradley–Terry fit
// and a port of the module's seeded generator, so a Python bootstrap can draw the very same tasks.

import { runPython } from '../../harness/util/python.js';
import { mulberry32, type PairOutcome, type PairScore } from '../../harness/stats/index.js';

/** Runs /usr/bin/python3 with JSON on stdin and parses the JSON it prints. */
export async function py<T>(code: string, input: unknown): Promise<T> {
  const r = await runPython(['-c', code], { input: JSON.stringify(input) });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/**
 * mulberry32 and subSeed bit for bit (32-bit arithmetic by masking), resampleCounts, and the
 * Bradley–Terry fit written the WHR way: per-row log-likelihood plus α/2 virtual wins and losses
 * against a virtual player held at θ = 0, maximized by scipy's trust-exact with the analytic
 * Hessian, then centred over the agents. Nothing here shares code or formulation with the module
 * beyond the model itself.
 */
export const PRELUDE = String.raw`
import json, sys, math, warnings
import numpy as np
from scipy import stats
from scipy.optimize import minimize
warnings.simplefilter('ignore')
M32 = 0xffffffff
LN10 = math.log(10)

def imul(a, b):
    return (a * b) & M32

def mix32(x):
    z = (x + 0x9e3779b9) & M32
    z = imul(z ^ (z >> 16), 0x85ebca6b)
    z = imul(z ^ (z >> 13), 0xc2b2ae35)
    return z ^ (z >> 16)

class Mulberry32:
    def __init__(self, seed):
        self.state = mix32(int(seed) & M32)
    def uint32(self):
        self.state = (self.state + 0x6d2b79f5) & M32
        t = self.state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return t ^ (t >> 14)
    def int(self, n):
        limit = 2**32 - 2**32 % n
        u = self.uint32()
        while u >= limit:
            u = self.uint32()
        return u % n

def sub_seed(seed, label):
    h = 0x811c9dc5 ^ (int(seed) & M32)
    for ch in label:
        h = imul(h ^ ord(ch), 0x01000193)
    return h

def resample_counts(n, rng, draws):
    c = np.zeros(n)
    for _ in range(draws):
        c[rng.int(n)] += 1
    return c

def task_totals(rows):
    """Agents (sorted), task keys (sorted) and the stacked per-task win matrices W[t, i, j]."""
    agents = sorted({r['a'] for r in rows} | {r['b'] for r in rows}); ix = {a: i for i, a in enumerate(agents)}
    tasks = sorted({r['task'] for r in rows}); tx = {t: i for i, t in enumerate(tasks)}
    W = np.zeros((len(tasks), len(agents), len(agents)))
    for r in rows:
        W[tx[r['task']], ix[r['a']], ix[r['b']]] += r['score']
        W[tx[r['task']], ix[r['b']], ix[r['a']]] += 1 - r['score']
    return agents, tasks, W

def fit_bt(W, alpha):
    """theta (log10 units, mean 0) maximizing sum W_ij log s(c(ti - tj)) + alpha/2 [log s(c ti) + log s(-c ti)]."""
    k = W.shape[0]; N = W + W.T
    def probs(th):
        return 1 / (1 + np.exp(-LN10 * (th[:, None] - th[None, :]))), 1 / (1 + np.exp(-LN10 * th))
    def f(th):
        x = LN10 * (th[:, None] - th[None, :])
        return (W * np.logaddexp(0, -x)).sum() + alpha / 2 * (np.logaddexp(0, -LN10 * th) + np.logaddexp(0, LN10 * th)).sum()
    def grad(th):
        P, pv = probs(th)
        return -LN10 * (W - N * P).sum(1) + alpha * LN10 * (pv - 0.5)
    def hess(th):
        P, pv = probs(th)
        H = -LN10**2 * N * P * (1 - P)
        np.fill_diagonal(H, 0)
        return H + np.diag(-H.sum(1) + alpha * LN10**2 * pv * (1 - pv))
    r = minimize(f, np.zeros(k), jac=grad, hess=hess, method='trust-exact', options={'gtol': 1e-12})
    return r.x - r.x.mean()

def ccc(x, y):
    x = np.asarray(x, float); y = np.asarray(y, float)
    return 2 * np.mean((x - x.mean()) * (y - y.mean())) / (x.var() + y.var() + (x.mean() - y.mean())**2)

def clean(v):
    v = float(v)
    return None if math.isnan(v) else v
`;

/**
 * A seeded tournament: on each task every pair of agents meets once, i beating j with probability
 * 1/(1 + 10^(θj − θi)) where θ = skill + per-task noise; a tie with probability `tieRate`.
 */
export function tournament(o: { seed: number; skills: readonly number[]; tasks: number; prefix?: string; tieRate?: number; taskNoise?: number }): PairOutcome[] {
  const rng = mulberry32(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
  const k = o.skills.length;
  const agents = o.skills.map((_, i) => `agent-${String(i).padStart(2, '0')}`);
  const out: PairOutcome[] = [];
  for (let t = 0; t < o.tasks; t++) {
    const theta = o.skills.map((s) => s + (o.taskNoise ?? 0) * normal());
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const p = 1 / (1 + 10 ** (theta[j]! - theta[i]!));
        const u = rng.float();
        const score: PairScore = rng.float() < (o.tieRate ?? 0.1) ? 0.5 : u < p ? 1 : 0;
        out.push({ task: `${o.prefix ?? 't'}${String(t).padStart(4, '0')}`, a: agents[i]!, b: agents[j]!, score });
      }
    }
  }
  return out;
}
