import { beforeAll, describe, expect, it } from 'vitest';
import { bestFirstRanks, linConcordance, suiteCorrelation, type Coefficient, type PairOutcome, type SuiteCorrelation } from '../../harness/stats/index.js';
import { PRELUDE, py, tournament } from './reference-python.js';

// The whole task bootstrap redone in numpy/scipy with the very same draws (the generator ported
// bit for bit): refit both suites on every resample, scipy's coefficients, rankdata ranks,
// numpy percentiles. Agreement to rounding means the TypeScript side computes exactly this.
const BOOTSTRAP = PRELUDE + String.raw`
c = json.load(sys.stdin)
def suite(rows):
    agents, tasks, Wt = task_totals(rows)
    return agents, Wt, fit_bt(Wt.sum(0), 1.0)
ax, Wx, tx = suite(c['x']); ay, Wy, ty = suite(c['y'])
common = sorted(set(ax) & set(ay))
px = [ax.index(a) for a in common]; py_ = [ay.index(a) for a in common]
elo = lambda th, pick: 400 * th[pick] + 1000
def coefficients(x, y):
    return [stats.pearsonr(x, y), stats.spearmanr(x, y), stats.kendalltau(x, y), (ccc(x, y), stats.pearsonr(x, y)[1])]
point = [[clean(v[0]), clean(v[1])] for v in coefficients(elo(tx, px), elo(ty, py_))]
rx, ry = Mulberry32(sub_seed(c['seed'], 'x')), Mulberry32(sub_seed(c['seed'], 'y'))
draws = []; ranks = []
for r in range(c['resamples']):
    bx = elo(fit_bt(np.tensordot(resample_counts(len(Wx), rx, len(Wx)), Wx, 1), 1.0), px)
    by = elo(fit_bt(np.tensordot(resample_counts(len(Wy), ry, len(Wy)), Wy, 1), 1.0), py_)
    draws.append([v[0] for v in coefficients(bx, by)])
    ranks.append(np.concatenate([stats.rankdata(-bx), stats.rankdata(-by)]))
draws = np.array(draws, float); ranks = np.array(ranks)
print(json.dumps({
    'agents': common,
    'elo': [elo(tx, px).tolist(), elo(ty, py_).tolist()],
    'point': point,
    'intervals': [np.percentile(d[np.isfinite(d)], [2.5, 97.5]).tolist() for d in draws.T],
    'ranks': np.percentile(ranks, [2.5, 97.5], axis=0).T.tolist(),
}))
`;

interface Reference {
  agents: string[];
  elo: [number[], number[]];
  point: [number | null, number | null][];
  intervals: [number, number][];
  ranks: [number, number][];
}

const NAMES = ['pearson', 'spearman', 'kendall', 'ccc'] as const;

function defined(c: Coefficient): Extract<Coefficient, { defined: true }> {
  if (!c.defined) throw new Error(`undefined coefficient: ${c.reason}`);
  return c;
}

/** Paths of the NaN numbers anywhere in a value: undefined statistics must be said, not left as NaN. */
function nanPaths(v: unknown, path = ''): string[] {
  if (typeof v === 'number') return Number.isNaN(v) ? [path] : [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, e]) => nanPaths(e, `${path}.${k}`));
  return [];
}

/** Two suites on the same agents: a common skill, suite-specific shifts, and agents on one suite only. */
function suites(): { x: PairOutcome[]; y: PairOutcome[] } {
  const skills = [0.9, 0.7, 0.55, 0.4, 0.3, 0.1, 0, -0.3];
  const x = tournament({ seed: 51, skills, tasks: 30, prefix: 'human/', taskNoise: 0.3 });
  const y = tournament({ seed: 52, skills: skills.map((s, i) => s + 0.15 * Math.sin(3 * i)), tasks: 24, prefix: 'smith/', taskNoise: 0.3 });
  // An extra agent rated on the generated suite only: it informs that suite's fit but is not compared.
  const extra = tournament({ seed: 53, skills: [...skills, 0.2], tasks: 24, prefix: 'smith/' }).filter((o) => o.b === 'agent-08');
  return { x, y: [...y, ...extra] };
}

