import { z } from 'zod';
import { Recipe } from './recipe.js';

/** Task ids double as directory names and as keys in run stores, so they are kept path-safe. */
export const TaskId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'lowercase letters, digits and dashes, 2-80 characters, starting with a letter or digit');

export const Modality = z.enum(['tabular', 'text', 'image', 'time-series', 'audio']);
export type Modality = z.infer<typeof Modality>;

export const Objective = z.enum([
  'binary',
  'multiclass',
  'multilabel',
  'regression',
  'ordinal',
  'ranking',
  'forecasting',
]);
export type Objective = z.infer<typeof Objective>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

export const DatasetRef = z.object({
  /** Name in the dataset registry (`arena datasets list`), or a path to a user dataset folder. */
  name: z.string().min(1),
  source: z.string().min(1),
  license: z.string().min(1),
  /** sha256 of each raw file the prepare script reads, keyed by path relative to the raw dataset dir. */
  sha256: z.record(z.string(), Sha256),
});

export const MetricSpec = z.object({
  /** A name from the metric catalog, or `custom` for the task's own metric.py. */
  name: z.string().min(1),
  higherIsBetter: z.boolean(),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type MetricSpec = z.infer<typeof MetricSpec>;

/**
 * How a submission column is read:
 * label: one of `classes`; probability: a number in [0, 1]; number: any finite number;
 * ranking: space-separated item ids, best first; id: the row identifier.
 */
export const ColumnType = z.enum(['id', 'label', 'probability', 'number', 'ranking']);
export type ColumnType = z.infer<typeof ColumnType>;

export const SubmissionColumn = z.object({ name: z.string().min(1), type: ColumnType });

export const Split = z.object({
  seed: z.number().int(),
  rows: z.object({ train: z.number().int().nonnegative(), test: z.number().int().positive() }),
  publicLeaderboardFraction: z.number().gt(0).lt(1),
});

export const Anchors = z.object({
  trivial: z.number().nullable().default(null),
  reference: z.number().nullable().default(null),
  optimum: z.number().nullable().default(null),
});

export const Limits = z.object({
  maxSteps: z.number().int().positive().default(10),
  stepTimeoutSec: z.number().positive().default(300),
  totalTimeSec: z.number().positive().default(1800),
  memoryMb: z.number().int().positive().default(4096),
  cpus: z.number().positive().default(2),
  /** Size of the episode's writable workspace. */
  diskMb: z.number().int().positive().default(2048),
});

export const RoleProvenance = z.object({
  /** `human`, `heuristic`, or the model id that played the role. */
  by: z.string().min(1),
  promptSha256: Sha256.optional(),
});

export const Provenance = z.object({
  createdAt: z.string().min(1),
  roles: z.record(z.string(), RoleProvenance).default({}),
  importedFrom: z.string().optional(),
});

export const TaskManifest = z
  .object({
    id: TaskId,
    title: z.string().min(3),
    dataset: DatasetRef,
    modality: Modality,
    objective: Objective,
    domain: z.string().min(1),
    metric: MetricSpec,
    idColumn: z.string().min(1),
    targetColumns: z.array(z.string().min(1)).min(1),
    /** Known classes, in a fixed order, for classification objectives. */
    classes: z.array(z.string()).optional(),
    submission: z.object({ columns: z.array(SubmissionColumn).min(2) }),
    split: Split,
    anchors: Anchors.default({ trivial: null, reference: null, optimum: null }),
    limits: Limits.default({ maxSteps: 10, stepTimeoutSec: 300, totalTimeSec: 1800, memoryMb: 4096, cpus: 2, diskMb: 2048 }),
    provenance: Provenance,
    /** A generated tabular task's preparation as data, run by the one recipe preparer instead of a prepare.py. */
    recipe: Recipe.optional(),
  })
  .superRefine((m, ctx) => {
    const cols = m.submission.columns;
    if (cols[0]?.name !== m.idColumn || cols[0]?.type !== 'id') {
      ctx.addIssue({ code: 'custom', path: ['submission', 'columns', 0], message: `the first submission column must be the id column "${m.idColumn}" with type "id"` });
    }
    const names = new Set<string>();
    cols.forEach((c, i) => {
      if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: ['submission', 'columns', i, 'name'], message: `duplicate column "${c.name}"` });
      names.add(c.name);
    });
    const classification = ['binary', 'multiclass', 'multilabel', 'ordinal'].includes(m.objective);
    const needsClasses = cols.some((c) => c.type === 'label');
    if ((classification || needsClasses) && (!m.classes || m.classes.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: `objective "${m.objective}" needs at least two known classes` });
    }
  });
export type TaskManifest = z.infer<typeof TaskManifest>;

/** How a generated suite came about: what was proposed, what each stage let through, why the rest was rejected. */
export const SuiteGeneration = z.object({
  roles: z.string(),
  datasets: z.object({ requested: z.number().int(), contributing: z.number().int(), withoutTask: z.number().int(), failed: z.number().int() }),
  proposed: z.number().int(),
  collapsed: z.number().int(),
  designed: z.number().int(),
  passed: z.record(z.string(), z.number().int()),
  verified: z.number().int(),
  rejected: z.number().int(),
  rejections: z.array(z.object({ check: z.string(), count: z.number().int(), example: z.string() })),
  composition: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type SuiteGeneration = z.infer<typeof SuiteGeneration>;

export const SuiteManifest = z.object({
  name: TaskId,
  version: z.string().min(1),
  origin: z.enum(['smith', 'human', 'import']),
  description: z.string().default(''),
  tasks: z.array(TaskId).min(1),
  /** A generated suite's generation summary (`arena generate`). */
  generation: SuiteGeneration.optional(),
});
export type SuiteManifest = z.infer<typeof SuiteManifest>;

/** The leaderboard column every answers.csv carries. */
export const LEADERBOARD_COLUMN = 'leaderboard';
