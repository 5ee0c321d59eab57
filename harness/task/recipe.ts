import { z } from 'zod';

/**
 * A generated tabular task's preparation declared as data (task.json `recipe`): which rows and
 * columns of which raw table, how the target is derived, how the rows are split. One preparer
 * (`harness/task/python/recipe_prepare/`) executes every recipe, so a task is its manifest and
 * nothing else; hand-written, imported and LLM-written tasks keep their own prepare.py.
 */

/** How the target column is made from a raw column. */
export const TargetDerivation = z.discriminatedUnion('kind', [
  /** The raw column as it is. */
  z.object({ kind: z.literal('copy') }),
  /** A documented outcome turned into a yes/no question (`affairs > 0`, a delay over 15 minutes). */
  z.object({
    kind: z.literal('threshold'),
    op: z.enum(['>', '>=', '<', '<=']),
    value: z.number(),
    /** Labels written for [condition false, condition true]. */
    labels: z.tuple([z.string().min(1), z.string().min(1)]),
  }),
  /** A documented binomial outcome given as two counts, turned into its share `successes / (successes + failures)`. */
  z.object({ kind: z.literal('share'), failures: z.string().min(1) }),
  /**
   * A censored survival time (the source) with its status column, turned into "the event happened
   * within `horizon`": yes when status is `event` and time ≤ horizon, no when time > horizon; rows
   * censored before the horizon are unknown and left out.
   *
   * Follow-up stored as two dates or two ages (entry, exit) has no time column: with `entry`, the
   * time is source − entry (days between two dates, else the difference of the two numbers). Without
   * `event`, the status column is the date (or age) of the event itself: the event happened where
   * it has a value (Epi's steno2 `doDth`).
   */
  z.object({
    kind: z.literal('event_by'),
    status: z.string().min(1),
    event: z.string().min(1).optional(),
    horizon: z.number().positive(),
    labels: z.tuple([z.string().min(1), z.string().min(1)]),
    entry: z.string().min(1).optional(),
  }),
  /** A documented count per its documented exposure (deaths per 10,000 population): source / exposure × per; rows without a positive exposure are left out. */
  z.object({ kind: z.literal('rate'), exposure: z.string().min(1), per: z.number().positive() }),
  /** Two outcomes compared (a match's home and away scores): labels for source < other, equal, source > other. */
  z.object({ kind: z.literal('compare'), other: z.string().min(1), labels: z.tuple([z.string().min(1), z.string().min(1), z.string().min(1)]) }),
]);
export type TargetDerivation = z.infer<typeof TargetDerivation>;

/** The columns besides the source a derived target is made from: never inputs. */
export function derivedFrom(derive: TargetDerivation): string[] {
  if (derive.kind === 'share') return [derive.failures];
  if (derive.kind === 'event_by') return [derive.status, ...(derive.entry ? [derive.entry] : [])];
  if (derive.kind === 'compare') return [derive.other];
  if (derive.kind === 'rate') return [derive.exposure];
  return [];
}

export const RecipeSplit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('random') }),
  z.object({ kind: z.literal('stratified') }),
  /** Every row of one group (subject, household, speaker) on one side: the test groups are unseen. */
  z.object({ kind: z.literal('group'), column: z.string().min(1) }),
  /**
   * Each run of `size` consecutive raw rows is one unit (a panel stored person after person, with
   * no key column): whole runs on one side, the test units unseen.
   */
  z.object({ kind: z.literal('blocks'), size: z.number().int().min(2) }),
  /** The last rows in time are the test set: the past predicts the future. */
  z.object({ kind: z.literal('temporal'), column: z.string().min(1) }),
]);
export type RecipeSplit = z.infer<typeof RecipeSplit>;

/**
 * Lagged values of the target for a forecast. Every lag is at least the test horizon, so a test
 * row's lags lie in the training period: no test answer shows through another test row.
 */
export const RecipeLags = z.object({
  lags: z.array(z.number().int().positive()).min(1),
  /** A panel's series key (one series per firm, country...): lags are taken within it. */
  seriesColumn: z.string().min(1).optional(),
});
export type RecipeLags = z.infer<typeof RecipeLags>;

/**
 * An input the preparer computes from two raw instants (dates or ages), never published
 * themselves as such: (`to` − `from`) / `per`, from dates in days. Age at entry from a birth date
 * and an entry date that would reveal follow-up's length (thoro, brv, dmlate: the readings found
 * age at entry, the covariate every survival analysis of these cohorts uses, lost with the date).
 */
