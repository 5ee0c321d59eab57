import { z } from 'zod';
import { AgentProfile, PaperComparison, SuiteAgreement } from './model-agreement.js';

/**
 * Everything the report shows, as plain data. The statistics layer (harness/stats) fills it;
 * the renderer reads nothing else, so a report can be rebuilt from this JSON alone and the
 * renderer can be tested on fixtures. Parts that a run may not have (a human set, ratings,
 * step logs) are optional or empty, and the report says so instead of failing.
 */

/** A point estimate with its (95%) interval. */
export const Estimate = z.object({ value: z.number(), lo: z.number(), hi: z.number() });
export type Estimate = z.infer<typeof Estimate>;

/** A correlation coefficient; p and the bootstrap interval are absent when n is too small. */
export const Coefficient = z.object({
  value: z.number(),
  p: z.number().optional(),
  lo: z.number().optional(),
  hi: z.number().optional(),
});
export type Coefficient = z.infer<typeof Coefficient>;

export const RunRef = z.object({ id: z.string().min(1), dir: z.string() });

export const SuiteRef = z.object({
  name: z.string().min(1),
  origin: z.enum(['human', 'smith', 'import']),
  taskCount: z.number().int().nonnegative(),
});
export type SuiteRef = z.infer<typeof SuiteRef>;

