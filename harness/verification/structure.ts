import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadAnswers } from '../grading/answers.js';
import { gradeSubmission } from '../grading/grade.js';
import { getMetric } from '../grading/metrics/catalog.js';
import { peerGradingOf } from '../grading/peer/peer-grade.js';
import { submissionFormat } from '../grading/submission-format.js';
import { parseCsv } from '../tabular/csv.js';
import type { Task } from '../task/loader.js';
import { preparedFilesHashes, readPreparedRecord } from '../task/prepare.js';
import { digestOfHashes } from '../util/hash-tree.js';

export interface CheckResult {
  task: string;
  ok: boolean;
  /** Problems make the task invalid. */
  problems: string[];
  /** Notes do not: e.g. data not prepared yet, so data checks were not run. */
  notes: string[];
}

/** Checks that need only the task directory: files, metric, submission format. */
async function checkDefinition(task: Task, problems: string[]): Promise<void> {
  const { manifest, paths } = task;
  const description = existsSync(paths.description) ? (await readFile(paths.description, 'utf8')).trim() : '';
  if (description.length < 200) problems.push(`${paths.description}: missing or shorter than 200 characters`);
  // A recipe task is prepared by the one recipe preparer; every other task brings its prepare.py.
  if (!manifest.recipe && !existsSync(paths.prepare)) problems.push(`${paths.prepare}: missing (and task.json has no recipe)`);
  if (manifest.metric.name === 'custom') {
    if (!existsSync(paths.metric)) problems.push(`${paths.metric}: missing, and task.json metric.name is "custom"`);
    return;
  }
  const metric = getMetric(manifest.metric.name);
  if (!metric) {
    problems.push(`${paths.manifest}: field metric.name: "${manifest.metric.name}" is not in the metric catalog and not "custom"`);
    return;
  }
  if (metric.higherIsBetter !== manifest.metric.higherIsBetter) {
    problems.push(`${paths.manifest}: field metric.higherIsBetter: ${metric.name} is ${metric.higherIsBetter ? 'higher' : 'lower'}-is-better`);
  }
  const params = metric.params.safeParse(manifest.metric.params);
  if (!params.success) {
    for (const issue of params.error.issues) problems.push(`${paths.manifest}: field metric.params.${issue.path.join('.')}: ${issue.message} (${metric.name})`);
  }
  try {
    const format = submissionFormat(manifest);
    if (!format.inputKind || !metric.accepts.includes(format.inputKind)) {
      problems.push(`${paths.manifest}: field submission.columns: ${metric.name} accepts ${metric.accepts.join(' or ')}, the columns give ${format.inputKind ?? 'a mix of types'}`);
    }
  } catch (err) {
    problems.push((err as Error).message);
  }
}

async function readIds(file: string, idColumn: string): Promise<string[] | string> {
  if (!existsSync(file)) return `${file}: missing`;
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  const at = header.indexOf(idColumn);
  if (at < 0) return `${file}: no id column "${idColumn}"`;
  return rows.map((r) => r[at] ?? '');
}

/**
 * Where a peer's real layout departs from our task format on purpose, so the check is a note for an
 * imported task (and stays a problem for our own):
 * - sharedIds: the peer numbers its training and test tables separately (nomad2018's ids run from
 *   1 in both), or trains on a log whose ids are the test's (H&M's transactions by customer), so
 *   train and test ids meet without any test row leaking;
 * - testSuperset: the peer's sample and test list more ids than are scored (H&M lists every
 *   customer, the answers hold the buyers only); its grader picks the rows that count.
 */
const PEER_LAYOUT = {
  sharedIds: "the peer's training table uses its own ids, so they meet the test's without leaking a test row",
  testSuperset: "the peer's test set lists more ids than it scores; its grader picks the rows that count",
} as const;

