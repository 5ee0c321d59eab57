import { existsSync } from 'node:fs';
import { ByteKeys } from '../tabular/byte-keys.js';
import { scanCsvBytes, type ByteRecord } from '../tabular/csv-bytes.js';
import { CsvSyntaxError } from '../tabular/csv.js';
import { LEADERBOARD_COLUMN } from '../task/schema.js';
import { AnswerIdsBuilder, type AnswerIds } from './id-index.js';
import type { SubmissionFormat } from './submission-format.js';

/** The hidden truth of a task, in row order, with its ids indexed. */
export interface Answers {
  file: string;
  ids: AnswerIds;
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

/** A typed array that doubles as it fills. */
class Growing<T extends Uint8Array | Int32Array | Float64Array> {
  length = 0;
  constructor(private array: T) {}
  /** The array, with room for a value at index `length`: write it there, then `commit`. */
  room(): T {
    if (this.length === this.array.length) {
      const next = new (this.array.constructor as new (n: number) => T)(this.length * 2);
      next.set(this.array);
      this.array = next;
    }
    return this.array;
  }
  commit(): void {
    this.length++;
  }
  push(value: number): void {
    this.room()[this.length] = value;
    this.length++;
  }
  finish(): T {
    return this.array.slice(0, this.length) as T;
  }
}

const PUBLIC = Buffer.from('public');
const PRIVATE = Buffer.from('private');

/** 1 for "public", 0 for "private", -1 for anything else: compared as bytes, once per row. */
function boardOf(record: ByteRecord, k: number): number {
  if (k >= record.count || record.isEscaped(k)) return -1;
  const bytes = record.bytes;
  const start = record.start(k);
  const length = record.end(k) - start;
  const word = length === 6 ? PUBLIC : length === 7 ? PRIVATE : null;
  if (!word) return -1;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== word[i]) return -1;
  return word === PUBLIC ? 1 : 0;
}

/**
 * Reads and indexes answers.csv straight into typed arrays; throws TaskDataError naming the file
 * and line for anything malformed.
 */
export async function loadAnswers(file: string, format: SubmissionFormat, targetColumn: string): Promise<Answers> {
  if (!existsSync(file)) throw new TaskDataError(`${file}: answers not found (run \`arena tasks prepare\` on the task first)`);
  const ids = new AnswerIdsBuilder();
  const isPublic = new Growing(new Uint8Array(1024));
  const classes = ByteKeys.of(format.classes);
  const kind = format.inputKind;
  const usesClasses = kind === 'labels' || kind === 'binary-scores' || kind === 'class-probabilities';
  const classTruth = new Growing(new Int32Array(1024));
  const valueTruth = new Growing(new Float64Array(1024));
  const rankingTruth: string[][] = [];
  let idAt = -1;
  let targetAt = -1;
  let boardAt = -1;
  const fail = (line: number, message: string): never => {
    throw new TaskDataError(`${file}, line ${line}: ${message}`);
  };
  /** The row of a field in `keys` by its bytes (by its text when it holds "" escapes). */
  const lookup = (keys: ByteKeys, record: ByteRecord, k: number): number =>
    k >= record.count ? -1 : record.isEscaped(k) ? keys.indexOfText(record.text(k)) : keys.indexOf(record.bytes, record.start(k), record.end(k));
  const text = (record: ByteRecord, k: number): string => (k < record.count ? record.text(k) : '');
  try {
    await scanCsvBytes(file, (record, i, line) => {
      if (i === 0) {
        const header = record.texts();
        idAt = header.indexOf(format.idColumn);
        targetAt = header.indexOf(targetColumn);
        boardAt = header.indexOf(LEADERBOARD_COLUMN);
        for (const [name, at] of [[format.idColumn, idAt], [targetColumn, targetAt], [LEADERBOARD_COLUMN, boardAt]] as const) {
          if (at < 0) fail(line, `missing column "${name}" (found ${JSON.stringify(header)})`);
        }
        return;
      }
      if (idAt >= record.count) ids.addText('');
      else if (record.isEscaped(idAt)) ids.addText(record.text(idAt));
      else ids.add(record.bytes, record.start(idAt), record.end(idAt));
      const board = boardOf(record, boardAt);
      if (board < 0) fail(line, `column "${LEADERBOARD_COLUMN}" must be "public" or "private", found "${text(record, boardAt)}"`);
      isPublic.push(board);
      if (usesClasses) {
        const c = lookup(classes, record, targetAt);
        if (c < 0) fail(line, `target "${text(record, targetAt)}" is not one of the task's classes`);
        classTruth.push(kind === 'binary-scores' ? Number(c === format.positiveClass) : c);
      } else if (kind === 'values') {
        const out = valueTruth.room();
        if (targetAt >= record.count || !record.decimal(targetAt, out, valueTruth.length)) {
          const raw = text(record, targetAt);
          const v = Number(raw);
          if (raw.trim() === '' || !Number.isFinite(v)) fail(line, `target "${raw}" is not a finite number`);
          out[valueTruth.length] = v;
        }
        valueTruth.commit();
      } else if (kind === 'rankings') {
        rankingTruth.push(text(record, targetAt).split(' ').filter((s) => s !== ''));
      }
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new TaskDataError(`${file}: ${err.message}`);
    throw err;
  }
  if (ids.size === 0) throw new TaskDataError(`${file}: no rows`);
  const indexed = ids.finish();
  if ('duplicateAt' in indexed) {
    throw new TaskDataError(`${file}: duplicate id "${indexed.id}" (data row ${indexed.duplicateAt + 1})`);
  }
  return {
    file,
    ids: indexed,
    isPublic: isPublic.finish(),
    classTruth: usesClasses ? classTruth.finish() : null,
    valueTruth: kind === 'values' ? valueTruth.finish() : null,
    rankingTruth: kind === 'rankings' ? rankingTruth : null,
  };
}
