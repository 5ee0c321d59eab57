import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAnswers } from '../../grading/answers.js';
import { scoreWithCatalog, type CatalogScores } from '../../grading/catalog-scores.js';
import { getMetric } from '../../grading/metrics/catalog.js';
import type { MetricDefinition } from '../../grading/metrics/types.js';
import { CATALOG_TOLERANCE, runPeer, type CatalogShortcut, type PeerScores } from '../../grading/peer/peer-grade.js';
import { asPeerReports } from '../../grading/peer/peer-rounding.js';
import { submissionFormat, type SubmissionFormat } from '../../grading/submission-format.js';
import { csvField } from '../../tabular/csv.js';
import { LEADERBOARD_COLUMN, type TaskManifest } from '../schema.js';
import { taskPaths, type Task } from '../loader.js';
import { submissionsFromAnswers } from './check-submissions.js';
import type { CsvTable } from './prepared-files.js';
import { NotImportable, type ForeignCompetition } from './sources.js';

/** Errors of a grader that cannot run here at all (as opposed to refusing one submission). */
const CANNOT_RUN = /^(ModuleNotFoundError|ImportError|SyntaxError|NameError|IndentationError|AttributeError: module)/;

/** What running the peer's grader at import found. */
export interface GraderCheck {
  /** The grader's score of the peer's sample submission on every test row, or null when it refuses it. */
  sampleScore: number | null;
  /** The catalog metric the grader's files name, and whether it gives the peer's numbers; null when none is named. */
  catalog: CatalogShortcut | null;
  notes: string[];
}

export interface GraderCheckInput {
  comp: ForeignCompetition;
  /** The task being written: its directory (holding the peer's code copy) and manifest. */
  taskDir: string;
  manifest: TaskManifest;
  codeDir: string;
  /** The peer's answers, every row. */
  answers: CsvTable;
  /** One-hot answers: the label column our answers add, and the class columns it is read from. */
  oneHot: { label: string; classes: readonly string[] } | null;
  candidate: { metric: string; evidence: string } | null;
}

/** Every third test id on the public board: any split serves to compare the two graders on subsets. */
function checkBoards(answers: CsvTable, idAt: number): string[] {
  const order = new Map<string, number>();
  for (const r of answers.rows) if (!order.has(r[idAt]!)) order.set(r[idAt]!, order.size);
  return answers.rows.map((r) => (order.get(r[idAt]!)! % 3 === 0 ? 'public' : 'private'));
}

/** Our answers.csv for the check: the peer's answers with a leaderboard column (and a one-hot answer's label). */
function checkAnswersCsv(input: GraderCheckInput): string {
  const { answers, oneHot, manifest } = input;
  const idAt = answers.header.indexOf(manifest.idColumn);
  const boardAt = answers.header.indexOf(LEADERBOARD_COLUMN);
  const keep = answers.header.map((_, i) => i).filter((i) => i !== boardAt);
  const classAt = oneHot ? oneHot.classes.map((c) => answers.header.indexOf(c)) : [];
  const boards = checkBoards(answers, idAt);
  const labelOf = (row: string[]) => {
    const values = classAt.map((i) => Number(row[i]));
    return oneHot!.classes[values.indexOf(Math.max(...values))]!;
  };
  const header = [...keep.map((i) => answers.header[i]!), ...(oneHot ? [oneHot.label] : []), LEADERBOARD_COLUMN];
  const lines = answers.rows.map((row, r) => [...keep.map((i) => row[i] ?? ''), ...(oneHot ? [labelOf(row)] : []), boards[r]!].map(csvField).join(','));
  return [header.map(csvField).join(','), ...lines].join('\n') + '\n';
}

/**
 * The params under which the catalog metric is tried: its defaults, k as the grader writes it
 * (`k=12`, `"k": 12`, `MAP@12`), and with two classes each as the positive one (of a score column,
 * or of a metric that reads params.positiveClass, such as binary F1).
 */