/** An imported task's test ids: every answer id among them, and split.rows.test the answers' ids (what the peer scores). */
function checkPeerTestIds(task: Task, testIds: string[], answerIds: Set<string>, problems: string[], notes: string[]): void {
  const { paths, manifest } = task;
  const test = new Set(testIds);
  const unlisted = [...answerIds].filter((id) => !test.has(id));
  if (unlisted.length > 0) problems.push(`${paths.answers}: ${unlisted.length} ids not in test.csv (e.g. "${unlisted[0]}")`);
  if (manifest.split.rows.test !== answerIds.size) problems.push(`${paths.manifest}: field split.rows.test is ${manifest.split.rows.test}, the answers hold ${answerIds.size} ids`);
  if (test.size > answerIds.size) notes.push(`${paths.test}: ${test.size - answerIds.size} of its ${test.size} ids have no answer: ${PEER_LAYOUT.testSuperset}`);
}

/** Checks on the materialized data: ids aligned, leaderboard split, the sample submission grades. */
async function checkData(task: Task, problems: string[], notes: string[]): Promise<void> {
  const { manifest, paths } = task;
  const record = await readPreparedRecord(task);
  if (!record) {
    notes.push('data not prepared: run `arena tasks prepare` to check the data too');
    return;
  }
  const current = await preparedFilesHashes(task);
  if (digestOfHashes(current) !== record.digest) problems.push(`${paths.dir}/data: files changed since they were prepared; prepare again`);

  const [testIds, sampleIds] = await Promise.all([readIds(paths.test, manifest.idColumn), readIds(paths.sampleSubmission, manifest.idColumn)]);
  for (const ids of [testIds, sampleIds]) if (typeof ids === 'string') problems.push(ids);
  if (typeof testIds === 'string' || typeof sampleIds === 'string') return;
  if (new Set(testIds).size !== testIds.length) problems.push(`${paths.test}: duplicate ids`);
  // An imported competition keeps its peer's layout, which our task format does not always share
  // (PEER_LAYOUT); the peer's grader, not our reading of the files, decides which rows count.
  const imported = peerGradingOf(task) !== null;
  const trainIds = await readIds(paths.train, manifest.idColumn);
  if (typeof trainIds === 'string') problems.push(trainIds);
  else {
    const test = new Set(testIds);
    const shared = trainIds.filter((id) => test.has(id));
    const overlap = `${paths.train}: ${shared.length} ids also in test.csv (e.g. "${shared[0]}")`;
    if (shared.length > 0 && imported) notes.push(`${overlap}: ${PEER_LAYOUT.sharedIds}`);
    else if (shared.length > 0) problems.push(overlap);
  }
  const { header: testHeader } = parseCsv((await readFile(paths.test, 'utf8')).split('\n', 1)[0] ?? '');
  for (const target of manifest.targetColumns) {
    if (testHeader.includes(target)) problems.push(`${paths.test}: contains the target column "${target}"`);
  }
  if (!imported && manifest.split.rows.test !== testIds.length) {
    problems.push(`${paths.manifest}: field split.rows.test is ${manifest.split.rows.test}, test.csv has ${testIds.length} rows`);
  }
  try {
    const answers = await loadAnswers(paths.answers, submissionFormat(manifest), manifest.targetColumns[0]!);
    const answerIds = new Set(answers.ids);
    if (imported) checkPeerTestIds(task, testIds, answerIds, problems, notes);
    else if (answerIds.size !== testIds.length || testIds.some((id) => !answerIds.has(id))) problems.push(`${paths.answers}: ids differ from test.csv`);
    const publicRows = answers.isPublic.reduce((a, b) => a + b, 0);
    if (publicRows === 0 || publicRows === answers.ids.length) problems.push(`${paths.answers}: needs both public and private leaderboard rows, found ${publicRows} public of ${answers.ids.length}`);
  } catch (err) {
    problems.push((err as Error).message);
    return;
  }
  const sample = await gradeSubmission(task, paths.sampleSubmission);
  if (!sample.valid) problems.push(`${paths.sampleSubmission}: not a valid submission: ${sample.errors.map((e) => e.message).join('; ')}`);
}

/** Structural checks of one task (the deterministic part of the verification stack). */
export async function checkTaskStructure(task: Task): Promise<CheckResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  await checkDefinition(task, problems);
  if (problems.length === 0) await checkData(task, problems, notes);
  return { task: task.manifest.id, ok: problems.length === 0, problems, notes };
}
