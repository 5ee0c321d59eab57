import {
  bradleyTerryRatings,
  correlate,
  leaderboard,
  pairByModel,
  pairedComparisons,
  pairwiseOutcomes,
  stepCurves,
  taskDiscrimination,
  taskResults,
  winLossMatrix,
  type EpisodeOutcome,
  type TaskResult,
} from '../stats/index.js';
import type { CollectedEpisode, CollectedRuns } from './collect.js';
import type { Correlation, Curve, ReportModelInput, SetResult, TaskRow } from './model.js';
import { modelKey, type Reference } from './reference.js';
import { compositionRows, offlineLabels } from './model-parts.js';
import { agreementCorrelation, paperComparisons, suiteAgreement } from './agreement.js';
import { agentProfiles } from './profiles.js';

export interface BuildOptions {
  title?: string;
  /** Published figures to correlate the combined Elo with (`--human <file.csv>`). */
  reference?: Reference;
  resamples?: number;
  seed?: number;
}

/** Which set a suite's tasks belong to: generated (Smith) or human-designed (hand-written or imported). */
export function setOf(e: CollectedEpisode): 'generated' | 'human' {
  return e.suiteOrigin === 'smith' ? 'generated' : 'human';
}

function toOutcome(e: CollectedEpisode): EpisodeOutcome {
  const valid = e.row.status === 'completed' && e.row.valid === 1 && e.row.score !== null;
  return {
    suite: e.suite,
    taskId: e.task.id,
    agentId: e.agentId,
    seed: e.seed,
    valid,
    score: valid ? e.row.score : null,
    higherIsBetter: e.task.metric.higherIsBetter,
    anchors: e.task.anchors,
    category: { modality: e.task.modality, objective: e.task.objective, domain: e.task.domain },
    steps: e.steps.map((s) => ({ step: s.step, action: s.action, publicScore: s.publicScore ?? null, privateScore: s.privateScore ?? null })),
  };
}

interface SetStats {
  name: string;
  tasks: TaskResult[];
  pairs: ReturnType<typeof pairwiseOutcomes>;
  agents: string[];
  elo: Map<string, { value: number; lo: number; hi: number }>;
  normalized: Map<string, { value: number; lo: number; hi: number; validRate: number; episodes: number }>;
  result: SetResult;
}

function setStats(name: string, outcomes: EpisodeOutcome[], options: BuildOptions): SetStats {
  const boot = { resamples: options.resamples ?? 1000, seed: options.seed ?? 0 };
  const tasks = taskResults(outcomes);
  const pairs = pairwiseOutcomes(tasks);
  const agents = [...new Set(outcomes.map((o) => o.agentId))].sort();
  const matrix = winLossMatrix(pairs, agents);
  const elo = new Map<string, { value: number; lo: number; hi: number }>();
  if (agents.length >= 2 && pairs.length > 0) {
    const bt = bradleyTerryRatings(pairs, { ...boot, agents });
    bt.agents.forEach((a, i) => elo.set(a, { value: bt.elo[i]!, lo: bt.interval[i]!.lo, hi: bt.interval[i]!.hi }));
  }
  const normalized = new Map(leaderboard(tasks, boot).map((s) => [s.agentId, { value: s.meanNormalized, lo: s.interval.lo, hi: s.interval.hi, validRate: s.validRate, episodes: s.episodes }]));
  const result: SetResult = {
    name,
    taskCount: tasks.length,
    winLoss: { agents, wins: matrix.wins, ties: matrix.ties },
    scores: agents.map((agent, i) => ({ agent, aggregate: matrix.aggregate[i]!, normalizedMean: normalized.get(agent)?.value, elo: elo.get(agent) })),
  };
  return { name, tasks, pairs, agents, elo, normalized, result };
}

function correlation(x: string, y: string, measure: string, a: Record<string, number>, b: Record<string, number>, options: BuildOptions): Correlation | string {
  const paired = pairByModel(a, b);
  if (paired.models.length < 3) return `${x} vs ${y} (${measure}): needs at least 3 agents on both sides, found ${paired.models.length}`;
  const r = correlate(paired.x, paired.y, { resamples: options.resamples ?? 1000, seed: options.seed ?? 0 });
  const coef = (c: typeof r.pearson) => ({ value: c.statistic, p: c.pValue, lo: c.interval.lo, hi: c.interval.hi });
  if (![r.pearson, r.spearman, r.kendall].every((c) => Number.isFinite(c.statistic))) return `${x} vs ${y} (${measure}): undefined (a side is constant)`;
  return { x, y, measure, points: paired.models.map((m, i) => ({ agent: m, x: paired.x[i]!, y: paired.y[i]! })), pearson: coef(r.pearson), spearman: coef(r.spearman), kendall: coef(r.kendall), bootstrap: 'models' };
}

