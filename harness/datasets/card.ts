import { z } from 'zod';

/**
 * A dataset card: what a dataset is and what each column means, drawn from the source's own
 * documentation (an R help page, scikit-learn's DESCR, statsmodels' NOTE, vega-datasets' docs),
 * the way an LLM Brainstormer would read it before proposing tasks. Every fact says where it came
 * from: `documented` (extracted by code from the source's documentation), `override` (a
 * hand-written correction, with its reason), or `inferred` (from the data, when the
 * documentation is silent).
 */
export const FactOrigin = z.enum(['documented', 'override', 'inferred']);
export type FactOrigin = z.infer<typeof FactOrigin>;

/**
 * The part a column plays in the study:
 *  - identifier: names a row (or an entity) and carries no signal by design
 *  - grouping: a unit observed several times (subject, household, school, country, speaker)
 *  - time: the time index of a panel or a series
 *  - design: a variable the study set (treatment arm, dose, block, fold)
 *  - outcome: what the study measured as its response
 *  - input: everything else, a covariate or measurement
 */
export const ColumnRole = z.enum(['identifier', 'grouping', 'time', 'design', 'input', 'outcome']);
export type ColumnRole = z.infer<typeof ColumnRole>;

export const CardColumn = z.object({
  name: z.string().min(1),
  /** What the column measures, in the documentation's words where there are some. */
  meaning: z.string(),
  /** Unit of measurement (`USD per hour`, `years`, `mm`), when there is one. */
  unit: z.string().optional(),
  /** How a coded column reads (`1 = female, 0 = male`; the levels of a factor, in order when ordered). */
  coding: z.string().optional(),
  type: z.enum(['integer', 'number', 'boolean', 'string', 'datetime', 'text', 'path', 'factor', 'ordered']),
  role: ColumnRole,
  origin: FactOrigin,
  /** Why an override was needed; required when origin is `override`. */
  overrideReason: z.string().optional(),
});
export type CardColumn = z.infer<typeof CardColumn>;

/** An ordered factor's levels, lowest first, as the R card writes them (`ordered levels: a < b < c`); null otherwise. */
export function orderedLevels(column: CardColumn): string[] | null {
  const m = /^ordered levels: (.+)$/.exec(column.coding ?? '');
  return m ? m[1]!.split(' < ') : null;
}

/** The statistical model the documentation fits to a target. */
export const ModelFamily = z.enum([
  'linear',
  'logistic',
  'multinomial',
  'ordinal',
  'poisson',
  'negative-binomial',
  'zero-inflated',
  'survival',
  'mixed',
  'time-series',
  'classification',
  'regression',
  'other',
]);
export type ModelFamily = z.infer<typeof ModelFamily>;

export const DocumentedTarget = z.object({
  column: z.string().min(1),
  /** A transform the documentation models instead of the raw column (`log`, `log1p`, `sqrt`). */
  transform: z.string().optional(),
  modelFamily: ModelFamily,
  evidence: z.object({
    /**
     * Where the target is documented: an R example's model call (`r-example`), a \\format entry or a
     * sentence naming the response (`r-format`), the page's other prose (`r-prose`: "diagnosed as
     * malignant or benign"), a time to an event and its indicator in the \\format (`r-format-survival`),
     * and, only when nothing else names a target, the one column most of the examples' plots draw,
     * drawn across the levels of a factor at least once (`r-example-plot`), or test across groups
     * (`r-example-test`).
     */
    kind: z.enum(['r-example', 'r-format', 'r-prose', 'r-format-survival', 'r-example-plot', 'r-example-test', 'statsmodels-endog', 'sklearn-target', 'package-docs', 'override']),
    /** The documentation's own words: `lm(log(wage) ~ education + experience, data = CPS1985)`. */
    text: z.string().min(1),
  }),
  origin: FactOrigin,
  overrideReason: z.string().optional(),
});
export type DocumentedTarget = z.infer<typeof DocumentedTarget>;

export const DatasetCard = z
  .object({
    title: z.string().min(1),
    description: z.string(),
    /** Where the data and its documentation come from: package, object and help page. */
    source: z.object({
      package: z.string(),
      object: z.string().optional(),
      documentation: z.string().optional(),
    }),
    citation: z.string().optional(),
    license: z.string(),
    columns: z.array(CardColumn),
    targets: z.array(DocumentedTarget),
    /** Which card fields came from where (title, description, citation, license). */
    origins: z.record(z.string(), FactOrigin),
    /** Datasets holding the same rows under another name: no two suites may split a group. */
    twinGroup: z.string().optional(),
    /** Restrictions on use, e.g. an image set reserved for the human-designed reference suite. */
    usableBy: z.array(z.string()).optional(),
  })
  .superRefine((card, ctx) => {
    const names = new Set(card.columns.map((c) => c.name));
    card.targets.forEach((t, i) => {
      if (!names.has(t.column)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'column'], message: `documented target "${t.column}" is not a column of the card` });
      if (t.origin === 'override' && !t.overrideReason) ctx.addIssue({ code: 'custom', path: ['targets', i, 'overrideReason'], message: 'an override must say why' });
    });
    card.columns.forEach((c, i) => {
      if (c.origin === 'override' && !c.overrideReason) ctx.addIssue({ code: 'custom', path: ['columns', i, 'overrideReason'], message: 'an override must say why' });
    });
  });
export type DatasetCard = z.infer<typeof DatasetCard>;
