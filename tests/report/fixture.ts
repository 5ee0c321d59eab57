import type { ReportModelInput } from '../../harness/report/model.js';

/**
 * A realistic report model for tests: the five built-in baselines on a human-designed suite
 * (12 tasks) and a generated one (40 tasks), with per-task scores drawn around each agent's skill,
 * win–loss matrices and aggregates computed from those scores, and a handful of episodes with
 * steps. The statistics are simple stand-ins (the real ones live in harness/stats); what matters
 * here is that the numbers are mutually consistent and shaped like a real run.
 */

export const AGENTS = ['baseline:trivial', 'baseline:linear', 'baseline:forest', 'baseline:gbm', 'baseline:ladder'];
const SKILL = [0, 0.62, 0.88, 0.97, 1.02];

const MODALITIES = ['tabular', 'tabular', 'tabular', 'text', 'image', 'time-series'];
const OBJECTIVES: Record<string, string> = { binary: 'roc_auc', multiclass: 'accuracy', regression: 'rmse', forecasting: 'mae' };
const DOMAINS = ['health', 'finance', 'retail', 'science', 'transport', 'weather', 'text'];

export const HOSTILE = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** mulberry32: small, seeded, good enough for fixtures. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FixtureTask {
  suite: string;
  task: string;
  modality: string;
  objective: string;
  metric: string;
  domain: string;
  higherIsBetter: boolean;
  trivial: number;
  reference: number;
  normalized: (number | null)[];
}

function makeTasks(suite: string, count: number, rand: () => number): FixtureTask[] {
  const objectives = Object.keys(OBJECTIVES);
  return Array.from({ length: count }, (_, k) => {
    const objective = objectives[Math.floor(rand() * objectives.length)]!;
    const higherIsBetter = objective === 'binary' || objective === 'multiclass';
    const trivial = higherIsBetter ? 0.5 : 10 + rand() * 5;
    const reference = higherIsBetter ? 0.8 + rand() * 0.15 : trivial * (0.4 + rand() * 0.3);
    const hard = k % 13 === 7; // a few tasks no one solves: they must show up as flagged
    const normalized = SKILL.map((s, i) => {
      if (i > 0 && rand() < 0.05) return null; // an invalid submission
      if (i === 0) return 0;
      return hard ? rand() * 0.02 : Math.max(0, s + (rand() - 0.5) * 0.35);
    });
    return {
      suite,
      task: `${suite.split('-')[0]}-task-${String(k + 1).padStart(2, '0')}`,
      modality: MODALITIES[Math.floor(rand() * MODALITIES.length)]!,
      objective,
      metric: OBJECTIVES[objective]!,
      domain: DOMAINS[Math.floor(rand() * DOMAINS.length)]!,
      higherIsBetter,
      trivial,
      reference,
      normalized,
    };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function pearson(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  const cov = mean(x.map((v, i) => (v - mx) * (y[i]! - my)));
  return cov / (sd(x) * sd(y));
}

const ranks = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length + 1) / 2);

function kendall(x: number[], y: number[]): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      s += Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
      n++;
    }
  }
  return s / n;
}

function setResult(name: string, tasks: FixtureTask[]) {
  const n = AGENTS.length;
  const wins = AGENTS.map(() => AGENTS.map(() => 0));
  const ties = AGENTS.map(() => AGENTS.map(() => 0));
  for (const t of tasks) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const a = t.normalized[i] ?? -1;
        const b = t.normalized[j] ?? -1;
        if (Math.abs(a - b) < 0.01) ties[i]![j]! += 1;
        else if (a > b) wins[i]![j]! += 1;
      }
    }
  }
  const scores = AGENTS.map((agent, i) => {
    const aggregate = wins[i]!.reduce((a, b) => a + b, 0) + ties[i]!.reduce((a, b) => a + b, 0) / 2;
    const elo = 1000 + 400 * (aggregate / Math.max(1, tasks.length * (n - 1)) - 0.5) * 2;
    return { agent, aggregate, normalizedMean: mean(tasks.map((t) => t.normalized[i] ?? 0)), elo: { value: elo, lo: elo - 45, hi: elo + 45 } };
  });
  return { name, taskCount: tasks.length, winLoss: { agents: AGENTS, wins, ties }, scores };
}

