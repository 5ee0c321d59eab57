import path from 'node:path';
import { z } from 'zod';
import type { Task } from '../task/loader.js';
import type { Objective } from '../task/schema.js';
import { REPO_ROOT } from '../util/paths.js';
import { runPython } from '../util/python.js';

/**
 * Leakage assertions on a prepared task's data (DESIGN.md, The Smith pipeline → Verification →
 * Assertions): no target or target proxy among the public features, no id or row order that sorts
 * with the target, no file path that names the label, no test row repeated from train.
 *
 * The statistics run in Python (the package harness/verification/python/leakscreen) on the host: they read the
 * already prepared CSVs (and, for path columns, hash the files they name); nothing from the task is
 * executed. Each check is its own outcome, so the feedback loop can send each failure, with a message
 * naming the file, column and evidence, to the role that can fix it. A failed check whose fix is
 * removing input columns lists them in `drop`, so the generator can drop them and retry.
 */

/** Which pipeline role can fix a failed check. */
export type FixBy = 'designer' | 'brainstormer' | 'refactor';

/** The verdict of one deterministic check, as recorded in verification.json. */
export interface CheckOutcome {
  id: string;
  stage: 'assertions';
  ok: boolean;
  /** Names the file and column(s) and gives the evidence. */
  message: string;
  details?: Record<string, unknown>;
  /** which pipeline role can fix it */
  fixBy: FixBy;
  /** Input columns whose removal fixes the finding (leakage checks only; empty when the fix is not a drop). */
  drop?: string[];
}

export const LEAKAGE_CHECKS = [
  'target-absent-from-test',
  'forecast-history',
  'target-copy',
  'target-recoding',
  'name-contains-target',
  'one-hot-sibling',
  'target-identity',
  'target-part',
  'determining-pair',
  'target-support',
  'single-feature-predictor',
  'hard-target-gap',
  'id-order',
  'path-names-target',
  'train-test-overlap',
] as const;
export type LeakageCheckId = (typeof LEAKAGE_CHECKS)[number];

/**
 * The designer writes prepare.py, which picks the public features, the ids, the file names and the
 * split: every leak here is fixed there (drop or rename the column, shuffle ids, dedupe before
 * splitting). A near-perfect single feature is also the designer's: the target stays, the proxy goes.
 */
const FIX_BY: Record<LeakageCheckId, FixBy> = {
  'target-absent-from-test': 'designer',
  'forecast-history': 'designer',
  'target-copy': 'designer',
  'target-recoding': 'designer',
  'name-contains-target': 'designer',
  'one-hot-sibling': 'designer',
  'target-identity': 'designer',
  'target-part': 'designer',
  'determining-pair': 'designer',
  'target-support': 'designer',
  'single-feature-predictor': 'designer',
  'hard-target-gap': 'designer',
  'id-order': 'designer',
  'path-names-target': 'designer',
  'train-test-overlap': 'designer',
};

