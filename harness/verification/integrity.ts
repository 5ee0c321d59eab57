import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission, type GradeReport } from '../grading/grade.js';
import { getMetric } from '../grading/metrics/catalog.js';
import { perfectPrediction } from '../grading/metrics/domain.js';
import type { MetricDefinition } from '../grading/metrics/types.js';
import { submissionFormat, type SubmissionFormat } from '../grading/submission-format.js';
import { csvField, scanCsvFile } from '../tabular/csv.js';
import type { Task } from '../task/loader.js';
import { LEADERBOARD_COLUMN } from '../task/schema.js';
import type { CheckOutcome, FixBy } from './leakage.js';

/**
 * Data-integrity assertions on a prepared task (DESIGN.md, The Smith pipeline → Verification →
 * Assertions), complementing structure.ts: ids unique and aligned across the files, enough rows per
 * class, the perfect submission reaches the metric's optimum, and the metric's declared direction
 * ranks the perfect submission above the sample one.
 */

export const INTEGRITY_CHECKS = ['ids-unique', 'rows-per-class', 'perfect-scores-optimum', 'metric-direction'] as const;

export interface IntegrityOptions {
  /** rows-per-class: every class needs at least this many train.csv rows. */
  minRowsPerClass: number;
}

export const INTEGRITY_DEFAULTS: IntegrityOptions = { minRowsPerClass: 5 };

/** A custom metric's declared optimum anchor must match the perfect submission to float rounding. */
const CUSTOM_TOLERANCE = 1e-9;

const CLASS_OBJECTIVES = new Set(['binary', 'multiclass', 'ordinal']);

function outcome(id: string, ok: boolean, message: string, fixBy: FixBy, details?: Record<string, unknown>): CheckOutcome {
  return { id, stage: 'assertions', ok, message, ...(details ? { details } : {}), fixBy };
}

function base(file: string): string {
  return path.basename(file);
}

function examples(values: Iterable<string>, k = 3): string {
  const out: string[] = [];
  for (const v of values) {
    if (out.length === k) break;
    out.push(JSON.stringify(v));
  }
  return out.join(', ');
}

/** The named columns of a CSV file (streamed), or the reason they cannot be read. */
async function readColumns(file: string, names: string[]): Promise<{ header: string[]; columns: Map<string, string[]> } | { error: string }> {
  if (!existsSync(file)) return { error: `${base(file)} is missing` };
  let header: string[] = [];
  const at: [string, number][] = [];
  const columns = new Map<string, string[]>();
  try {
    await scanCsvFile(file, (fields, i) => {
      if (i === 0) {
        header = fields.slice();
        for (const n of new Set(names)) {
          const k = header.indexOf(n);
          if (k >= 0) {
            at.push([n, k]);
            columns.set(n, []);
          }
        }
        return;
      }
      for (const [n, k] of at) columns.get(n)!.push(fields[k] ?? '');
    });
  } catch (err) {
    return { error: `${base(file)} cannot be read: ${(err as Error).message}` };
  }
  return { header, columns };
}

/** "1 id is" / "3 ids are". */
function idsAre(n: number): string {
  return n === 1 ? '1 id is' : `${n} ids are`;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

// ------------------------------------------------------------------ ids-unique

async function checkIds(task: Task): Promise<CheckOutcome> {
  const { manifest, paths } = task;
  const idc = manifest.idColumn;
  const files = { train: paths.train, test: paths.test, answers: paths.answers, sample: paths.sampleSubmission };
  const ids: Record<string, string[]> = {};
  const problems: string[] = [];
  let fixBy: FixBy = 'designer';
  for (const [key, file] of Object.entries(files)) {
    const read = await readColumns(file, [idc]);
    if ('error' in read) {
      problems.push(read.error);
      continue;
    }
    const col = read.columns.get(idc);
    if (!col) {
      problems.push(`${base(file)} has no id column \`${idc}\` (task.json idColumn; found ${read.header.map((h) => `\`${h}\``).join(', ')})`);
      fixBy = 'refactor';
      continue;
    }
    ids[key] = col;
    const dup = duplicates(col);
    const empty = col.filter((v) => v.trim() === '').length;
    if (dup.length > 0) problems.push(`${base(file)} column \`${idc}\` repeats ${dup.length} ${dup.length === 1 ? 'id' : 'ids'} (e.g. ${examples(dup)})`);
    if (empty > 0) problems.push(`${base(file)} column \`${idc}\` has ${empty} empty ids`);
  }
  const compare = (a: 'test', b: 'answers' | 'sample') => {
    if (!ids[a] || !ids[b]) return;
    const sa = new Set(ids[a]);
    const sb = new Set(ids[b]);
    const onlyA = [...sa].filter((v) => !sb.has(v));
    const onlyB = [...sb].filter((v) => !sa.has(v));
    const fb = base(files[b]);
    if (onlyA.length) problems.push(`${idsAre(onlyA.length)} in test.csv but not in ${fb} (e.g. ${examples(onlyA)})`);
    if (onlyB.length) problems.push(`${idsAre(onlyB.length)} in ${fb} but not in test.csv (e.g. ${examples(onlyB)})`);
  };
  compare('test', 'answers');
  compare('test', 'sample');
  if (ids.train && ids.test) {
    const test = new Set(ids.test);
    const shared = ids.train.filter((v) => test.has(v));
    if (shared.length) problems.push(`${idsAre(shared.length)} in both train.csv and test.csv (e.g. ${examples(shared)})`);
  }
  const counts = Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.length]));
  if (problems.length) return outcome('ids-unique', false, problems.join('; '), fixBy, { rows: counts });
  return outcome(
    'ids-unique',
    true,
    `\`${idc}\` is unique in train.csv (${counts.train}), test.csv (${counts.test}) and answers.csv (${counts.answers}); test.csv, answers.csv and sample_submission.csv hold the same ${counts.test} ids; train.csv and test.csv share none`,
    fixBy,
    { rows: counts },
  );
}