describe('suiteCorrelation against the same bootstrap in numpy/scipy', () => {
  const { x, y } = suites();
  const resamples = 150;
  let ours: SuiteCorrelation;
  let ref: Reference;
  beforeAll(async () => {
    ours = suiteCorrelation(x, y, { resamples, seed: 9 });
    ref = await py(BOOTSTRAP, { x, y, resamples, seed: 9 });
  });

  it('compares the agents on both suites, with each suite fitted on all of its own', () => {
    expect(ours.agents).toEqual(ref.agents);
    expect(ours.agents).toHaveLength(8);
    expect(ours.x.tasks).toBe(30);
    expect(ours.y.tasks).toBe(24);
    ours.x.elo.forEach((e, i) => expect(Math.abs(e - ref.elo[0][i]!)).toBeLessThan(1e-5));
    ours.y.elo.forEach((e, i) => expect(Math.abs(e - ref.elo[1][i]!)).toBeLessThan(1e-5));
  });

  it('gives scipy’s point estimates and p-values (CCC: numpy formula, Pearson’s p)', () => {
    // The two fits agree to ~1e-6 Elo, so coefficients to ~1e-9 and p-values to ~1e-8 relative.
    NAMES.forEach((name, k) => {
      const c = defined(ours[name]);
      expect(Math.abs(c.statistic - ref.point[k]![0]!)).toBeLessThan(1e-9);
      expect(Math.abs(c.pValue! - ref.point[k]![1]!)).toBeLessThanOrEqual(1e-6 * ref.point[k]![1]!);
    });
    expect(defined(ours.kendall).pValueMethod).toMatch(/method='exact'/);
  });

  it('gives the same bootstrap intervals for every coefficient and every rank', () => {
    NAMES.forEach((name, k) => {
      const { interval, undefinedResamples } = defined(ours[name]);
      expect(undefinedResamples).toBe(0);
      expect(Math.abs(interval!.lo - ref.intervals[k]![0])).toBeLessThan(1e-7);
      expect(Math.abs(interval!.hi - ref.intervals[k]![1])).toBeLessThan(1e-7);
    });
    const n = ours.agents.length;
    const same = (r: { lo: number; hi: number }, [lo, hi]: [number, number]) => {
      expect(r.lo).toBeCloseTo(lo, 9);
      expect(r.hi).toBeCloseTo(hi, 9);
    };
    ours.x.rankInterval.forEach((r, i) => same(r, ref.ranks[i]!));
    ours.y.rankInterval.forEach((r, i) => same(r, ref.ranks[n + i]!));
  });

  it('has ranks best first, inside their intervals, and intervals narrower than [−1, 1]', () => {
    for (const side of [ours.x, ours.y]) {
      side.rank.forEach((r, i) => {
        expect(side.rankInterval[i]!.lo).toBeLessThanOrEqual(r);
        expect(side.rankInterval[i]!.hi).toBeGreaterThanOrEqual(r);
      });
      expect(side.rank[side.elo.indexOf(Math.max(...side.elo))]).toBe(1);
    }
    const tau = defined(ours.kendall).interval!;
    expect(tau.hi - tau.lo).toBeLessThan(1);
  });

  it('is deterministic for a seed, independent of outcome order, and changes with the seed', () => {
    const again = suiteCorrelation([...x].reverse(), [...y].reverse(), { resamples, seed: 9 });
    expect(again).toEqual(ours);
    const other = suiteCorrelation(x, y, { resamples, seed: 10 });
    expect(defined(other.pearson).interval).not.toEqual(defined(ours.pearson).interval);
  });
});

