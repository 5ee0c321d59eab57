import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { SandboxInput } from '../../sandbox/types.js';
import type { Task } from '../../task/loader.js';
import { scoreWithCatalog } from '../catalog-scores.js';
import { getMetric } from '../metrics/catalog.js';
import { GRADING_PATHS, gradingFailure, runGradingScript } from '../sandboxed-python.js';
import { boundedError, type SubmissionError } from '../submission-errors.js';
import { leaderboardHigherIsBetter, readLeaderboard } from './leaderboard.js';
import { standingOn, type LeaderboardStanding } from './medals.js';
import { asPeerReports } from './peer-rounding.js';

export const PEER_ORIGINS = ['mle-bench', 'mle-dojo'] as const;
export type PeerOrigin = (typeof PEER_ORIGINS)[number];

/**
 * The catalog metric that stands in for the peer's code, as the import proved it: run beside the
 * peer's grader on the same submissions (the peer's sample and submissions made from the answers),
 * on every row and on both boards, it gave the peer's numbers to 1e-9 (`reproduces`), or it did not.
 */
export const CatalogShortcut = z.object({
  metric: z.string().min(1),
  /** The metric's params that reproduce the peer (k of MAP@k, the positive class of a score). */
  params: z.record(z.string(), z.unknown()),
  reproduces: z.boolean(),
  /** What was compared, or the first difference found. */
  why: z.string().min(1),
});
export type CatalogShortcut = z.infer<typeof CatalogShortcut>;

/** Largest difference from the peer's number at which a catalog metric counts as the peer's. */
export const CATALOG_TOLERANCE = 1e-9;

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
  /** Absent in tasks imported before the catalog was checked: the peer's code grades them. */
  catalog: CatalogShortcut.nullable().optional(),
});
export type PeerGrading = z.infer<typeof PeerGrading>;