// ------------------------------------------------------------------ rows-per-class

async function checkRowsPerClass(task: Task, options: IntegrityOptions): Promise<CheckOutcome> {
  const { manifest, paths } = task;
  const target = manifest.targetColumns[0]!;
  const problems: { text: string; fixBy: FixBy }[] = [];
  const details: Record<string, unknown> = {};
  const answers = await readColumns(paths.answers, [target, LEADERBOARD_COLUMN]);
  if ('error' in answers) return outcome('rows-per-class', false, `cannot check: ${answers.error}`, 'designer');
  const board = answers.columns.get(LEADERBOARD_COLUMN);
  if (!board) problems.push({ text: `answers.csv has no \`${LEADERBOARD_COLUMN}\` column`, fixBy: 'designer' });
  else {
    const pub = board.filter((b) => b === 'public').length;
    const priv = board.filter((b) => b === 'private').length;
    details.leaderboard = { public: pub, private: priv, other: board.length - pub - priv };
    if (pub === 0) problems.push({ text: `answers.csv has no public-leaderboard rows (of ${board.length})`, fixBy: 'designer' });
    if (priv === 0) problems.push({ text: `answers.csv has no private-leaderboard rows (of ${board.length})`, fixBy: 'designer' });
  }
  const classification = CLASS_OBJECTIVES.has(manifest.objective) && (manifest.classes?.length ?? 0) >= 2;
  if (classification) {
    const train = await readColumns(paths.train, [target]);
    const trainLabels = 'error' in train ? undefined : train.columns.get(target);
    const answerLabels = answers.columns.get(target);
    if (!trainLabels) problems.push({ text: 'error' in train ? train.error : `train.csv has no target column \`${target}\``, fixBy: 'designer' });
    if (!answerLabels) problems.push({ text: `answers.csv has no target column \`${target}\``, fixBy: 'designer' });
    if (trainLabels && answerLabels) {
      const count = new Map<string, number>();
      for (const l of trainLabels) count.set(l, (count.get(l) ?? 0) + 1);
      const classes = manifest.classes!;
      const perClass = Object.fromEntries(classes.map((c) => [c, count.get(c) ?? 0]));
      details.trainRowsPerClass = perClass;
      const inAnswers = new Set(answerLabels);
      const missing = [...inAnswers].filter((c) => !count.has(c));
      if (missing.length) problems.push({ text: `classes ${examples(missing, 5)} are in answers.csv but never in train.csv \`${target}\``, fixBy: 'designer' });
      const unknown = [...count.keys()].filter((c) => !classes.includes(c));
      if (unknown.length) problems.push({ text: `train.csv \`${target}\` has labels outside task.json classes: ${examples(unknown, 5)}`, fixBy: 'refactor' });
      const rare = classes.filter((c) => (count.get(c) ?? 0) < options.minRowsPerClass);
      if (rare.length) {
        const list = rare.map((c) => `${JSON.stringify(c)}: ${count.get(c) ?? 0}`).join(', ');
        problems.push({ text: `train.csv \`${target}\` has fewer than ${options.minRowsPerClass} rows for ${rare.length === 1 ? 'class' : `${rare.length} classes`} ${list}`, fixBy: 'brainstormer' });
      }
    }
  }
  if (problems.length) {
    // The designer can fix a split or a leaderboard column; only when rare classes are all that is
    // wrong does the target itself (the brainstormer's proposal) have to change.
    const fixBy = problems.find((p) => p.fixBy !== 'brainstormer')?.fixBy ?? 'brainstormer';
    return outcome('rows-per-class', false, problems.map((p) => p.text).join('; '), fixBy, details);
  }
  const lb = details.leaderboard as { public: number; private: number };
  const classText = classification
    ? `every class has ≥ ${options.minRowsPerClass} train.csv rows (fewest: ${Math.min(...Object.values(details.trainRowsPerClass as Record<string, number>))}) and every answers.csv class is in train.csv; `
    : '';
  return outcome('rows-per-class', true, `${classText}answers.csv has ${lb.public} public and ${lb.private} private leaderboard rows`, 'designer', details);
}

