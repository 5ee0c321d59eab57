import { beforeAll, describe, expect, it } from 'vitest';
import { bradleyTerryRatings, fitBradleyTerry, fitWinTotals, winTotals, type PairOutcome } from '../../harness/stats/index.js';
import { PRELUDE, py, tournament } from './reference-python.js';

// The module's default fit (one virtual tie per agent) against the WHR-style reference fit in
// scipy (virtual player held at 0, trust-exact), and the plain MLE from statsmodels' GLM.
const REFERENCE = PRELUDE + String.raw`
import statsmodels.api as sm
out = []
for c in json.load(sys.stdin):
    agents, _, Wt = task_totals(c['outcomes'])
    virtual = (400 * fit_bt(Wt.sum(0), 1.0) + 1000).tolist()
    # Plain MLE: logistic regression of the score on +1 (a) / −1 (b) indicators, the last agent
    # as the reference level (θ = 0), ties as proportions 0.5; natural-log coefficients → log10.
    ix = {a: i for i, a in enumerate(agents)}
    X = np.zeros((len(c['outcomes']), len(agents)))
    for r, o in enumerate(c['outcomes']):
        X[r, ix[o['a']]] += 1; X[r, ix[o['b']]] -= 1
    y = np.array([o['score'] for o in c['outcomes']], float)
    beta = sm.GLM(y, X[:, :-1], family=sm.families.Binomial()).fit(tol=1e-13, maxiter=200).params
    th = np.append(beta, 0.0) / LN10
    out.append({'virtual': virtual, 'mle': (400 * (th - th.mean()) + 1000).tolist()})
print(json.dumps(out))
`;

const SKILLS = [1.2, 0.9, 0.7, 0.5, 0.3, 0.2, 0, -0.2, -0.5, -0.8];

describe('virtual ties against scipy and statsmodels', () => {
  const fixtures = [
    { name: '10 agents × 100 tasks', outcomes: tournament({ seed: 31, skills: SKILLS, tasks: 100 }) },
    { name: '4 agents × 12 tasks, many ties', outcomes: tournament({ seed: 32, skills: [0.5, 0.2, 0, -0.4], tasks: 12, tieRate: 0.4 }) },
    { name: '3 agents × 200 tasks, task noise', outcomes: tournament({ seed: 33, skills: [0.4, 0, -0.3], tasks: 200, taskNoise: 0.3 }) },
  ];
  let expected: { virtual: number[]; mle: number[] }[] = [];
  beforeAll(async () => {
    expected = await py(REFERENCE, fixtures.map((f) => ({ outcomes: f.outcomes })));
  });

  it.each(fixtures.map((f, i) => [f.name, i] as const))('%s: the default fit is the virtual-tie posterior mode to 1e-6 Elo', (_name, i) => {
    const fit = fitBradleyTerry(fixtures[i]!.outcomes);
    expect(fit.converged).toBe(true);
    expect(fit.mleExists).toBe(true);
    fit.elo.forEach((e, k) => expect(Math.abs(e - expected[i]!.virtual[k]!)).toBeLessThan(1e-6));
  });

  it('stays within the bound of bradley-terry.ts of the plain MLE, about an Elo point at 900 comparisons per agent', () => {
    const { outcomes } = fixtures[0]!;
    const fit = fitBradleyTerry(outcomes);
    const mle = expected[0]!.mle;
    // Per agent: ½ win over ln10·Σ n·p(1 − p) at the MLE, in Elo.
    const information = fit.agents.map(() => 0);
    for (const o of outcomes) {
      const [i, j] = [fit.agents.indexOf(o.a), fit.agents.indexOf(o.b)];
      const p = 1 / (1 + 10 ** ((mle[j]! - mle[i]!) / 400));
      information[i]! += p * (1 - p);
      information[j]! += p * (1 - p);
    }
    fit.elo.forEach((e, k) => {
      const bound = (400 * 0.5) / (Math.LN10 * information[k]!);
      expect(Math.abs(e - mle[k]!)).toBeLessThan(bound);
    });
    const drift = Math.max(...fit.elo.map((e, k) => Math.abs(e - mle[k]!)));
    expect(drift).toBeLessThan(1);
    expect(drift).toBeGreaterThan(0); // the prior is there, just small
  });

  it('matches the plain MLE to 1e-6 Elo with virtualTies: 0', () => {
    for (const [i, f] of fixtures.entries()) {
      const fit = fitBradleyTerry(f.outcomes, undefined, { virtualTies: 0 });
      fit.elo.forEach((e, k) => expect(Math.abs(e - expected[i]!.mle[k]!)).toBeLessThan(1e-6));
    }
  });
});

