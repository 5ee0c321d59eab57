import path from 'node:path';
import type { Task } from '../task/loader.js';
import { REPO_ROOT } from '../util/paths.js';
import { runPython } from '../util/python.js';

/**
 * Leakage assertions on a prepared task's data (DESIGN.md, The Smith pipeline → Verification →
 * Assertions): no target or target proxy among the public features, no id or row order that sorts
 * with the target, no file path that names the label, no test row repeated from train.
 *
 * The statistics run in Python (harness/verification/python/leakage.py) on the host: they read the
 * already prepared CSVs (and, for path columns, hash the files they name); nothing from the task is
 * executed. Each check is its own outcome, so the feedback loop can send each failure, with a message
 * naming the file, column and evidence, to the role that can fix it.
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
}

export const LEAKAGE_CHECKS = [
  'target-absent-from-test',
  'target-copy',
  'target-recoding',
  'single-feature-predictor',
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
  'target-copy': 'designer',
  'target-recoding': 'designer',
  'single-feature-predictor': 'designer',
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
 */
export const LEAKAGE_DEFAULTS: LeakageOptions = {
  copyMinAgreement: 0.995,
  recodingMinConsistency: 0.995,
  monotoneMinAbsSpearman: 0.999,
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
  overlap: 'natural',
  overlapMaxP: 1e-3,
  overlapMaxRatio: 1.25,
  seed: 0,
};

const SCRIPT = path.join(REPO_ROOT, 'harness', 'verification', 'python', 'leakage.py');

interface PythonCheck {
  id: LeakageCheckId;
  ok: boolean;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Runs every leakage check on the task's prepared data. Data problems (missing or unreadable files)
 * come back as failed outcomes; only a broken harness (no Python, a crash of the script) throws.
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
  const result = await runPython([SCRIPT], { input: JSON.stringify(request), env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  if (result.code !== 0) throw new Error(`${SCRIPT} failed (exit ${result.code}) on ${paths.dir}: ${result.stderr.trim()}`);
  let parsed: { checks: PythonCheck[] };
  try {
    parsed = JSON.parse(result.stdout) as { checks: PythonCheck[] };
  } catch {
    throw new Error(`${SCRIPT} printed no JSON for ${paths.dir}: ${result.stdout.slice(0, 300)} ${result.stderr.trim()}`);
  }
  return parsed.checks.map((c) => ({
    id: c.id,
    stage: 'assertions' as const,
    ok: c.ok,
    message: c.message,
    ...(c.details && Object.keys(c.details).length > 0 ? { details: c.details } : {}),
    fixBy: FIX_BY[c.id] ?? 'designer',
  }));
}