// ------------------------------------------------------------------ perfect submission

/** Submission cells per row that reproduce `truth` (one answers.csv target value) in the task's format. */
function cellsFor(format: SubmissionFormat, truth: string, row: Map<string, string>, metric: MetricDefinition | undefined): string[] {
  const cols = format.valueColumns;
  if (format.inputKind === 'binary-scores') return [truth === format.classes[format.positiveClass] ? '1' : '0'];
  if (format.inputKind === 'class-probabilities') return cols.map((c) => (c.name === truth ? '1' : '0'));
  // A metric that needs strictly positive predictions (a deviance) gets a zero truth as the smallest positive double.
  if (format.inputKind === 'values' && metric?.domain) return [String(perfectPrediction(Number(truth), metric.domain.prediction))];
  if (cols.length === 1) return [truth];
  // Custom metrics with several columns: copy same-named answers columns; probability columns named
  // after classes get the one-hot truth.
  return cols.map((c) => row.get(c.name) ?? (c.type === 'probability' ? (c.name === truth ? '1' : '0') : truth));
}

/**
 * Writes a submission built from answers.csv into `dir`: the truth for every test row, or with
 * `rotate`, each row given the next row's truth (a deliberately wrong submission).
 */
async function writeTruthSubmission(task: Task, dir: string, rotate = false): Promise<string> {
  const { manifest, paths } = task;
  const format = submissionFormat(manifest);
  const target = manifest.targetColumns[0]!;
  const valueNames = format.valueColumns.map((c) => c.name);
  const read = await readColumns(paths.answers, [manifest.idColumn, target, ...valueNames]);
  if ('error' in read) throw new Error(read.error);
  const ids = read.columns.get(manifest.idColumn);
  const truth = read.columns.get(target);
  if (!ids || !truth) throw new Error(`answers.csv lacks \`${!ids ? manifest.idColumn : target}\``);
  const metric = getMetric(manifest.metric.name);
  const lines = [[format.idColumn, ...valueNames].map(csvField).join(',')];
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const j = rotate ? (i + 1) % n : i;
    const row = new Map<string, string>();
    for (const name of valueNames) {
      const c = read.columns.get(name);
      if (c) row.set(name, c[j]!);
    }
    lines.push([ids[i]!, ...cellsFor(format, truth[j]!, row, metric)].map(csvField).join(','));
  }
  const file = path.join(dir, rotate ? 'rotated_submission.csv' : 'perfect_submission.csv');
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'arena-integrity-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Grades the perfect submission (the truth, one-hot for probabilities); throws if it is not valid. */
export async function perfectScore(task: Task): Promise<number> {
  const report = await withTempDir(async (dir) => gradeSubmission(task, await writeTruthSubmission(task, dir)));
  if (!report.valid || report.score === null) {
    throw new Error(`${task.paths.answers}: the perfect submission does not grade: ${report.errors.map((e) => e.message).join('; ')}`);
  }
  return report.score;
}

function shown(x: number | null): string {
  return x === null ? 'no score' : String(Number(x.toPrecision(6)));
}

