import type { Task } from '../task/loader.js';
import { readGradable, scoreWithCatalog } from './catalog-scores.js';
import { runCustomMetric } from './custom-metric.js';
import { getMetric } from './metrics/catalog.js';
import { MetricError } from './metrics/types.js';
import { gradeByPeer, peerGradingOf, type PeerGradeFields } from './peer/peer-grade.js';
import { boundedError, type SubmissionError } from './submission-errors.js';
import { submissionFormat } from './submission-format.js';

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

/**
 * Validates and scores a submission against a prepared task. Bad submissions never throw: they
 * come back with `valid: false` and precise errors. A broken task (missing answers, bad manifest)
 * throws, because that is the task author's problem, not the agent's.
 */
export async function gradeSubmission(task: Task, submissionPath: string): Promise<GradeReport> {
  const { manifest, paths } = task;
  const metricName = manifest.metric.name;
  const head = { task: manifest.id, submission: submissionPath, metric: metricName, higherIsBetter: manifest.metric.higherIsBetter };
  const peer = peerGradingOf(task);
  if (peer) return { ...head, ...(await gradeByPeer(task, submissionPath, peer)) };
  const format = submissionFormat(manifest);
  if (metricName !== 'custom') {
    const definition = getMetric(metricName);
    if (!definition) throw new Error(`${paths.manifest}: field metric.name: unknown metric "${metricName}"`);
    if (!format.inputKind || !definition.accepts.includes(format.inputKind)) {
      throw new Error(`${paths.manifest}: metric "${metricName}" cannot score a submission of ${format.inputKind ?? 'mixed'} columns`);
    }
    const { valid, score, publicScore, rows, errors } = await scoreWithCatalog(task, submissionPath, definition, manifest.metric.params);
    return { ...head, valid, score, publicScore, rows, errors };
  }
  const read = await readGradable(task, submissionPath);
  const report: GradeReport = { ...head, valid: false, score: null, publicScore: null, rows: { public: read.rows.public.length, private: read.rows.private.length }, errors: read.errors };
  if (!read.submission) return report;
  try {
    const scores = await runCustomMetric(task, submissionPath);
    return { ...report, valid: true, score: scores.private, publicScore: scores.public };
  } catch (err) {
    if (!(err instanceof MetricError)) throw err;
    // The metric's message may quote submitted values (a custom metric's last stderr line).
    return { ...report, errors: [boundedError({ code: 'metric_failed', message: `the metric ${metricName} cannot be computed on this submission: ${err.message}` })] };
  }
}
