import type { Task } from '../task/loader.js';
import { loadAnswers, type Answers } from './answers.js';
import { MetricError, type MetricDefinition, type MetricInput } from './metrics/types.js';
import { openSubmission, parseSubmission, type AlignedSubmission } from './read-submission.js';
import { boundedError, type SubmissionError } from './submission-errors.js';
import { submissionFormat, type SubmissionFormat } from './submission-format.js';

/** Gathers the rows of `subset` into a metric input. */
function metricInput(format: SubmissionFormat, answers: Answers, sub: AlignedSubmission, subset: Uint32Array): MetricInput {
  const m = subset.length;
  const pickInt = (a: Int32Array) => {
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) out[i] = a[subset[i]!]!;
    return out;
  };
  const pickFloat = (a: Float64Array) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = a[subset[i]!]!;
    return out;
  };
  switch (format.inputKind) {
    case 'labels':
      return { kind: 'labels', yTrue: pickInt(answers.classTruth!), yPred: pickInt(sub.columns[0] as Int32Array), classes: format.classes };
    case 'binary-scores':
      return { kind: 'binary-scores', yTrue: Uint8Array.from(pickInt(answers.classTruth!)), score: pickFloat(sub.columns[0] as Float64Array) };
    case 'class-probabilities': {
      const columns = sub.columns as Float64Array[];
      const k = columns.length;
      const proba = new Float64Array(m * k);
      // Row by row: the writes run in order through the matrix, the reads in k streams.
      for (let i = 0; i < m; i++) {
        const r = subset[i]!;
        for (let c = 0; c < k; c++) proba[i * k + c] = columns[c]![r]!;
      }
      return { kind: 'class-probabilities', yTrue: pickInt(answers.classTruth!), proba, classes: format.classes };
    }
    case 'values':
      return { kind: 'values', yTrue: pickFloat(answers.valueTruth!), yPred: pickFloat(sub.columns[0] as Float64Array) };
    case 'rankings': {
      const predicted = sub.columns[0] as string[][];
      return { kind: 'rankings', relevant: Array.from(subset, (r) => answers.rankingTruth![r]!), predicted: Array.from(subset, (r) => predicted[r]!) };
    }
    default:
      throw new Error('unreachable: a null input kind is graded by the custom metric');
  }
}

/** The row numbers of each leaderboard and of all rows, filled straight into typed arrays (no per-row boxing). */
function boardRows(isPublic: Uint8Array): GradableSubmission['rows'] {
  const n = isPublic.length;
  let publicCount = 0;
  for (let r = 0; r < n; r++) publicCount += isPublic[r]!;
  const pub = new Uint32Array(publicCount);
  const priv = new Uint32Array(n - publicCount);
  const all = new Uint32Array(n);
  for (let r = 0, p = 0, q = 0; r < n; r++) {
    all[r] = r;
    if (isPublic[r]) pub[p++] = r;
    else priv[q++] = r;
  }
  return { public: pub, private: priv, all };
}

/** A submission read against a task's answers: the rows of each leaderboard, and the aligned values or the errors. */
export interface GradableSubmission {
  format: SubmissionFormat;
  answers: Answers;
  rows: { public: Uint32Array; private: Uint32Array; all: Uint32Array };
  submission: AlignedSubmission | null;
  errors: SubmissionError[];
}

/** Reads answers.csv and the submission; throws only when the task itself is broken (answers missing or malformed). */
export async function readGradable(task: Task, submissionPath: string): Promise<GradableSubmission> {
  const { manifest, paths } = task;
  const format = submissionFormat(manifest);
  const [answers, opened] = await Promise.all([
    loadAnswers(paths.answers, format, manifest.targetColumns[0]!),
    openSubmission(submissionPath, manifest.split.rows.test, format.valueColumns.length + 1),
  ]);
  const read = await parseSubmission(opened, format, answers);
  return {
    format,
    answers,
    rows: boardRows(answers.isPublic),
    submission: read.submission,
    errors: read.submission ? [] : read.errors.list(),
  };
}

/** A catalog metric on some rows of a read submission; throws MetricError when it cannot be computed there. */
export function scoreRows(definition: MetricDefinition, params: Readonly<Record<string, unknown>>, read: GradableSubmission, rows: Uint32Array): number {
  return definition.compute(metricInput(read.format, read.answers, read.submission!, rows), params);
}

/** A catalog metric on the private rows, the public rows (null without any) and, when asked, all rows. */
export interface CatalogScores {
  valid: boolean;
  score: number | null;
  publicScore: number | null;
  allScore: number | null;
  rows: { public: number; private: number };
  errors: SubmissionError[];
}

/**
 * Scores a submission with a catalog metric on the private and public rows (and all test rows). A
 * submission that does not parse, or on which the metric cannot be computed, is invalid with
 * precise errors; only a broken task throws.
 */
export async function scoreWithCatalog(
  task: Task,
  submissionPath: string,
  definition: MetricDefinition,
  params: Readonly<Record<string, unknown>>,
  options: { allRows?: boolean } = {},
): Promise<CatalogScores> {
  const read = await readGradable(task, submissionPath);
  const base = { valid: false, score: null, publicScore: null, allScore: null, rows: { public: read.rows.public.length, private: read.rows.private.length } };
  if (!read.submission) return { ...base, errors: read.errors };
  try {
    return {
      ...base,
      valid: true,
      score: scoreRows(definition, params, read, read.rows.private),
      publicScore: read.rows.public.length > 0 ? scoreRows(definition, params, read, read.rows.public) : null,
      allScore: options.allRows ? scoreRows(definition, params, read, read.rows.all) : null,
      errors: [],
    };
  } catch (err) {
    if (!(err instanceof MetricError)) throw err;
    // The message may quote submitted values.
    return { ...base, errors: [boundedError({ code: 'metric_failed', message: `the metric ${definition.name} cannot be computed on this submission: ${err.message}` })] };
  }
}