/** Best first: by Elo where there is one, else by mean normalized score. */
function rankedAgents(set: SetStats | undefined): string[] {
  if (!set) return [];
  const key = (a: string) => set.elo.get(a)?.value ?? set.normalized.get(a)?.value ?? -Infinity;
  return [...set.agents].sort((a, b) => key(b) - key(a) || a.localeCompare(b));
}

function curvesOf(outcomes: EpisodeOutcome[], options: BuildOptions): Curve[] {
  const out: Curve[] = [];
  for (const by of ['modality', 'objective'] as const) {
    const grouped = new Map<string, Curve>();
    for (const c of stepCurves(outcomes, { by, resamples: options.resamples ?? 1000, seed: options.seed ?? 0 }).curves) {
      const curve = grouped.get(c.category) ?? { kind: by, value: c.category, nTasks: 0, points: [] };
      curve.nTasks = Math.max(curve.nTasks, c.tasks);
      curve.points.push(...c.steps.map((step, k) => ({ agent: c.agentId, step, mean: c.mean[k]!, lo: c.lo[k]!, hi: c.hi[k]! })));
      grouped.set(c.category, curve);
    }
    out.push(...grouped.values());
  }
  return out;
}

function taskRows(tasks: TaskResult[], collected: CollectedRuns): TaskRow[] {
  const discrimination = new Map(taskDiscrimination(tasks).map((d) => [d.key, d]));
  return tasks.map((t) => {
    const manifest = collected.suites.get(t.suite)?.tasks.get(t.taskId);
    const d = discrimination.get(t.key);
    const flags: TaskRow['flags'] = [];
    if (d?.saturated) flags.push('saturated');
    if (d?.separatesNoOne) flags.push('non-discriminating');
    if (t.agents.every((a) => a.normalized <= 0)) flags.push('unsolved');
    return {
      suite: t.suite,
      task: t.taskId,
      title: manifest?.title,
      modality: t.category?.modality ?? 'unknown',
      objective: t.category?.objective ?? 'unknown',
      metric: manifest?.metric.name ?? 'unknown',
      higherIsBetter: t.higherIsBetter,
      anchors: t.anchors,
      results: t.agents.map((a) => ({ agent: a.agentId, score: a.meanScore, normalized: a.normalized })),
      discrimination: d && Number.isFinite(d.spread) ? d.spread : undefined,
      flags,
    };
  });
}

/**
 * Every number of the report from the collected runs: per set (generated, human, combined)
 * win–loss matrices and Bradley–Terry Elo with task-bootstrap intervals; the leaderboard; the
 * generated-vs-human and published-reference correlations; step curves; per-task and per-episode rows.
 */