export const DerivedInput = z.object({
  name: z.string().min(1),
  kind: z.literal('span'),
  from: z.string().min(1),
  to: z.string().min(1),
  per: z.number().positive(),
});
export type DerivedInput = z.infer<typeof DerivedInput>;

export const Recipe = z
  .object({
    /** The preparer that executes the recipe, by name and major version. */
    preparer: z.literal('tabular-v1'),
    table: z.string().min(1),
    inputs: z.array(z.string().min(1)).min(1),
    /** Inputs the preparer computes, published after `inputs`. */
    derivedInputs: z.array(DerivedInput).default([]),
    /** Inputs naming files (images, texts) copied next to the tables. */
    fileColumns: z.array(z.string().min(1)).default([]),
    /** The raw column the target is made from, its name in the task, and how. */
    target: z.object({ source: z.string().min(1), name: z.string().min(1), derive: TargetDerivation }),
    /** Classes kept, in order (rows of other classes are removed); null for numeric targets. */
    classes: z.array(z.string()).nullable(),
    submission: z.enum(['labels', 'probabilities', 'values']),
    positiveClass: z.string().nullable(),
    split: RecipeSplit,
    lags: RecipeLags.nullable().default(null),
    /**
     * Rows repeating every raw value are kept once (true), or all kept (false) where every column is
     * coarse (codes, levels, small counts) and two alike rows are two units that answered alike.
     */
    dropRepeats: z.boolean().default(true),
    /** At most this many rows are used (a seeded sample, or the latest rows of a series). */
    maxRows: z.number().int().positive(),
    testFraction: z.number().gt(0).lt(1),
    publicFraction: z.number().gt(0).lt(1),
    seed: z.number().int().nonnegative(),
  })
  .superRefine((r, ctx) => {
    if (r.inputs.includes(r.target.name)) ctx.addIssue({ code: 'custom', path: ['inputs'], message: `the target "${r.target.name}" is also an input` });
    if (r.target.derive.kind !== 'copy' && r.inputs.includes(r.target.source)) {
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: `the target's source column "${r.target.source}" is also an input` });
    }
    for (const companion of derivedFrom(r.target.derive)) {
      if (r.inputs.includes(companion)) ctx.addIssue({ code: 'custom', path: ['inputs'], message: `the column "${companion}" the target is derived from is also an input` });
    }
    if (r.submission !== 'values' && (!r.classes || r.classes.length < 2)) ctx.addIssue({ code: 'custom', path: ['classes'], message: 'a classification recipe needs at least two classes' });
    if (r.positiveClass !== null && !r.classes?.includes(r.positiveClass)) ctx.addIssue({ code: 'custom', path: ['positiveClass'], message: `"${r.positiveClass}" is not one of the classes` });
    r.derivedInputs.forEach((d, i) => {
      if (r.inputs.includes(d.name) || d.name === r.target.name) ctx.addIssue({ code: 'custom', path: ['derivedInputs', i, 'name'], message: `"${d.name}" is already an input or the target` });
      if (d.from === r.target.source || d.to === r.target.source) ctx.addIssue({ code: 'custom', path: ['derivedInputs', i], message: `an input computed from the target's source "${r.target.source}" would restate it` });
    });
    for (const f of r.fileColumns) if (!r.inputs.includes(f)) ctx.addIssue({ code: 'custom', path: ['fileColumns'], message: `"${f}" is not an input` });
    if (r.lags && r.split.kind !== 'temporal') ctx.addIssue({ code: 'custom', path: ['lags'], message: 'lag features need a temporal split' });
    if (r.split.kind === 'group' && r.inputs.includes(r.split.column)) ctx.addIssue({ code: 'custom', path: ['split', 'column'], message: `the group key "${r.split.column}" is also an input: an unseen group's key says nothing` });
  });
export type Recipe = z.infer<typeof Recipe>;

/** A forecast's lag columns: the target's value `steps` time steps earlier, named `<target>_lag_<k>` as the preparer names them. */
export function lagColumns(recipe: Recipe): { column: string; steps: number }[] {
  return (recipe.lags?.lags ?? []).map((steps) => ({ column: `${recipe.target.name}_lag_${steps}`, steps }));
}

/** The input columns a recipe publishes: its inputs, then one column per lag. */
export function publishedInputs(recipe: Recipe): string[] {
  return [...recipe.inputs, ...recipe.derivedInputs.map((d) => d.name), ...lagColumns(recipe).map((l) => l.column)];
}