function holm(ps: number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, p * (ps.length - k)));
    adjusted[i] = running;
  });
  return adjusted;
}

function episodes(tasks: FixtureTask[], hostile: string | undefined) {
  const picks = [tasks[0]!, tasks[1]!, tasks[20]!];
  const out = [];
  for (const t of picks) {
    for (const [i, agent] of AGENTS.entries()) {
      if (i === 1 || i === 3) continue;
      const normalized = t.normalized[i] ?? null;
      const score = normalized === null ? null : t.trivial + normalized * (t.reference - t.trivial);
      const code = `import pandas as pd\nfrom sklearn.ensemble import GradientBoostingClassifier\ntrain = pd.read_csv('train.csv')\n# ${'feature engineering '.repeat(i * 60)}\nmodel = GradientBoostingClassifier().fit(train.drop(columns=['target']), train['target'])\n`;
      out.push({
        id: `run-1/${t.task}/${agent}/0`,
        suite: t.suite,
        task: t.task,
        agent,
        seed: 0,
        status: score === null ? 'agent_failed' : 'completed',
        score,
        normalized,
        stopReason: i === 4 ? 'ladder stopped: no improvement' : 'submitted',
        wallTimeSec: 12 + i * 9,
        steps: [
          { step: 1, action: 'request_info', ok: true, output: 'Data structure: train.csv (1200 rows, 14 columns), test.csv (300 rows)' },
          { step: 2, action: 'execute_code', ok: false, code, error: 'runtime_error: KeyError: target', output: 'Traceback (most recent call last):\n  File "main.py", line 4\nKeyError: \'target\'' },
          { step: 3, action: 'execute_code', ok: true, code: code.replace("'target'", "'label'"), output: 'wrote submission.csv (300 rows)\n' + 'fold score 0.81\n'.repeat(i * 150), publicScore: score ?? undefined, privateScore: score ?? undefined },
          ...(hostile ? [{ step: 4, action: 'execute_code', ok: false, code: `print("${hostile}")`, output: hostile, error: hostile }] : []),
          { step: hostile ? 5 : 4, action: 'submit', ok: true },
        ],
      });
    }
  }
  return out;
}

export interface FixtureOptions {
  /** Puts this string into task names, titles, labels, code, output and errors. */
  hostile?: string;
  /** Leave out the human suite (and so the correlations), as a generated-only run would. */
  generatedOnly?: boolean;
}