export async function buildReportModel(collected: CollectedRuns, options: BuildOptions = {}): Promise<ReportModelInput> {
  const finished = collected.episodes.filter((e) => e.row.status === 'completed' || e.row.status === 'agent_failed');
  const excluded = collected.episodes.length - finished.length;
  const bySet = { generated: finished.filter((e) => setOf(e) === 'generated'), human: finished.filter((e) => setOf(e) === 'human') };
  const present = (['generated', 'human'] as const).filter((s) => bySet[s].length > 0);
  const sets = present.map((s) => setStats(s, bySet[s].map(toOutcome), options));
  const all = finished.map(toOutcome);
  const combined = present.length > 1 ? setStats('combined', all, options) : sets[0];
  if (present.length > 1) sets.push(combined!);
  const notes: string[] = [];
  if (excluded > 0) notes.push(`${excluded} unfinished or infrastructure-failed episodes left out`);
  const { skipped, legacy } = collected;
  const lines = (n: number, what: string) => `${n} ${what} line${n === 1 ? '' : 's'}`;
  if (skipped.count > 0) {
    const first = skipped.lines[0]!;
    notes.push(`${lines(skipped.count, 'unreadable transcript')} skipped (first: ${first.file} line ${first.line}, ${first.reason})`);
  }
  if (legacy.count > 0) {
    const first = legacy.lines[0]!;
    notes.push(`${lines(legacy.count, 'transcript')} of a shape older than the transcript schema read as far as they go (first: ${first.file} line ${first.line}, ${first.reason})`);
  }

  const correlations: Correlation[] = [];
  const add = (c: Correlation | string) => (typeof c === 'string' ? notes.push(c) : correlations.push(c));
  const generated = sets.find((s) => s.name === 'generated');
  const human = sets.find((s) => s.name === 'human');
  const values = (m: Map<string, { value: number }>) => Object.fromEntries([...m].map(([k, v]) => [k, v.value]));
  // Human vs generated Elo: intervals from resampling each set's tasks, ratings refitted (suiteCorrelation).
  const agreement = generated && human ? suiteAgreement(human.pairs, generated.pairs, { x: 'human', y: 'generated' }, options) : null;
  if (agreement) add(agreementCorrelation(agreement));
  if (generated && human) {
    add(correlation('human', 'generated', 'normalized score', values(human.normalized), values(generated.normalized), options));
  }
  if (options.reference && combined) {
    const arena = Object.fromEntries([...combined.elo].map(([agent, v]) => [modelKey(agent), v.value]));
    add(correlation(`arena Elo (${combined.name})`, options.reference.label, 'Elo vs published', arena, options.reference.values, options));
  }

  const rows = new Map<string, CollectedEpisode[]>();
  for (const e of collected.episodes) {
    const list = rows.get(e.agentId);
    if (list) list.push(e);
    else rows.set(e.agentId, [e]);
  }
  const normalizers = new Map(combined ? combined.tasks.map((t) => [t.key, t.normalizer]) : []);
  return {
    title: options.title ?? 'MLE Arena report',
    generatedAt: new Date().toISOString(),
    ...offlineLabels(collected, notes),
    runs: collected.runs,
    suites: [...collected.suites].map(([name, s]) => ({ name, origin: s.origin, taskCount: s.tasks.size })),
    leaderboard: rankedAgents(combined).map((agent) => {
      const n = combined!.normalized.get(agent);
      const eps = rows.get(agent) ?? [];
      return {
        agent,
        episodes: eps.length,
        normalized: { value: n?.value ?? 0, lo: n?.lo ?? 0, hi: n?.hi ?? 0 },
        elo: combined!.elo.get(agent),
        validRate: Number.isFinite(n?.validRate) ? n!.validRate : 0,
        inputTokens: eps.reduce((s, e) => s + e.row.input_tokens, 0),
        outputTokens: eps.reduce((s, e) => s + e.row.output_tokens, 0),
        costUsd: eps.reduce((s, e) => s + e.row.cost_usd, 0),
        wallTimeSec: eps.reduce((s, e) => s + (e.row.wall_ms ?? 0), 0) / 1000,
      };
    }),
    sets: sets.map((s) => s.result),
    correlations,
    curves: curvesOf(all, options),
    ...(agreement ? { agreement } : {}),
    paper: await paperComparisons(),
    profiles: combined ? agentProfiles(combined.tasks) : [],
    composition: await compositionRows(collected),
    tasks: combined ? taskRows(combined.tasks, collected) : [],
    episodes: collected.episodes.map((e) => {
      const normalize = normalizers.get(`${e.suite}/${e.task.id}`)?.normalize;
      const score = e.row.status === 'completed' && e.row.valid === 1 ? e.row.score : null;
      return {
        id: e.id,
        suite: e.suite,
        task: e.task.id,
        agent: e.agentId,
        seed: e.seed,
        status: e.row.status,
        score,
        normalized: normalize && e.row.status !== 'infra_error' && e.row.status !== 'pending' ? normalize(score) : null,
        stopReason: e.row.stop_reason ?? undefined,
        wallTimeSec: e.row.wall_ms === null ? undefined : e.row.wall_ms / 1000,
        steps: e.steps.map((s) => ({ ...s, publicScore: s.publicScore ?? undefined, privateScore: s.privateScore ?? undefined })),
      };
    }),
    paired: combined
      ? pairedComparisons(combined.tasks, { resamples: options.resamples ?? 1000, seed: options.seed ?? 0 }).map((p) => ({
          set: combined.name,
          a: p.a,
          b: p.b,
          n: p.tasks,
          meanDiff: p.meanDiff,
          lo: p.interval.lo,
          hi: p.interval.hi,
          p: p.pValue,
          pHolm: p.pHolm,
        }))
      : [],
  };
}
