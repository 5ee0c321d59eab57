import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Task } from '../../task/loader.js';
import { GRADING_PATHS, gradingFailure, runGradingScript } from '../sandboxed-python.js';
import { boundedError, type SubmissionError } from '../submission-errors.js';
import { leaderboardHigherIsBetter, readLeaderboard } from './leaderboard.js';
import { standingOn, type LeaderboardStanding } from './medals.js';

export const PEER_ORIGINS = ['mle-bench', 'mle-dojo'] as const;
export type PeerOrigin = (typeof PEER_ORIGINS)[number];

/**
 * `metric.params.peer` of an imported task graded by the peer's own code (metric name "custom").
 * Paths: `code` and `leaderboard` relative to the task directory, `answers` to data/private.
 */
export const PeerGrading = z.object({
  origin: z.enum(PEER_ORIGINS),
  /** The folder holding grade.py and its sibling modules (MLE-bench) or utils/metric.py (MLE-Dojo). */
  code: z.string().min(1),
  /** The grader's name in the peer's config, or its metric class. */
  grader: z.string().min(1),
  /** The peer's answers file, byte for byte as its prepare.py wrote it. */
  answers: z.string().min(1),
  leaderboard: z.string().min(1).nullable(),
});
export type PeerGrading = z.infer<typeof PeerGrading>;

/** What peer grading adds to a grade report. */
export interface PeerGradeFields {
  /** The metric on every test row, as the peer's harness reports it (its rounding included). */
  fullScore: number | null;
  /** fullScore against the peer's human leaderboard; null without a leaderboard or a valid score. */
  standing: LeaderboardStanding | null;
}

/** The part of a grade report the peer's code decides. */
export interface PeerGradeResult extends PeerGradeFields {
  valid: boolean;
  score: number | null;
  publicScore: number | null;
  rows: { public: number; private: number };
  errors: SubmissionError[];
}

/** The peer grading block of a task, or null for a task graded by our catalog or metric.py. */
export function peerGradingOf(task: Task): PeerGrading | null {
  const raw = task.manifest.metric.params['peer'];
  if (raw === undefined) return null;
  const parsed = PeerGrading.safeParse(raw);
  if (!parsed.success) throw new Error(`${task.paths.manifest}: field metric.params.peer: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

const Rows = z.object({ public: z.number().int(), private: z.number().int() });
const RunnerOutput = z.union([
  z.object({ rows: Rows, invalid: z.null(), full: z.number(), public: z.number().nullable(), private: z.number().nullable() }),
  z.object({ rows: Rows, invalid: z.string() }),
]);

const CODE = '/peer';
const PRIVATE = '/private';

/** The leaderboard standing of a score, when the task ships a leaderboard with scores. */
async function standingOf(task: Task, peer: PeerGrading, score: number): Promise<LeaderboardStanding | null> {
  if (!peer.leaderboard) return null;
  const board = await readLeaderboard(path.join(task.paths.dir, peer.leaderboard));
  if (board.kind !== 'scores') return null;
  return standingOn(score, board.scores, leaderboardHigherIsBetter(board.scores) ?? task.manifest.metric.higherIsBetter);
}

/** One run of the peer's grader: its code folder, the folder of its answers, and which rows are on which board. */
interface PeerRun {
  origin: PeerOrigin;
  codeDir: string;
  privateDir: string;
  answersFile: string;
  idColumn: string;
  /** answers.csv of a prepared task in privateDir; without it only the full test set is scored. */
  withBoards: boolean;
}

async function runPeer(run: PeerRun, submissionPath: string): Promise<z.infer<typeof RunnerOutput>> {
  const spec = {
    origin: run.origin,
    competition: CODE,
    answers: `${PRIVATE}/${run.answersFile}`,
    boards: run.withBoards ? `${PRIVATE}/answers.csv` : null,
    idColumn: run.idColumn,
    submission: `${GRADING_PATHS.inputs}/submission.csv`,
  };
  const result = await runGradingScript('peer_grade.py', [`${GRADING_PATHS.inputs}/spec.json`], {
    submission: submissionPath,
    inputs: { 'spec.json': JSON.stringify(spec) },
    mounts: [
      { source: run.codeDir, target: CODE, readOnly: true },
      { source: run.privateDir, target: PRIVATE, readOnly: true },
    ],
  });
  if (result.exitCode !== 0) throw new Error(`the ${run.origin} grader in ${run.codeDir} cannot run (${gradingFailure(result)})`);
  const parsed = RunnerOutput.safeParse(JSON.parse(result.stdout));
  if (!parsed.success) throw new Error(`peer grading printed ${result.stdout.slice(0, 200)}, not a score record`);
  return parsed.data;
}

/**
 * Scores a submission on the full test set with a competition's own code, before it is a task:
 * the importer's check that the grader runs here. Throws when the code cannot run at all.
 */
export async function scoreWithPeerCode(run: Omit<PeerRun, 'withBoards'>, submissionPath: string): Promise<{ full: number } | { invalid: string }> {
  const out = await runPeer({ ...run, withBoards: false }, submissionPath);
  return out.invalid === null ? { full: out.full } : { invalid: out.invalid };
}

/**
 * Grades a submission with the peer's own code in a sandbox: the full test set (the number the peer
 * reports), and our public and private leaderboard rows. Whatever the peer's code refuses is an
 * invalid submission, with the peer's message.
 */
export async function gradeByPeer(task: Task, submissionPath: string, peer: PeerGrading): Promise<PeerGradeResult> {
  const { paths, manifest } = task;
  const answers = path.join(paths.privateDir, peer.answers);
  for (const f of [paths.answers, answers]) if (!existsSync(f)) throw new Error(`${f}: answers not found (run \`arena tasks prepare\` on the task first)`);
  const empty = { valid: false, score: null, publicScore: null, fullScore: null, standing: null };
  if (!existsSync(submissionPath)) {
    return { ...empty, rows: { public: 0, private: 0 }, errors: [boundedError({ code: 'file_missing', message: `${submissionPath}: no such file` })] };
  }
  const run = { origin: peer.origin, codeDir: path.join(paths.dir, peer.code), privateDir: paths.privateDir, answersFile: peer.answers, idColumn: manifest.idColumn, withBoards: true };
  const out = await runPeer(run, submissionPath).catch((err: Error) => {
    throw new Error(`${paths.manifest}: ${err.message}`);
  });
  if (out.invalid !== null) {
    return { ...empty, rows: out.rows, errors: [boundedError({ code: 'metric_failed', message: `the peer's grader (${peer.origin} ${peer.grader}) refused the submission: ${out.invalid}` })] };
  }
  return { valid: true, score: out.private, publicScore: out.public, fullScore: out.full, standing: await standingOf(task, peer, out.full), rows: out.rows, errors: [] };
}