export function fixtureModel(options: FixtureOptions = {}): ReportModelInput {
  const rand = rng(20240607);
  const human = options.generatedOnly ? [] : makeTasks('human-v1', 12, rand);
  const smith = makeTasks('smith-v1', 40, rand);
  const all = [...human, ...smith];
  if (options.hostile) all[0]!.task = `task-${options.hostile}`;

  const sets = [setResult('generated', smith), ...(human.length ? [setResult('human', human), setResult('combined', all)] : [])];
  const combined = sets[sets.length - 1]!;

  const leaderboard = AGENTS.map((agent, i) => {
    const xs = all.map((t) => t.normalized[i] ?? 0);
    const half = (1.96 * sd(xs)) / Math.sqrt(xs.length);
    const valid = all.filter((t) => t.normalized[i] !== null).length / all.length;
    return {
      agent,
      episodes: all.length * 2,
      normalized: { value: mean(xs), lo: mean(xs) - half, hi: mean(xs) + half },
      elo: combined.scores[i]!.elo,
      validRate: valid,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      wallTimeSec: all.length * (20 + i * 35),
    };
  });

  const correlations = human.length
    ? (['normalizedMean', 'elo'] as const).map((measure) => {
        const value = (s: (typeof sets)[number], i: number) => (measure === 'elo' ? s.scores[i]!.elo.value : s.scores[i]!.normalizedMean);
        const x = AGENTS.map((_, i) => value(sets[0]!, i));
        const y = AGENTS.map((_, i) => value(sets[1]!, i));
        const r = pearson(x, y);
        const rho = pearson(ranks(x), ranks(y));
        return {
          x: 'generated',
          y: 'human',
          measure: measure === 'elo' ? 'Elo' : 'normalized score',
          points: AGENTS.map((agent, i) => ({ agent, x: x[i]!, y: y[i]! })),
          pearson: { value: r, p: 0.004, lo: Math.max(-1, r - 0.2), hi: Math.min(1, r + 0.02) },
          spearman: { value: rho, p: 0.017, lo: 0.6, hi: 1 },
          kendall: { value: kendall(x, y), p: 0.027, lo: 0.4, hi: 1 },
        };
      })
    : [];

  // Categories differ in difficulty (ceiling) and in how fast agents converge (pace).
  const curves = (['modality', 'objective'] as const).flatMap((kind) =>
    [...new Set(all.map((t) => t[kind]))].map((value, c) => {
      const ceiling = 0.7 + 0.3 * rand();
      const pace = 0.6 + c * 0.35;
      return {
        kind,
        value,
        nTasks: all.filter((t) => t[kind] === value).length,
        points: AGENTS.flatMap((agent, i) =>
          Array.from({ length: 9 }, (_, step) => ({ agent, step, mean: step === 0 ? 0 : ceiling * SKILL[i]! * (1 - Math.exp(-step / (pace + i * 0.5))) })),
        ),
      };
    }),
  );

  const composition = (['modality', 'objective', 'domain', 'metric'] as const).flatMap((dimension) =>
    [...new Set(all.map((t) => `${t.suite}\u0000${t[dimension]}`))].map((key) => {
      const [suite, value] = key.split('\u0000') as [string, string];
      return { suite, dimension, value, count: all.filter((t) => t.suite === suite && t[dimension] === value).length };
    }),
  );

  const tasks = all.map((t, k) => {
    const solved = t.normalized.filter((v): v is number => v !== null).slice(1);
    const spread = solved.length ? Math.max(...solved) - Math.min(...solved) : 0;
    const flags: ('saturated' | 'unsolved' | 'non-discriminating')[] = [];
    if (solved.every((v) => v < 0.05)) flags.push('unsolved', 'non-discriminating');
    else if (solved.every((v) => v >= 0.95)) flags.push('saturated');
    return {
      suite: t.suite,
      task: t.task,
      title: k === 0 && options.hostile ? `Title ${options.hostile}` : `Predict ${t.objective} target (${t.domain})`,
      modality: t.modality,
      objective: t.objective,
      metric: t.metric,
      higherIsBetter: t.higherIsBetter,
      anchors: { trivial: t.trivial, reference: t.reference, optimum: t.higherIsBetter ? 1 : 0 },
      results: AGENTS.map((agent, i) => {
        const n = t.normalized[i] ?? null;
        return { agent, score: n === null ? null : t.trivial + n * (t.reference - t.trivial), normalized: n };
      }),
      discrimination: spread,
      flags,
    };
  });

  const pairs = AGENTS.flatMap((a, i) => AGENTS.slice(i + 1).map((b, d) => [i, i + 1 + d] as const));
  const diffs = pairs.map(([i, j]) => all.map((t) => (t.normalized[i] ?? 0) - (t.normalized[j] ?? 0)));
  const ps = diffs.map((d) => {
    const z = Math.abs(mean(d)) / (sd(d) / Math.sqrt(d.length) || 1e-9);
    return Math.min(1, 2 * Math.exp(-0.717 * z - 0.416 * z * z));
  });
  const adjusted = holm(ps);
  const paired = pairs.map(([i, j], k) => {
    const m = mean(diffs[k]!);
    const half = (1.96 * sd(diffs[k]!)) / Math.sqrt(diffs[k]!.length);
    return { set: 'combined', a: AGENTS[i]!, b: AGENTS[j]!, n: all.length, meanDiff: m, lo: m - half, hi: m + half, p: ps[k]!, pHolm: adjusted[k]! };
  });

  return {
    title: 'MLE Arena report: baselines on human-v1 and smith-v1',
    generatedAt: '2025-06-07T12:00:00.000Z',
    offline: true,
    labels: ['baseline agents', 'heuristic roles — offline default', ...(options.hostile ? [options.hostile] : [])],
    runs: [{ id: 'run-1', dir: '.arena/runs/run-1' }],
    suites: [
      ...(human.length ? [{ name: 'human-v1', origin: 'human' as const, taskCount: human.length }] : []),
      { name: 'smith-v1', origin: 'smith' as const, taskCount: smith.length },
    ],
    leaderboard,
    sets,
    correlations,
    curves,
    composition,
    tasks,
    episodes: episodes(all, options.hostile),
    paired,
  };
}