export interface LeakageOptions {
  /** target-copy: share of rows (target present) where feature and target are equal. */
  copyMinAgreement: number;
  /** target-recoding: both directions of the value mapping consistent on at least this share of rows. */
  recodingMinConsistency: number;
  /** target-recoding, numeric targets: |Spearman| at or above this is a strictly monotone function. */
  monotoneMinAbsSpearman: number;
  /** target-recoding, numeric targets: a feature of 3 to this many values can be a binned copy … */
  recodingBinsMaxLevels: number;
  /** … when its values cut the target into ordered ranges that overlap on at most this share of rows. */
  recodingBinsMaxExceptions: number;
  /** target-recoding, numeric targets: |Pearson| at or above this is an affine transform. */
  affineMinAbsPearson: number;
  /** single-feature-predictor, classification: cross-validated accuracy at or above this … */
  predictorMinAccuracy: number;
  /** … and removing at least this share of the majority-class baseline's error. */
  predictorMinErrorReduction: number;
  /** single-feature-predictor, regression: cross-validated R² at or above this. */
  predictorMinR2: number;
  /** Rows sampled (seeded) for the predictor and order statistics. */
  sampleRows: number;
  /** Features examined by the predictor at most (the most associated ones in-sample when there are more). */
  maxFeatures: number;
  /** Cross-validation folds. */
  folds: number;
  /** id-order: rank R² (ρ² for numeric/ordinal targets, Kruskal–Wallis ε² for classes) at or above this … */
  idOrderMaxRankR2: number;
  /** … with a p-value below this. */
  idOrderMaxP: number;
  /** id-order, classes: same-class-neighbour excess κ at or above this … */
  idOrderMaxAdjacency: number;
  /** … and at least this many standard deviations above its permutation null distribution. */
  idOrderMinZ: number;
  /** id-order: seeded permutations for that null distribution. */
  permutations: number;
  /** path-names-target: at least this many paths contain their own row's label … */
  pathMinRows: number;
  /** … and at least this many times as many as contain another class's label. */
  pathMinRatio: number;
  /** name-contains-target: the named input's |Spearman ρ| (numbers) or Cramér's V (categories) with the target at or above this. */
  nameMinAssociation: number;
  /** name-contains-target, a name adding only words on how the target was recorded (`mag_type`): this association instead … */
  nameDescriptorMinAssociation: number;
  /** … at a p-value (Spearman's test, or χ² of the table) at most this. */
  nameDescriptorMaxP: number;
  /** one-hot-sibling: a sibling dummy is 1 on at least this many rows. */
  oneHotMinRows: number;
  /** target-identity: R² of the fit (raw values, or logs for products and ratios) at or above this is an identity. */
  identityMinR2: number;
  /** target-identity: rows sampled (seeded) for the search; findings are re-measured on every row. */
  identityRows: number;
  /** target-identity, determining-pair: fewer rows than this with the target present, no search. */
  identityMinRows: number;
  /** target-identity, determining-pair: numeric inputs missing on more than this share of rows are left out. */
  identityMaxMissing: number;
  /** target-identity: triples are searched among this many inputs at most (those in the strongest pairs). */
  identityTripleColumns: number;
  /** target-identity, partial: a unit-exponent product or ratio holding on at least this share of the nonzero rows … */
  identityPartialShare: number;
  /** … each within this relative error of the target … */
  identityPartialTolerance: number;
  /** … with at least this many distinct target values among the rows where it holds. */
  identityPartialMinDistinct: number;
  /** target-identity, near: a product or ratio of two inputs with unit exponents (times a fitted constant) whose log fit reaches this R². */
  identityNearMinR2: number;
  /** target-identity, rate totals: the target divided by one of this many positive inputs (those closest to it in logs) is searched as a linear combination of the others. */
  identityExposures: number;
  /** target-identity, rounded totals: a linear combination of inputs within half a step (the file's resolution) of the target and of each term on at least this share of rows, … */
  identityRoundedShare: number;
  /** … the rounding (RMS of uniform rounding of the terms) at most this share of the target's standard deviation. */
  identityRoundedMaxStep: number;
  /** target-identity, rounded formulas: fits of one or two inputs (raw or in logs) reaching this R², … */
  identityFormulaMinR2: number;
  /** … the tightest this many of them, … */
  identityFormulaCandidates: number;
  /** … along which the target falls on at most this share of rows (the longest non-decreasing run misses them), … */
  identityFormulaMaxExceptions: number;
  /** … for a target with at least this many distinct values (fewer are classes, the pair screen's). */
  identityFormulaMinDistinct: number;
  /** target-part: the input is at most the target on at least this share of rows … */
  partMinOrder: number;
  /** … equals it on at least this share of the rows where either is nonzero … */
  partMinEqual: number;
  /** … and explains at least this much of it (R² of a line). */
  partMinR2: number;
  /** target-support: an input's nonzero, zero, present or missing rows, at least this many (and as many not marked) … */
  supportMinRows: number;
  /** … in one target state but for at most this share of them … */
  supportMaxError: number;
  /** … and at most this fraction of the other states' share of all rows … */
  supportMaxErrorRatio: number;
  /** … and at least this share of that state's rows; */
  supportMinCoverage: number;
  /** a numeric target has a zero state when between this share and its complement of its values are zero. */
  supportMinZeroShare: number;
  /** target-support, keys of one to three categorical inputs (at most pairMaxLevels values each): a cell counts on this many rows or more. */
  supportKeyMinCellRows: number;
  /** target-support, keys: their pure cells hold at least this share of their state's rows. */
  supportKeyMinCoverage: number;
  /** target-support, keys: searched among this many inputs at most (those most associated with the target). */
  supportKeyColumns: number;
  /** target-support, keys: the chance of so few errors on so many marked rows (binomial, Bonferroni over the keys) at most this. */
  supportKeyMaxP: number;
  /** determining-pair, numeric targets: pair R² at or above this … */
  pairMinR2: number;
  /** determining-pair, class targets: pair lookup removing at least this share of the majority-class error … */
  pairMinErrorReduction: number;
  /** … and at least this much above the best single input (R², or error reduction). */
  pairMinGain: number;
  /** determining-pair: group-wise fits within inputs of at most this many values … */
  pairMaxLevels: number;
  /** … each value on at least this many rows. */
  pairMinGroupRows: number;
  /** determining-pair: no pair search on fewer rows. */
  pairMinRows: number;
  /** determining-pair, class targets: numbers cut into this many quantile bins for the lookup tables. */
  pairBins: number;
  /** determining-pair, class targets: pairs among this many inputs at most (the strongest alone). */
  pairMaxColumns: number;
  /** hard-target-gap: the caller marks the target as one that should be hard to predict; off by default. */
  hardTarget: boolean;
  /** hard-target-gap: a model scoring at or above this (R², or error reduction for classes) … */
  hardTargetMaxScore: number;
  /** … and this far above the best single input raises the alarm. */
  hardTargetMaxGap: number;
  /** hard-target-gap: rows sampled for the model. */
  hardTargetRows: number;
  /**
   * train-test-overlap: `strict` fails on any test row whose feature vector equals a train row's;
   * `natural` (default) does too when train.csv has no duplicate rows of its own, and otherwise
   * fails only when the overlap significantly exceeds the within-train duplicate rate, which is
   * what a random split of a dataset with natural duplicates gives (see leakage.py).
   */
  overlap: 'strict' | 'natural';
  /** train-test-overlap, natural mode: binomial p-value below this … */
  overlapMaxP: number;
  /** … and an overlap rate above this multiple of the within-train duplicate rate. */
  overlapMaxRatio: number;
  seed: number;
}

