import type { Task } from '../task/loader.js';
import { loadAnswers, type Answers } from './answers.js';
import { runCustomMetric } from './custom-metric.js';
import { getMetric } from './metrics/catalog.js';
import { MetricError, type MetricInput } from './metrics/types.js';
import { gradeByPeer, peerGradingOf, type PeerGradeFields } from './peer/peer-grade.js';
import { openSubmission, parseSubmission, type AlignedSubmission } from './read-submission.js';
import { boundedError, type SubmissionError } from './submission-errors.js';
import { submissionFormat, type SubmissionFormat } from './submission-format.js';

/** The flat record of one graded submission (the shape `arena grade --json` prints); imported tasks add the peer's fields. */
export interface GradeReport extends Partial<PeerGradeFields> {
  task: string;
  submission: string;
  valid: boolean;
  /** The metric on the private-leaderboard rows: the score that counts. */
  score: number | null;
  /** The metric on the public-leaderboard rows: the only score an agent ever sees. */
  publicScore: number | null;
  metric: string;
  higherIsBetter: boolean;
  rows: { public: number; private: number };
  errors: SubmissionError[];
}

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
      const k = sub.columns.length;
      const proba = new Float64Array(m * k);
      for (let c = 0; c < k; c++) {
        const col = sub.columns[c] as Float64Array;
        for (let i = 0; i < m; i++) proba[i * k + c] = col[subset[i]!]!;
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

function leaderboardRows(answers: Answers): { pub: Uint32Array; priv: Uint32Array } {
  const pub: number[] = [];
  const priv: number[] = [];
  answers.isPublic.forEach((p, r) => (p ? pub : priv).push(r));
  return { pub: Uint32Array.from(pub), priv: Uint32Array.from(priv) };
}

/**
 * Validates and scores a submission against a prepared task. Bad submissions never throw: they
 * come back with `valid: false` and precise errors. A broken task (missing answers, bad manifest)
 * throws, because that is the task author's problem, not the agent's.
 */
export async function gradeSubmission(task: Task, submissionPath: string): Promise<GradeReport> {
  const { manifest, paths } = task;
  const metricName = manifest.metric.name;
  const peer = peerGradingOf(task);
  if (peer) return { task: manifest.id, submission: submissionPath, metric: metricName, higherIsBetter: manifest.metric.higherIsBetter, ...(await gradeByPeer(task, submissionPath, peer)) };
  const format = submissionFormat(manifest);
  const custom = metricName === 'custom';
  const definition = custom ? undefined : getMetric(metricName);
  if (!custom && !definition) throw new Error(`${paths.manifest}: field metric.name: unknown metric "${metricName}"`);
  if (definition && (!format.inputKind || !definition.accepts.includes(format.inputKind))) {
    throw new Error(`${paths.manifest}: metric "${metricName}" cannot score a submission of ${format.inputKind ?? 'mixed'} columns`);
  }
  const [answers, opened] = await Promise.all([
    loadAnswers(paths.answers, format, manifest.targetColumns[0]!),
    openSubmission(submissionPath, manifest.split.rows.test, format.valueColumns.length + 1),
  ]);
  const { pub, priv } = leaderboardRows(answers);
  const report: GradeReport = {
    task: manifest.id,
    submission: submissionPath,
    valid: false,
    score: null,
    publicScore: null,
    metric: metricName,
    higherIsBetter: manifest.metric.higherIsBetter,
    rows: { public: pub.length, private: priv.length },
    errors: [],
  };
  const read = await parseSubmission(opened, format, answers);
  if (!read.submission) return { ...report, errors: read.errors.list() };

  try {
    if (definition) {
      const params = manifest.metric.params;
      report.score = definition.compute(metricInput(format, answers, read.submission, priv), params);
      report.publicScore = pub.length > 0 ? definition.compute(metricInput(format, answers, read.submission, pub), params) : null;
    } else {
      const scores = await runCustomMetric(task, submissionPath);
      report.score = scores.private;
      report.publicScore = scores.public;
    }
  } catch (err) {
    if (!(err instanceof MetricError)) throw err;
    // The metric's message may quote submitted values (a custom metric's last stderr line).
    return { ...report, errors: [boundedError({ code: 'metric_failed', message: `the metric ${metricName} cannot be computed on this submission: ${err.message}` })] };
  }
  return { ...report, valid: true };
}