function checkOptimum(task: Task, perfect: GradeReport | Error): CheckOutcome {
  const name = task.manifest.metric.name;
  if (perfect instanceof Error) return outcome('perfect-scores-optimum', false, `the perfect submission built from answers.csv cannot be graded: ${perfect.message}`, 'designer');
  if (!perfect.valid || perfect.score === null) {
    return outcome('perfect-scores-optimum', false, `the perfect submission built from answers.csv is not valid: ${perfect.errors.map((e) => e.message).join('; ')}`, 'designer', {
      errors: perfect.errors,
    });
  }
  const details = { score: perfect.score, publicScore: perfect.publicScore };
  const metric = getMetric(name);
  if (metric === undefined) {
    const declared = task.manifest.anchors.optimum;
    if (declared !== null && Math.abs(declared - perfect.score) > CUSTOM_TOLERANCE) {
      return outcome('perfect-scores-optimum', false, `custom metric: the perfect submission scores ${shown(perfect.score)}, task.json anchors.optimum says ${shown(declared)}`, 'designer', details);
    }
    return outcome('perfect-scores-optimum', true, `custom metric (optimum unknown to the catalog): the perfect submission scores ${shown(perfect.score)} (private) and ${shown(perfect.publicScore)} (public); this is the optimum anchor`, 'designer', {
      ...details,
      optimum: perfect.score,
    });
  }
  const { optimum, optimumTolerance: tol } = metric;
  const off = [
    ['private', perfect.score],
    ['public', perfect.publicScore],
  ].filter(([, s]) => s !== null && Math.abs((s as number) - optimum) > tol) as [string, number][];
  if (off.length) {
    const parts = off.map(([board, s]) => `${shown(s)} on the ${board} leaderboard rows`).join(' and ');
    return outcome('perfect-scores-optimum', false, `${name}: the perfect submission built from answers.csv scores ${parts}, not the optimum ${optimum} (tolerance ${tol})`, 'designer', { ...details, optimum });
  }
  return outcome('perfect-scores-optimum', true, `${name}: the perfect submission built from answers.csv scores ${shown(perfect.score)} (private) and ${shown(perfect.publicScore)} (public), the optimum ${optimum}`, 'designer', {
    ...details,
    optimum,
  });
}

async function checkDirection(task: Task, dir: string, perfect: GradeReport | Error): Promise<CheckOutcome> {
  const { manifest, paths } = task;
  const { name, higherIsBetter } = manifest.metric;
  const catalog = getMetric(name);
  // The catalog's direction is copied into task.json by the refactor; a custom metric's is the designer's.
  const fixBy: FixBy = catalog ? 'refactor' : 'designer';
  if (perfect instanceof Error || !perfect.valid || perfect.score === null) {
    return outcome('metric-direction', false, 'cannot compare: the perfect submission does not grade (see perfect-scores-optimum)', 'designer');
  }
  let other: GradeReport | undefined;
  let otherName = base(paths.sampleSubmission);
  try {
    other = existsSync(paths.sampleSubmission) ? await gradeSubmission(task, paths.sampleSubmission) : undefined;
  } catch {
    other = undefined;
  }
  if (!other?.valid || other.score === null) {
    // No usable sample submission: compare against the truth shifted by one row instead.
    otherName = 'a submission with every row given the next row’s answer';
    other = await gradeSubmission(task, await writeTruthSubmission(task, dir, true));
  }
  if (!other.valid || other.score === null) return outcome('metric-direction', false, `cannot compare: neither ${base(paths.sampleSubmission)} nor a shuffled truth grades`, 'designer');
  const p = perfect.score;
  const s = other.score;
  const better = higherIsBetter ? p > s : p < s;
  const dirText = higherIsBetter ? 'higher-is-better' : 'lower-is-better';
  const details = { perfect: p, other: s, compared: otherName, higherIsBetter, catalogHigherIsBetter: catalog?.higherIsBetter ?? null };
  if (better) return outcome('metric-direction', true, `${name} (${dirText} in task.json): the perfect submission (${shown(p)}) beats ${otherName} (${shown(s)})`, fixBy, details);
  const hint =
    p === s
      ? `they score the same, so the metric cannot tell the truth from ${otherName}`
      : `so task.json metric.higherIsBetter: ${higherIsBetter} ranks the truth below it${catalog && catalog.higherIsBetter !== higherIsBetter ? ` (the catalog says ${name} is ${catalog.higherIsBetter ? 'higher' : 'lower'}-is-better)` : ''}`;
  return outcome('metric-direction', false, `${name}: the perfect submission scores ${shown(p)} and ${otherName} ${shown(s)}; ${hint}`, fixBy, details);
}

/** Runs every integrity check on the task's prepared data. Data problems are failed outcomes, never throws for them. */
export async function checkIntegrity(task: Task, options: Partial<IntegrityOptions> = {}): Promise<CheckOutcome[]> {
  const opts = { ...INTEGRITY_DEFAULTS, ...options };
  const out = [await checkIds(task), await checkRowsPerClass(task, opts)];
  await withTempDir(async (dir) => {
    let perfect: GradeReport | Error;
    try {
      perfect = await gradeSubmission(task, await writeTruthSubmission(task, dir));
    } catch (err) {
      perfect = err as Error;
    }
    out.push(checkOptimum(task, perfect));
    try {
      out.push(await checkDirection(task, dir, perfect));
    } catch (err) {
      out.push(outcome('metric-direction', false, `cannot compare: ${(err as Error).message}`, 'designer'));
    }
  });
  return out;
}