/**
 * Defaults, and why:
 * - copy / recoding at 99.5%: a copy with a few corrupted cells is still a copy; a legitimate
 *   feature agreeing with a categorical target on 199 rows of 200 is, for the agent, one too.
 * - monotone |ρ| ≥ 0.999 / affine |r| ≥ 0.999: real measurements never correlate that tightly with
 *   a regression target; derived columns (price in other units, rank of the target) do.
 * - predictor accuracy ≥ 0.99 and ≥ 90% of the majority baseline's error removed, R² ≥ 0.99:
 *   "almost perfect" from one column, with the error-reduction clause keeping a 98%-majority
 *   target from flagging a feature that merely helps a little.
 * - id-order at rank R² ≥ 0.25 (|ρ| ≥ 0.5) with p < 0.001, or same-class neighbours κ ≥ 0.5 at
 *   z ≥ 4 against 200 random orders: shuffled ids give R² ≈ 1/n and κ ≈ 0; ids assigned in a
 *   class-sorted source order give R² near 1 (balanced classes) or κ near 1 (rare classes at the
 *   end, where R² stays small). The significance clauses keep small or very imbalanced tasks,
 *   where κ is noisy, from flagging on chance (z ≥ 4 is about 3 in 100,000).
 * - paths: 3 rows and 3:1 against other labels, so a digit in a file name that happens to equal
 *   a class does not count, while a label directory does.
 * - names: a name match plus |ρ| or V ≥ 0.7: the products named after star98's PERMINTE reach
 *   0.97 and more, a binned or rescaled target more still; a documented input that merely shares
 *   the name (robustbase's LNOxEm, the emissions that explain the concentration LNOx, ρ = 0.64)
 *   stays below, and so does a name match that says nothing about the target. A name adding only
 *   words on how the target was recorded (type, unit, source, status, error…) needs V or |ρ| ≥ 0.3
 *   at p ≤ 1e-6: the USGS earthquakes' mag_type (the magnitude scale, mb only from M 3.8) reaches
 *   0.40 on smith-v2's train.csv (0.44 on the whole week), a random 7-value column on as many
 *   rows about 0.12; LNOxEm adds a quantity, not a descriptor, and keeps the 0.7 bar. These two
 *   are the only name matches in smith-v2.
 * - identities at R² ≥ 0.9999: two or three measured inputs never explain a target to one part in
 *   ten thousand; a ratio or a sum of columns does, even after rounding to a few digits (star98's
 *   AVSALK = AVYRSEXP_AVSAL / AVYRSEXP holds to 5e-6). 2,000 sampled rows are plenty for an identity.
 *   A rate total (the target over one positive input, a linear combination of others) meets the
 *   same bar: mortDK's dt / risk from the 15 cause-specific rates reaches 1 − 5e-10. A rounded
 *   formula is a fit of one or two inputs at R² ≥ 0.9 along which the target falls on at most 1% of
 *   the rows: apisrs's growth target from api00 and growth (R² 0.997, rounded to whole points)
 *   never falls; a measured relation that strong crosses itself all along.
 *   A rounded total holds within half a step of the target and of each term (the file's
 *   resolution) on 95% of rows, its errors no larger than rounding makes them, the rounding under a
 *   tenth of the target's spread: apisrs's parents' education percents add to 100 ± 1 save on the
 *   3.5% of schools that report none.
 * - parts of a total: never crossing the target on 99.9% of rows, equal to it on 5% of the rows
 *   where either is nonzero, R² ≥ 0.5: movies' us_gross equals worldwide_gross for a quarter of
 *   the films; a day's minimum temperature never exceeds its maximum but is almost never equal.
 *   Only inputs below the target count: a total above it may be a design variable (trials of a
 *   binomial count).
 * - pairs at R² ≥ 0.9 (error reduction ≥ 0.98 for classes) and 0.25 above the best single input:
 *   travel-mode's invt from gc and invc reaches 0.91 pooled and 0.95 within modes against 0.51 for
 *   gc alone; strong ordinary pairs (house prices from rooms and status, R² ≈ 0.65) stay far below.
 * - target supports: at most 3.5% of the marked rows in another state. PSID1976's repwage marks the
 *   women who worked at 97.0%; human-v1's Seattle weather type, where a day with precipitation is
 *   a `rain` day at 95.8% (the label is read from the same observations, and the task is to tell
 *   the rest), stays clean. Keys of categorical inputs: the same bar on the cells of one to three of
 *   them (5 rows a cell), at p ≤ 1e-6 after Bonferroni: gss diaret's trt1, status.t and status.u mark
 *   90.6% of the eyes not blind by 37 months without an exception (p ≈ 3e-13); a rare state's small
 *   pure cells happen by chance, and that is what the binomial tail is for. A key covers 80% of
 *   its state or more: gss diaret's 90%, AER CreditCard's accepted application (`card`) 100% of
 *   the applicants who spend on the card (97.9% of the accepted do), while lme4 Arabidopsis's
 *   region × rack × nutrient cells where every plant fruits hold 52% of the fruiting plants: many
 *   cells pile up pure on a state most rows are in. Keys screen a numeric target's zero and
 *   nonzero states too.
 * - near identities: a product or ratio of two inputs with unit exponents at R² ≥ 0.99 in logs.
 *   ggplot2 txhousing's sales ≈ 0.84 × volume / median reaches 0.996 (the mean/median price gap:
 *   median relative error 5%, 95th percentile 15%); the closest honest smith-v2 regressions reach
 *   0.978 (plm Produc's gsp ≈ year × emp, employment alone since log year barely varies) and
 *   0.960 (Electricity1970's cost ≈ output × fuel price), the next 0.89 (diamonds' carat × x).
 * - hard targets: a forest at ≥ 0.8 and 0.3 above the best single input. Off unless the caller
 *   says the target should be hard, since many good tasks are ones a model learns well.
 */
