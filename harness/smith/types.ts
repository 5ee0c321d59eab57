import { z } from 'zod';
import { DatasetCard } from '../datasets/card.js';
import { TargetKind } from '../grading/metrics/types.js';
import { DerivedInput, TargetDerivation, type Recipe } from '../task/recipe.js';
import { Modality, Objective } from '../task/schema.js';
import { FrequencyUnit } from './series-frequency.js';

/** One column of a dataset table as the profiler sees it. */
export const ColumnStats = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'string', 'datetime', 'text', 'path']),
  /** Fraction of rows with a missing value. */
  missing: z.number(),
  distinct: z.number().int(),
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  std: z.number().optional(),
  skew: z.number().optional(),
  /** The 5%, 50% and 95% quantiles: the range most values lie in, unmoved by a few extremes. */
  q05: z.number().optional(),
  q50: z.number().optional(),
  q95: z.number().optional(),
  meanLength: z.number().optional(),
  top: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
  /** Median gap between consecutive distinct values (days for dates): a time column's frequency. */
  medianStep: z.number().positive().optional(),
  /** Mostly unique per row (names, codes, URLs, row numbers): never a target, never a feature. */
  idLike: z.boolean(),
  /** A repeated label's class-like columns that it fixes (each president has one party): those share the label's rows' answer. */
  determines: z.array(z.string()).optional(),
  constant: z.boolean(),
});
export type ColumnStats = z.infer<typeof ColumnStats>;

/**
 * Rows that come in consecutive runs of `size` inside which `columns` never change, while those
 * columns change at most run boundaries: how a panel stored unit after unit looks without a key
 * (Wages: sex, ed and blk constant over each person's 7 rows).
 */
export const RowBlocks = z.object({ size: z.number().int().min(2), columns: z.array(z.string()).min(1) });
export type RowBlocks = z.infer<typeof RowBlocks>;

export const DatasetProfile = z.object({
  dataset: z.string(),
  /** The raw dataset folder prepare.py reads. */
  dir: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.string(),
  license: z.string(),
  modality: Modality,
  domain: z.string(),
  table: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnStats),
  /** Run lengths that cut the rows into blocks inside which some columns never change (see RowBlocks). */
  rowBlocks: z.array(RowBlocks).default([]),
  knownTargets: z.array(z.string()),
  /** What the documentation says the dataset and each column are, as the Brainstormer reads it first. */
  card: DatasetCard,
  /** sha256 of each raw file, as task.json records it. */
  sha256: z.record(z.string(), z.string()),
  /** The digest of the data dataset.json lists (data-digest.ts), which pins every raw file. */
  dataDigest: z.string(),
});
export type DatasetProfile = z.infer<typeof DatasetProfile>;

/** How a task scores predictions: a catalog metric and the submission form it needs. */
export const MetricChoice = z.object({
  name: z.string(),
  /** labels: one class per row; probabilities: one column per class (or one for the positive class); values: numbers. */
  form: z.enum(['labels', 'probabilities', 'values']),
  positiveClass: z.string().optional(),
});
export type MetricChoice = z.infer<typeof MetricChoice>;

/** A Brainstormer's candidate task. Targets are existing columns or derived from one exactly (`derive`). */
export const Proposal = z.object({
  dataset: z.string(),
  /** The target's column name in the task. */
  target: z.string().min(1),
  /** The raw column the target is made from (the target itself unless derived). */
  source: z.string().min(1).optional(),
  derive: TargetDerivation.default({ kind: 'copy' }),
  /** What kind of quantity the target is, which decides the metrics that fit. */
  kind: TargetKind.optional(),
  /** Where the target comes from: the card's documented target, a column it calls an outcome, a template over those, a documented series, the quantity the title names or what the units chose or had decided (the card documenting no target), or inferred (no card). */
  basis: z.enum(['documented', 'outcome', 'derived', 'series', 'title', 'choice', 'inferred']).default('inferred'),
  /** The documentation's own words for the target (a model formula). */
  evidence: z.string().optional(),
  objective: Objective,
  modality: Modality,
  metric: MetricChoice,
  /** Why this metric fits this target, in a sentence the description quotes. */
  metricWhy: z.string().optional(),
  /** How the data is used: random, stratified by class, by group (unseen groups in test), by runs of `blockSize` rows that are one unit each, or temporal on a time column. */
  split: z.object({
    kind: z.enum(['random', 'stratified', 'group', 'blocks', 'temporal']),
    timeColumn: z.string().optional(),
    groupColumn: z.string().optional(),
    blockSize: z.number().int().min(2).optional(),
  }),
  /**
   * A forecast's lags of the target (each at least the horizon) and the series key of a panel;
   * the horizon (the test period, in time steps: the forecast reaches that far past training; the
   * shortest lag when absent), the unit of a time step and the main seasonal period.
   */
  lags: z
    .object({
      lags: z.array(z.number().int().positive()).min(1),
      seriesColumn: z.string().optional(),
      horizon: z.number().int().positive().optional(),
      unit: FrequencyUnit.optional(),
      season: z.number().int().min(2).optional(),
    })
    .optional(),
  /** Columns proposed as inputs; the Designer removes unsafe ones. Empty = every usable column. */
  features: z.array(z.string()).default([]),
  title: z.string().min(3),
  justification: z.string().min(10),
});
export type Proposal = z.infer<typeof Proposal>;

/** The Designer's decisions, from which prepare.py and description.md are written. */
export const Design = z.object({
  proposal: Proposal,
  features: z.array(z.string()).min(1),
  /** Inputs the preparer computes from raw columns that are not published (age at entry), each with its meaning. */
  derivedInputs: z.array(DerivedInput.extend({ meaning: z.string().min(1) })).default([]),
  dropped: z.array(z.object({ column: z.string(), reason: z.string() })),
  /** Classes kept, in order; rows of rarer classes are removed. */
  classes: z.array(z.string()).optional(),
  minClassRows: z.number().int().positive(),
  /** Rows kept at most (seeded sample before the split), so every task stays cheap to run. */
  maxRows: z.number().int().positive(),
  /** Whether rows repeating every value are copies, kept once (the recipe's `dropRepeats`). */
  dropRepeats: z.boolean().default(true),
  testFraction: z.number().gt(0).lt(1),
  publicFraction: z.number().gt(0).lt(1),
  seed: z.number().int(),
});
export type Design = z.infer<typeof Design>;

/** A Designer's output before the Refactor normalizes it: files and manifest fields. */
export interface Draft {
  id: string;
  design: Design;
  /** How the data is made: a recipe run by the one preparer (heuristic designs), or a prepare.py (LLM designs). */
  recipe?: Recipe;
  prepareScript?: string;
  description: string;
  /** Who played each role so far: `heuristic` or a model id, with prompt hashes. */
  roles: Record<string, { by: string; promptSha256?: string }>;
}

/** Which role a failed check goes back to. */
export type Role = 'brainstormer' | 'designer' | 'refactor';

export interface CheckRecord {
  id: string;
  stage: 'assertions' | 'reviews' | 'execution';
  ok: boolean;
  message: string;
  fixBy?: Role;
  details?: Record<string, unknown>;
}