export const LeaderboardRow = z.object({
  agent: z.string().min(1),
  episodes: z.number().int().nonnegative(),
  /** Mean anchor-normalized score over tasks (0 = trivial baseline, 1 = reference baseline). */
  normalized: Estimate,
  /** Bradley–Terry rating on the Elo scale; absent when there is a single agent. */
  elo: Estimate.optional(),
  /** Share of episodes that ended with a valid submission, 0..1. */
  validRate: z.number().min(0).max(1),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  costUsd: z.number().nonnegative(),
  wallTimeSec: z.number().nonnegative(),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

/** wins[i][j] = tasks on which agents[i] beats agents[j] (mean over seeds); ties[i][j] is symmetric. */
export const WinLoss = z.object({
  agents: z.array(z.string().min(1)),
  wins: z.array(z.array(z.number().nonnegative())),
  ties: z.array(z.array(z.number().nonnegative())),
});
export type WinLoss = z.infer<typeof WinLoss>;

export const SetScore = z.object({
  agent: z.string().min(1),
  /** 1 per win + 0.5 per tie, summed over opponents. */
  aggregate: z.number(),
  normalizedMean: z.number().optional(),
  elo: Estimate.optional(),
});

/** Results on one task set: `generated`, `human`, `combined`, or a suite name. */
export const SetResult = z.object({
  name: z.string().min(1),
  taskCount: z.number().int().nonnegative(),
  winLoss: WinLoss,
  scores: z.array(SetScore),
});
export type SetResult = z.infer<typeof SetResult>;

/** Per-model values on two sets (or one set against a published reference) and their agreement. */
export const Correlation = z.object({
  /** What the x and y values are, e.g. `generated` and `human`, or `MLE-bench (published)`. */
  x: z.string().min(1),
  y: z.string().min(1),
  /** The per-model quantity compared, e.g. `normalized score` or `Elo`. */
  measure: z.string().min(1),
  points: z.array(z.object({ agent: z.string().min(1), x: z.number(), y: z.number() })),
  pearson: Coefficient,
  spearman: Coefficient,
  kendall: Coefficient,
  /** What the intervals resample: the tasks of each set (ratings refitted) or the models. */
  bootstrap: z.enum(['tasks', 'models']).default('models'),
});
export type Correlation = z.infer<typeof Correlation>;

/** Best-so-far normalized score against step, averaged over the tasks of one category. */
export const Curve = z.object({
  /** The category's kind (`modality`, `objective`) and value (`tabular`, `binary`). */
  kind: z.string().min(1),
  value: z.string().min(1),
  nTasks: z.number().int().nonnegative(),
  /** lo and hi: the task-bootstrap band of the mean. */
  points: z.array(z.object({ agent: z.string().min(1), step: z.number().int().nonnegative(), mean: z.number(), lo: z.number().optional(), hi: z.number().optional() })),
});
export type Curve = z.infer<typeof Curve>;

export const COMPOSITION_DIMENSIONS = ['modality', 'objective', 'domain', 'metric'] as const;
export const CompositionRow = z.object({
  suite: z.string().min(1),
  dimension: z.enum(COMPOSITION_DIMENSIONS),
  value: z.string().min(1),
  count: z.number().int().nonnegative(),
});
export type CompositionRow = z.infer<typeof CompositionRow>;

/**
 * saturated: every agent reaches the reference; unsolved: no agent beats the trivial anchor;
 * non-discriminating: the agents' scores do not separate them. Such tasks carry little signal.
 */
export const TASK_FLAGS = ['saturated', 'unsolved', 'non-discriminating'] as const;
export type TaskFlag = (typeof TASK_FLAGS)[number];

export const TaskRow = z.object({
  suite: z.string().min(1),
  task: z.string().min(1),
  title: z.string().optional(),
  modality: z.string(),
  objective: z.string(),
  metric: z.string(),
  higherIsBetter: z.boolean().optional(),
  anchors: z.object({
    trivial: z.number().nullable().optional(),
    reference: z.number().nullable().optional(),
    optimum: z.number().nullable().optional(),
  }),
  /** Mean over seeds per agent; null = no valid submission. */
  results: z.array(z.object({ agent: z.string().min(1), score: z.number().nullable(), normalized: z.number().nullable() })),
  /** How well the task separates the agents (e.g. spread of normalized scores); higher separates more. */
  discrimination: z.number().optional(),
  flags: z.array(z.enum(TASK_FLAGS)).default([]),
});
export type TaskRow = z.infer<typeof TaskRow>;

/**
 * Longest error, code or output a step keeps in the model: longer text is clipped (head and tail)
 * when runs are read, its full length kept beside it, so a report's memory grows with the number
 * of steps, not with what agents print. The drill-down shows less than this.
 */
export const STEP_TEXT_CHARS = 8_000;

export const EpisodeStep = z.object({
  step: z.number().int().nonnegative(),
  action: z.string().min(1),
  ok: z.boolean(),
  error: z.string().optional(),
  publicScore: z.number().optional(),
  /** The hidden private-leaderboard score of this step's submission, when it wrote one. */
  privateScore: z.number().optional(),
  code: z.string().optional(),
  output: z.string().optional(),
  /** Full lengths of error, code and output when they were clipped to STEP_TEXT_CHARS on reading. */
  errorChars: z.number().int().nonnegative().optional(),
  codeChars: z.number().int().nonnegative().optional(),
  outputChars: z.number().int().nonnegative().optional(),
});
export type EpisodeStep = z.infer<typeof EpisodeStep>;

export const Episode = z.object({
  id: z.string().min(1),
  suite: z.string().optional(),
  task: z.string().min(1),
  agent: z.string().min(1),
  seed: z.number().int(),
  status: z.string().min(1),
  score: z.number().nullable(),
  normalized: z.number().nullable(),
  stopReason: z.string().optional(),
  wallTimeSec: z.number().nonnegative().optional(),
  steps: z.array(EpisodeStep).default([]),
});
export type Episode = z.infer<typeof Episode>;

/** Mean difference a − b of normalized scores on shared tasks; p adjusted by Holm within the family. */
export const PairedComparison = z.object({
  set: z.string().optional(),
  a: z.string().min(1),
  b: z.string().min(1),
  n: z.number().int().nonnegative().optional(),
  meanDiff: z.number(),
  lo: z.number(),
  hi: z.number(),
  p: z.number().min(0).max(1),
  pHolm: z.number().min(0).max(1),
});
export type PairedComparison = z.infer<typeof PairedComparison>;

export const ReportModel = z
  .object({
    title: z.string().min(1),
    /** ISO timestamp. */
    generatedAt: z.string().min(1),
    /** True when nothing called a real model (baseline agents, heuristic Smith roles). */
    offline: z.boolean(),
    /** Shown beside the title, e.g. `baseline agents`, `heuristic roles — offline default`. */
    labels: z.array(z.string()).default([]),
    runs: z.array(RunRef).default([]),
    suites: z.array(SuiteRef).default([]),
    leaderboard: z.array(LeaderboardRow),
    sets: z.array(SetResult).default([]),
    correlations: z.array(Correlation).default([]),
    /** Human vs generated ratings with task-bootstrap intervals; absent without both sets. */
    agreement: SuiteAgreement.optional(),
    paper: z.array(PaperComparison).default([]),
    profiles: z.array(AgentProfile).default([]),
    curves: z.array(Curve).default([]),
    composition: z.array(CompositionRow).default([]),
    tasks: z.array(TaskRow).default([]),
    episodes: z.array(Episode).default([]),
    paired: z.array(PairedComparison).default([]),
  })
  .superRefine((m, ctx) => {
    m.sets.forEach((s, i) => {
      const n = s.winLoss.agents.length;
      for (const key of ['wins', 'ties'] as const) {
        const matrix = s.winLoss[key];
        if (matrix.length !== n || matrix.some((row) => row.length !== n)) {
          ctx.addIssue({ code: 'custom', path: ['sets', i, 'winLoss', key], message: `must be ${n}×${n} (one row and column per agent)` });
        }
      }
    });
  });
/** A validated model (defaults filled in). */
export type ReportModel = z.infer<typeof ReportModel>;
/** What a producer may pass: optional lists can be left out. */
export type ReportModelInput = z.input<typeof ReportModel>;