export const LEAKAGE_DEFAULTS: LeakageOptions = {
  copyMinAgreement: 0.995,
  recodingMinConsistency: 0.995,
  monotoneMinAbsSpearman: 0.999,
  recodingBinsMaxLevels: 50,
  recodingBinsMaxExceptions: 0.01,
  affineMinAbsPearson: 0.999,
  predictorMinAccuracy: 0.99,
  predictorMinErrorReduction: 0.9,
  predictorMinR2: 0.99,
  sampleRows: 20_000,
  maxFeatures: 100,
  folds: 3,
  idOrderMaxRankR2: 0.25,
  idOrderMaxP: 1e-3,
  idOrderMaxAdjacency: 0.5,
  idOrderMinZ: 4,
  permutations: 200,
  pathMinRows: 3,
  pathMinRatio: 3,
  nameMinAssociation: 0.7,
  nameDescriptorMinAssociation: 0.3,
  nameDescriptorMaxP: 1e-6,
  oneHotMinRows: 3,
  identityMinR2: 0.9999,
  identityRows: 2_000,
  identityMinRows: 30,
  identityMaxMissing: 0.05,
  identityTripleColumns: 30,
  identityPartialShare: 0.6,
  identityPartialTolerance: 0.005,
  identityPartialMinDistinct: 20,
  identityNearMinR2: 0.99,
  identityExposures: 10,
  identityRoundedShare: 0.95,
  identityRoundedMaxStep: 0.1,
  identityFormulaMinR2: 0.9,
  identityFormulaCandidates: 20,
  identityFormulaMaxExceptions: 0.01,
  identityFormulaMinDistinct: 10,
  partMinOrder: 0.999,
  partMinEqual: 0.05,
  partMinR2: 0.5,
  supportMinRows: 30,
  supportMaxError: 0.035,
  supportMaxErrorRatio: 0.1,
  supportMinCoverage: 0.5,
  supportMinZeroShare: 0.05,
  supportKeyMinCellRows: 5,
  supportKeyMinCoverage: 0.8,
  supportKeyColumns: 12,
  supportKeyMaxP: 1e-6,
  pairMinR2: 0.9,
  pairMinErrorReduction: 0.98,
  pairMinGain: 0.25,
  pairMaxLevels: 8,
  pairMinGroupRows: 20,
  pairMinRows: 100,
  pairBins: 20,
  pairMaxColumns: 30,
  hardTarget: false,
  hardTargetMaxScore: 0.8,
  hardTargetMaxGap: 0.3,
  hardTargetRows: 3_000,
  overlap: 'natural',
  overlapMaxP: 1e-3,
  overlapMaxRatio: 1.25,
  seed: 0,
};