describe('suiteCorrelation edge cases', () => {
  const skills = [0.6, 0.3, 0, -0.3];

  it('flags every coefficient but CCC as undefined when one suite rates everyone the same', () => {
    const x = tournament({ seed: 61, skills, tasks: 10 });
    const y = x.map((o) => ({ ...o, task: `y/${o.task}`, score: 0.5 as const }));
    const r = suiteCorrelation(x, y, { resamples: 50 });
    expect(r.y.elo.every((e) => e === 1000)).toBe(true);
    expect(r.y.rank).toEqual([2.5, 2.5, 2.5, 2.5]);
    for (const name of ['pearson', 'spearman', 'kendall'] as const) {
      const c = r[name];
      expect(c.defined).toBe(false);
      if (!c.defined) expect(c.reason).toBe('every agent has the same rating on suite y');
    }
    // ρc is 0 (no agreement with y = x), and there is nothing to test.
    const ccc = defined(r.ccc);
    expect(ccc.statistic).toBe(0);
    expect(ccc.pValue).toBeNull();
    expect(nanPaths(r)).toEqual([]);
  });

  it('ties agents with identical records in ranks and in τ-b', async () => {
    // agent-01 and agent-02 are clones: the same result against everyone, a tie with each other.
    const x = tournament({ seed: 62, skills, tasks: 12 }).map((o) => {
      if (o.a === 'agent-01' && o.b === 'agent-02') return { ...o, score: 0.5 as const };
      return o;
    });
    const clone = (rows: PairOutcome[]) =>
      rows.map((o) => (o.b === 'agent-02' && o.a !== 'agent-01' ? { ...o, score: rows.find((p) => p.task === o.task && p.a === o.a && p.b === 'agent-01')!.score } : o)).map((o) =>
        o.a === 'agent-02' ? { ...o, score: rows.find((p) => p.task === o.task && p.a === 'agent-01' && p.b === o.b)!.score } : o,
      );
    const cx = clone(x);
    const y = tournament({ seed: 63, skills, tasks: 12, prefix: 'y' });
    const r = suiteCorrelation(cx, y, { resamples: 100 });
    expect(r.x.elo[1]).toBe(r.x.elo[2]);
    expect(r.x.rank[1]).toBe(r.x.rank[2]);
    expect(r.x.rank[1]! % 1).toBe(0.5);
    const [expected] = await py<[number, number][]>(PRELUDE + 'c = json.load(sys.stdin); print(json.dumps([list(stats.kendalltau(c["x"], c["y"]))]))', { x: r.x.elo, y: r.y.elo });
    const tau = defined(r.kendall);
    expect(tau.statistic).toBeCloseTo(expected![0], 12);
    expect(tau.pValue!).toBeCloseTo(expected![1], 12);
    expect(tau.pValueMethod).toMatch(/asymptotic/);
  });

  it('works with 2 and 3 agents and says what it cannot compute', async () => {
    const cases = [2, 3].map((k) => {
      const x = tournament({ seed: 70 + k, skills: skills.slice(0, k), tasks: 15 });
      const y = tournament({ seed: 80 + k, skills: skills.slice(0, k), tasks: 15, prefix: 'y' });
      return suiteCorrelation(x, y, { resamples: 100 });
    });
    const expected = await py<[number | null, number | null][][]>(
      PRELUDE + 'out = []\nfor c in json.load(sys.stdin):\n    x, y = np.array(c[0]), np.array(c[1])\n    out.append([[clean(v) for v in f(x, y)] for f in (stats.pearsonr, stats.spearmanr, stats.kendalltau)] + [[clean(ccc(x, y)), None]])\nprint(json.dumps(out))',
      cases.map((r) => [r.x.elo, r.y.elo]),
    );
    cases.forEach((r, i) => {
      NAMES.forEach((name, k) => {
        const c = defined(r[name]);
        expect(c.statistic).toBeCloseTo(expected[i]![k]![0]!, 9);
        if (name !== 'ccc') {
          const p = expected[i]![k]![1];
          if (p === null) expect(c.pValue).toBeNull();
          else expect(c.pValue!).toBeCloseTo(p, 9);
        }
      });
    });
    // Two agents: r = ρ = τ = ±1; Spearman has no p-value (scipy: NaN), Pearson's and Kendall's are 1.
    const two = cases[0]!;
    expect(Math.abs(defined(two.pearson).statistic)).toBe(1);
    expect(defined(two.spearman).pValue).toBeNull();
    expect(defined(two.kendall).pValue).toBe(1);
    const one = suiteCorrelation(tournament({ seed: 1, skills: [0, 1], tasks: 3 }), tournament({ seed: 2, skills: [0, 1], tasks: 3 }).map((o) => ({ ...o, a: 'other', b: o.b })));
    expect(one.agents).toEqual(['agent-01']);
    expect(one.kendall).toEqual({ defined: false, reason: 'needs at least 2 agents rated on both suites, found 1', undefinedResamples: 1000 });
  });
});

describe('Lin’s concordance and best-first ranks', () => {
  it('matches the numpy formula and Pearson’s p-value; falls with shift and scale, r does not', async () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const cases = [
      [x, x.map((v) => v + 0.3 * Math.sin(v))],
      [x, x.map((v) => v + 2)],
      [x, x.map((v) => 2 * v)],
      [x, [...x].reverse()],
      [[1, 2], [2, 1]],
    ];
    const expected = await py<[number, number][]>(PRELUDE + 'print(json.dumps([[ccc(x, y), stats.pearsonr(x, y)[1]] for x, y in json.load(sys.stdin)]))', cases);
    cases.forEach(([a, b], i) => {
      const c = linConcordance(a!, b!);
      expect(c.statistic).toBeCloseTo(expected[i]![0], 12);
      expect(c.pValue).toBeCloseTo(expected[i]![1], 12);
    });
    expect(linConcordance(x, x).statistic).toBe(1);
    expect(linConcordance(x, x.map((v) => v + 2)).statistic).toBeCloseTo(10.5 / 14.5, 12); // 2·var / (2·var + shift²)
    expect(linConcordance([3, 3], [3, 3]).statistic).toBeNaN();
  });

  it('ranks the highest first with tied ranks averaged, as rankdata(−x)', () => {
    expect(bestFirstRanks([1200, 1000, 1200, 800])).toEqual([1.5, 3, 1.5, 4]);
  });
});