function paramCandidates(definition: MetricDefinition, format: SubmissionFormat, comp: ForeignCompetition): Record<string, unknown>[] {
  const reads = (p: Record<string, unknown>) => {
    const parsed = definition.params.safeParse(p);
    return parsed.success && Object.keys(p).every((key) => key in parsed.data);
  };
  const ks = [...`${comp.graderText}\n${comp.grader}`.matchAll(/\bk["']?\s*[=:]\s*(\d+)|@\s*(\d+)|_at_(\d+)/gi)].map((m) => Number(m[1] ?? m[2] ?? m[3]));
  const kSets = [{}, ...[...new Set(ks)].map((k) => ({ k })).filter(reads)];
  const positives = format.classes.length === 2 ? format.classes.map((positiveClass) => ({ positiveClass })).filter((p) => format.inputKind === 'binary-scores' || reads(p)) : [];
  return kSets.flatMap((k) => [{}, ...positives].map((p) => ({ ...k, ...p })));
}

/** The first way the catalog's grade of a submission differs from the peer's, or null when it gives the peer's numbers. */
function difference(name: string, origin: ForeignCompetition['origin'], peer: PeerScores, ours: CatalogScores): string | null {
  if (peer.invalid !== null) return ours.valid ? `the peer's grader refuses the ${name} submission (${peer.invalid}), the catalog metric scores it` : null;
  if (!ours.valid) return `our reading refuses the ${name} submission (${ours.errors[0]?.message ?? 'invalid'}), the peer's grader scores it ${peer.full}`;
  const pairs: [string, number | null, number | null][] = [
    ['every row, as the peer reports it', peer.full, asPeerReports(origin, ours.allScore!)],
    ['public rows', peer.public, ours.publicScore],
    ['private rows', peer.private, ours.score],
  ];
  for (const [rows, theirs, mine] of pairs) {
    if (theirs === null && mine === null) continue;
    if (theirs === null || mine === null || !(Math.abs(theirs - mine) <= CATALOG_TOLERANCE)) return `on the ${name} submission (${rows}) the catalog metric gives ${mine} where the peer's grader gives ${theirs}`;
  }
  return null;
}

/** Why the catalog metric cannot even be tried on this competition, or null with what it needs. */
async function catalogPlan(input: GraderCheckInput, view: Task): Promise<{ why: string } | { definition: MetricDefinition; format: SubmissionFormat; made: { name: string; csv: string }[] }> {
  const definition = getMetric(input.candidate!.metric)!;
  let format: SubmissionFormat;
  try {
    format = submissionFormat(input.manifest);
  } catch (err) {
    return { why: (err as Error).message };
  }
  if (!format.inputKind || !definition.accepts.includes(format.inputKind)) {
    const columns = format.valueColumns.map((c) => `${c.name}: ${c.type}`).join(', ');
    return { why: `${definition.name} scores ${definition.accepts.join(' or ')}; the submission's columns (${columns}) give ${format.inputKind ?? 'no input one catalog metric reads'}` };
  }
  try {
    const answers = await loadAnswers(view.paths.answers, format, input.manifest.targetColumns[0]!);
    return { definition, format, made: submissionsFromAnswers(format, answers) };
  } catch (err) {
    return { why: `our reading of the answers fails: ${(err as Error).message}` };
  }
}

/**
 * Runs the peer's grader at import, in the sandbox, on its own sample submission and, when its
 * files name a catalog metric, on submissions made from the answers (perfect, near, far), and
 * computes the catalog metric on the same submissions: the catalog stands in for the peer's code
 * only where it gives the peer's numbers to 1e-9 on all of them, on every row and on both boards.
 * A grader that cannot run here is refused now, not at grading.
 */
export async function checkGrader(input: GraderCheckInput): Promise<GraderCheck> {
  const { comp, candidate } = input;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'arena-import-check-'));
  try {
    const privateDir = path.join(scratch, 'private');
    const peerAnswers = path.join(privateDir, 'peer', comp.answersFile);
    await mkdir(path.dirname(peerAnswers), { recursive: true });
    await copyFile(path.join(comp.dataDir, 'private', comp.answersFile), peerAnswers);
    await writeFile(path.join(privateDir, 'answers.csv'), checkAnswersCsv(input));
    const view: Task = { manifest: input.manifest, paths: { ...taskPaths(input.taskDir), privateDir, answers: path.join(privateDir, 'answers.csv') } };
    const plan = candidate ? await catalogPlan(input, view) : { why: "the grader's files name no catalog metric" };
    const made = 'made' in plan ? plan.made : [];
    const files = [path.join(comp.dataDir, 'public', comp.sampleSubmissionFile)];
    for (const m of made) {
      files.push(path.join(scratch, `${m.name}.csv`));
      await writeFile(files.at(-1)!, m.csv);
    }
    const names = ['sample', ...made.map((m) => m.name)];
    const run = { origin: comp.origin, codeDir: input.codeDir, privateDir, answersFile: path.relative(privateDir, peerAnswers), idColumn: input.manifest.idColumn };
    const peer = await runPeer(run, files).catch((err: Error) => {
      throw new NotImportable(`${comp.graderFile}: ${err.message}`);
    });
    const sample = peer[0]!;
    if (sample.invalid !== null && CANNOT_RUN.test(sample.invalid)) throw new NotImportable(`${comp.graderFile} cannot run here: ${sample.invalid}`);
    const notes = sample.invalid === null ? [] : [`the peer's grader refuses its own sample submission: ${sample.invalid}`];
    const result = { sampleScore: sample.invalid === null ? sample.full : null, notes };
    if (!candidate) return { ...result, catalog: null };
    if (!('made' in plan)) return { ...result, catalog: { metric: candidate.metric, params: {}, reproduces: false, why: plan.why } };
    let firstDifference = '';
    for (const params of paramCandidates(plan.definition, plan.format, comp)) {
      const target: Task = { ...view, manifest: { ...view.manifest, metric: { ...view.manifest.metric, params: { ...view.manifest.metric.params, ...params } } } };
      let found: string | null = null;
      for (const [i, file] of files.entries()) {
        found = difference(names[i]!, comp.origin, peer[i]!, await scoreWithCatalog(target, file, plan.definition, params, { allRows: true }));
        if (found) break;
      }
      if (!found && peer.some((p) => p.invalid === null)) {
        const given = Object.keys(params).length > 0 ? ` with ${JSON.stringify(params)}` : '';
        return { ...result, catalog: { metric: candidate.metric, params, reproduces: true, why: `it gives the peer's numbers to ${CATALOG_TOLERANCE}${given} on the ${names.join(', ')} submissions, on every row and on both boards` } };
      }
      firstDifference ||= found ?? "the peer's grader refuses every submission made to compare it";
    }
    return { ...result, catalog: { metric: candidate.metric, params: {}, reproduces: false, why: firstDifference } };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