/** The Python package, run as `python3 -m leakscreen` from its parent directory. */
const PACKAGE_DIR = path.join(REPO_ROOT, 'harness', 'verification', 'python');

/** What leakscreen prints: one entry per check, in LEAKAGE_CHECKS order. */
const ScreenOutput = z.object({
  checks: z.array(
    z.object({
      id: z.enum(LEAKAGE_CHECKS),
      ok: z.boolean(),
      message: z.string().min(1),
      drop: z.array(z.string()),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** Runs leakscreen with `args` on `request`; only a broken harness (no Python, a crash, output that does not parse) throws. */
async function runScreens(args: string[], request: unknown, about: string): Promise<CheckOutcome[]> {
  const where = `leakscreen (${PACKAGE_DIR}) on ${about}`;
  const result = await runPython(['-m', 'leakscreen', ...args], { cwd: PACKAGE_DIR, input: JSON.stringify(request), env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  if (result.code !== 0) throw new Error(`${where} failed (exit ${result.code}): ${result.stderr.trim()}`);
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new Error(`${where} printed no JSON: ${result.stdout.slice(0, 300)} ${result.stderr.trim()}`);
  }
  const parsed = ScreenOutput.safeParse(json);
  if (!parsed.success) throw new Error(`${where} printed unexpected output: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.checks.map((c) => ({
    id: c.id,
    stage: 'assertions' as const,
    ok: c.ok,
    message: c.message,
    ...(Object.keys(c.details).length > 0 ? { details: c.details } : {}),
    fixBy: FIX_BY[c.id],
    drop: c.drop,
  }));
}

/**
 * Runs every leakage check on the task's prepared data. Data problems (missing or unreadable files)
 * come back as failed outcomes; only a broken harness throws.
 */
export async function checkLeakage(task: Task, options: Partial<LeakageOptions> = {}): Promise<CheckOutcome[]> {
  const { manifest, paths } = task;
  const request = {
    train: paths.train,
    test: paths.test,
    answers: paths.answers,
    publicDir: paths.publicDir,
    idColumn: manifest.idColumn,
    targetColumns: manifest.targetColumns,
    objective: manifest.objective,
    modality: manifest.modality,
    classes: manifest.classes ?? null,
    options: { ...LEAKAGE_DEFAULTS, ...options },
  };
  return runScreens([], request, paths.dir);
}

/** What screenTable screens for: one target of a raw table, and the candidate inputs (default: every other column). */
export interface TableTarget {
  column: string;
  objective: Objective;
  classes?: string[];
  inputs?: string[];
}

/**
 * The column screens (copy, recoding, names, one-hot siblings, identities, parts, determining pairs,
 * target supports, single-feature predictors, the hard-target alarm) on one raw CSV table, before any task exists:
 * which inputs to drop for this target, and why. The table stands in for train.csv (a seeded sample
 * of sampleRows rows); split, id and file checks do not apply and are not run. A missing column throws.
 */
export async function screenTable(table: string, target: TableTarget, options: Partial<LeakageOptions> = {}): Promise<CheckOutcome[]> {
  const request = {
    table,
    targetColumns: [target.column],
    objective: target.objective,
    classes: target.classes ?? null,
    inputs: target.inputs ?? null,
    options: { ...LEAKAGE_DEFAULTS, ...options },
  };
  return runScreens(['--table'], request, table);
}
