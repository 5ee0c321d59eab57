import { existsSync } from 'node:fs';
import { CsvSyntaxError, scanCsvFile } from '../tabular/csv.js';
import { LEADERBOARD_COLUMN } from '../task/schema.js';
import { buildIdIndex, type IdIndex } from './id-index.js';
import type { SubmissionFormat } from './submission-format.js';

/** The hidden truth of a task, indexed by id. */
export interface Answers {
  file: string;
  ids: string[];
  index: IdIndex;
  /** 1 where the row is on the public leaderboard, 0 where private. */
  isPublic: Uint8Array;
  /** Class index per row for classification formats; NaN-free numbers for values; item lists for rankings. */
  classTruth: Int32Array | null;
  valueTruth: Float64Array | null;
  rankingTruth: string[][] | null;
}

/** The task's own data is broken: a task-author problem, never the agent's. */
export class TaskDataError extends Error {
  override name = 'TaskDataError';
}

/** The answers as parsed, before indexing: plain data that can cross a worker boundary. */
export type ParsedAnswers = Omit<Answers, 'index'>;

/** Parses answers.csv; throws TaskDataError naming the file and line for anything malformed. */
export async function parseAnswers(file: string, format: SubmissionFormat, targetColumn: string): Promise<ParsedAnswers> {
  if (!existsSync(file)) throw new TaskDataError(`${file}: answers not found (run \`arena tasks prepare\` on the task first)`);
  const ids: string[] = [];
  const publicFlags: number[] = [];
  const classes = new Map(format.classes.map((c, i) => [c, i]));
  const kind = format.inputKind;
  const usesClasses = kind === 'labels' || kind === 'binary-scores' || kind === 'class-probabilities';
  const classTruth: number[] = [];
  const valueTruth: number[] = [];
  const rankingTruth: string[][] = [];
  let idAt = -1;
  let targetAt = -1;
  let boardAt = -1;
  const fail = (line: number, message: string): never => {
    throw new TaskDataError(`${file}, line ${line}: ${message}`);
  };
  try {
    await scanCsvFile(file, (fields, i, line) => {
      if (i === 0) {
        idAt = fields.indexOf(format.idColumn);
        targetAt = fields.indexOf(targetColumn);
        boardAt = fields.indexOf(LEADERBOARD_COLUMN);
        for (const [name, at] of [[format.idColumn, idAt], [targetColumn, targetAt], [LEADERBOARD_COLUMN, boardAt]] as const) {
          if (at < 0) fail(line, `missing column "${name}" (found ${JSON.stringify(fields)})`);
        }
        return;
      }
      ids.push(fields[idAt] ?? '');
      const board = fields[boardAt];
      if (board !== 'public' && board !== 'private') fail(line, `column "${LEADERBOARD_COLUMN}" must be "public" or "private", found "${board ?? ''}"`);
      publicFlags.push(board === 'public' ? 1 : 0);
      const raw = fields[targetAt] ?? '';
      if (usesClasses) {
        const c = classes.get(raw);
        if (c === undefined) fail(line, `target "${raw}" is not one of the task's classes`);
        classTruth.push(kind === 'binary-scores' ? Number(c === format.positiveClass) : (c as number));
      } else if (kind === 'values') {
        const v = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(v)) fail(line, `target "${raw}" is not a finite number`);
        valueTruth.push(v);
      } else if (kind === 'rankings') {
        rankingTruth.push(raw.split(' ').filter((s) => s !== ''));
      }
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new TaskDataError(`${file}: ${err.message}`);
    throw err;
  }
  if (ids.length === 0) throw new TaskDataError(`${file}: no rows`);
  return {
    file,
    ids,
    isPublic: Uint8Array.from(publicFlags),
    classTruth: usesClasses ? Int32Array.from(classTruth) : null,
    valueTruth: kind === 'values' ? Float64Array.from(valueTruth) : null,
    rankingTruth: kind === 'rankings' ? rankingTruth : null,
  };
}

/** Parses and indexes answers.csv. */
export async function loadAnswers(file: string, format: SubmissionFormat, targetColumn: string): Promise<Answers> {
  const parsed = await parseAnswers(file, format, targetColumn);
  const index = buildIdIndex(parsed.ids);
  if ('duplicateAt' in index) throw new TaskDataError(`${file}: duplicate id "${parsed.ids[index.duplicateAt]}" (data row ${index.duplicateAt + 1})`);
  return { ...parsed, index };
}