/** Agent `who` loses (or wins) every comparison; `spare` comparisons go the other way. */
function separate(outcomes: PairOutcome[], who: string, wins: boolean, spare = 0): PairOutcome[] {
  let left = spare;
  return outcomes.map((o) => {
    if (o.a !== who && o.b !== who) return o;
    const whoWins = left-- > 0 ? !wins : wins;
    return { ...o, score: (o.a === who) === whoWins ? 1 : 0 };
  });
}

describe('separated agents get finite ratings and sane intervals', () => {
  const base = tournament({ seed: 41, skills: [0.6, 0.3, 0.1, 0], tasks: 10 });
  // The case: four agents, a few tasks, one loses everything (30 comparisons).
  const cases = [
    { name: 'agent-03 loses all 30', outcomes: separate(base, 'agent-03', false), who: 3, unbeaten: [], winless: ['agent-03'] },
    { name: 'agent-00 wins all 30', outcomes: separate(base, 'agent-00', true), who: 0, unbeaten: ['agent-00'], winless: [] },
    { name: 'agent-03 wins 1 of 30 (separated in a third of the resamples)', outcomes: separate(base, 'agent-03', false, 1), who: 3, unbeaten: [], winless: [] },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = bradleyTerryRatings(c.outcomes, { resamples: 1000, seed: 1 });
    expect(r.unconverged).toBe(0);
    expect(r.unbeaten).toEqual(c.unbeaten);
    expect(r.winless).toEqual(c.winless);
    const me = r.elo[c.who]!;
    const others = r.elo.filter((_, k) => k !== c.who);
    const nearest = c.who === 0 ? Math.max(...others) : Math.min(...others);
    // Add-½ bound: a win rate of ½/(n + 1) over n = 30 comparisons is 400·log10(61) ≈ 714 Elo;
    // with the others spread around, the gap to the nearest one stays below that.
    const gap = Math.abs(me - nearest);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(400 * Math.log10(2 * 30 + 1));
    const { lo, hi } = r.interval[c.who]!;
    expect(lo).toBeLessThanOrEqual(me);
    expect(hi).toBeGreaterThanOrEqual(me);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(2000);
    // Not wider than the best-supported agents' intervals by much: the prior caps the open side.
    const widest = Math.max(...r.interval.filter((_, k) => k !== c.who).map((i) => i.hi - i.lo));
    expect(hi - lo).toBeLessThan(1.5 * widest);
  });

  it('the plain MLE on the same data has no finite rating to offer (what the prior fixes)', () => {
    const fit = fitBradleyTerry(cases[0]!.outcomes, undefined, { virtualTies: 0, maxIter: 50 });
    expect(fit.mleExists).toBe(false);
    const spread = Math.max(...fit.elo) - Math.min(...fit.elo);
    expect(spread).toBeGreaterThan(2000);
  });
});

describe('the Newton solver', () => {
  it('returns a fit’s own optimum, warm-started there, to rounding (bootstrap resamples equal to the data agree with the point)', () => {
    // A strict order on every task: every resample has the same totals as the data, up to a factor.
    const outcomes = separate(separate(tournament({ seed: 43, skills: [0.6, 0.3, 0.1, 0], tasks: 8 }), 'agent-00', true), 'agent-03', false).map((o) =>
      o.a === 'agent-01' && o.b === 'agent-02' ? { ...o, score: 1 as const } : o,
    );
    const fit = fitBradleyTerry(outcomes);
    const again = fitWinTotals(winTotals(outcomes, fit.agents), 4, {}, fit.theta);
    expect(again.iterations).toBe(1);
    again.theta.forEach((t, i) => expect(Math.abs(t - fit.theta[i]!)).toBeLessThan(1e-14));
    const r = bradleyTerryRatings(outcomes, { resamples: 50 });
    r.elo.forEach((e, i) => expect(r.interval[i]!.hi - r.interval[i]!.lo).toBeLessThan(1e-9 * e));
  });
});