/** What peer grading adds to a grade report. */
export interface PeerGradeFields {
  /** The metric on every test row, as the peer's harness reports it (its rounding included). */
  fullScore: number | null;
  /** fullScore against the peer's human leaderboard; null without a leaderboard or a valid score. */
  standing: LeaderboardStanding | null;
  /** The catalog metric the import proved equal to the peer's code, or the peer's code in the sandbox. */
  gradedBy: 'catalog' | 'peer-code';
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
export type PeerScores = z.infer<typeof RunnerOutput>;

const CODE = '/peer';
const PRIVATE = '/private';
const SUBMISSIONS = '/submissions';

/** The leaderboard standing of a score, when the task ships a leaderboard with scores. */
async function standingOf(task: Task, peer: PeerGrading, score: number): Promise<LeaderboardStanding | null> {
  if (!peer.leaderboard) return null;
  const board = await readLeaderboard(path.join(task.paths.dir, peer.leaderboard));
  if (board.kind !== 'scores') return null;
  return standingOn(score, board.scores, leaderboardHigherIsBetter(board.scores) ?? task.manifest.metric.higherIsBetter);
}

/** One run of the peer's grader: its code folder, and the folder of its answers and of answers.csv (which rows are on which board). */
export interface PeerRun {
  origin: PeerOrigin;
  codeDir: string;
  privateDir: string;
  /** The peer's answers file, relative to privateDir. */
  answersFile: string;
  idColumn: string;
}

/**
 * Scores submissions with the peer's code in one sandbox (the code loads once): per submission,
 * the full test set as the peer reports it and each board's rows, or why the code refused it.
 * Throws when the runner itself fails.
 */
export async function runPeer(run: PeerRun, submissions: readonly string[]): Promise<PeerScores[]> {
  const staged = await mkdtemp(path.join(os.tmpdir(), 'arena-peer-subs-'));
  try {
    const names = await Promise.all(
      submissions.map(async (file, i) => {
        await copyFile(file, path.join(staged, `${i}.csv`));
        await chmod(path.join(staged, `${i}.csv`), 0o644);
        return `${SUBMISSIONS}/${i}.csv`;
      }),
    );
    // The sandbox user is unprivileged: the staged submissions must be readable by it.
    await chmod(staged, 0o755);
    const spec = {
      origin: run.origin,
      competition: CODE,
      answers: `${PRIVATE}/${run.answersFile}`,
      boards: `${PRIVATE}/answers.csv`,
      idColumn: run.idColumn,
      submissions: names,
    };
    const inputs: SandboxInput[] = [
      { source: run.codeDir, target: CODE, readOnly: true },
      { source: run.privateDir, target: PRIVATE, readOnly: true },
      { source: staged, target: SUBMISSIONS, readOnly: true },
    ];
    const result = await runGradingScript('peer_grade.py', [`${GRADING_PATHS.inputs}/spec.json`], { submission: submissions[0]!, files: { 'spec.json': JSON.stringify(spec) }, inputs });
    if (result.exitCode !== 0) throw new Error(`the ${run.origin} grader in ${run.codeDir} cannot run (${gradingFailure(result)})`);
    const parsed = z.array(RunnerOutput).length(submissions.length).safeParse(JSON.parse(result.stdout));
    if (!parsed.success) throw new Error(`peer grading printed ${result.stdout.slice(0, 200)}, not ${submissions.length} score records`);
    return parsed.data;
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

/** The task as the catalog metric reads it: its params (a positive class) in metric.params, where the submission format looks. */
function withCatalogParams(task: Task, params: Readonly<Record<string, unknown>>): Task {
  const { metric } = task.manifest;
  return { ...task, manifest: { ...task.manifest, metric: { ...metric, params: { ...metric.params, ...params } } } };
}

/**
 * The catalog metric's grade, where the import proved it equal to the peer's code; null when it
 * does not stand in, or when our reading refuses the submission: then the peer's code gives its
 * own verdict (it may accept what ours does not, and its message is the one that counts).
 */
async function gradeByCatalog(task: Task, submissionPath: string, peer: PeerGrading): Promise<PeerGradeResult | null> {
  const shortcut = peer.catalog;
  const definition = shortcut?.reproduces ? getMetric(shortcut.metric) : undefined;
  if (!shortcut || !definition) return null;
  const scores = await scoreWithCatalog(withCatalogParams(task, shortcut.params), submissionPath, definition, shortcut.params, { allRows: true });
  if (!scores.valid) return null;
  const full = asPeerReports(peer.origin, scores.allScore!);
  return { valid: true, score: scores.score, publicScore: scores.publicScore, fullScore: full, standing: await standingOf(task, peer, full), rows: scores.rows, errors: [], gradedBy: 'catalog' };
}

/**
 * Grades a submission as the peer does: the full test set (the number the peer reports), and our
 * public and private leaderboard rows. The peer's own code runs in a sandbox, unless the import
 * proved a catalog metric gives its numbers. Whatever the peer's code refuses is an invalid
 * submission, with the peer's message.
 */
export async function gradeByPeer(task: Task, submissionPath: string, peer: PeerGrading): Promise<PeerGradeResult> {
  const { paths, manifest } = task;
  const answers = path.join(paths.privateDir, peer.answers);
  for (const f of [paths.answers, answers]) if (!existsSync(f)) throw new Error(`${f}: answers not found (run \`arena tasks prepare\` on the task first)`);
  const empty = { valid: false, score: null, publicScore: null, fullScore: null, standing: null, gradedBy: 'peer-code' as const };
  if (!existsSync(submissionPath)) {
    return { ...empty, rows: { public: 0, private: 0 }, errors: [boundedError({ code: 'file_missing', message: `${submissionPath}: no such file` })] };
  }
  const byCatalog = await gradeByCatalog(task, submissionPath, peer);
  if (byCatalog) return byCatalog;
  const run = { origin: peer.origin, codeDir: path.join(paths.dir, peer.code), privateDir: paths.privateDir, answersFile: peer.answers, idColumn: manifest.idColumn };
  const [out] = await runPeer(run, [submissionPath]).catch((err: Error) => {
    throw new Error(`${paths.manifest}: ${err.message}`);
  });
  if (out!.invalid !== null) {
    return { ...empty, rows: out!.rows, errors: [boundedError({ code: 'metric_failed', message: `the peer's grader (${peer.origin} ${peer.grader}) refused the submission: ${out!.invalid}` })] };
  }
  return { valid: true, score: out!.private, publicScore: out!.public, fullScore: out!.full, standing: await standingOf(task, peer, out!.full), rows: out!.rows, errors: [], gradedBy: 'peer-code' };
}
