import { lstat } from 'node:fs/promises';
import { ByteKeys } from '../tabular/byte-keys.js';
import { scanCsvBytes, type ByteRecord } from '../tabular/csv-bytes.js';
import { CsvLimitError, CsvSyntaxError, type CsvLimits } from '../tabular/csv.js';
import { cutStart, cutText, QUOTE_CHARS, quoted } from '../util/bounded-text.js';
import type { Answers } from './answers.js';
import { ErrorCollector, type SubmissionError } from './submission-errors.js';
import type { SubmissionFormat } from './submission-format.js';

/** A submission read and aligned to the answers' row order. */
export interface AlignedSubmission {
  /** One entry per value column, aligned to answers rows: class indices, numbers or item lists. */
  columns: (Int32Array | Float64Array | string[][])[];
}

export interface ReadResult {
  errors: ErrorCollector;
  submission: AlignedSubmission | null;
}

/** Tolerance on the sum of a probability row, wide enough for float32 output. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** How NaN and infinity are spelled by pandas, numpy and R, so they are reported as such. */
const NON_FINITE_SPELLINGS = /^\s*[-+]?(nan|inf|infinity)\s*$/i;

/**
 * The longest field a submission may hold, as written. Ids, labels, numbers and rankings are far
 * shorter; a longer one is refused before it becomes a string (a 60 MiB column name, say).
 */
export const MAX_FIELD_CHARS = 64 * 1024;

/** A file this much larger than the expected size is refused before it is read. */
export function maxSubmissionBytes(rows: number, columns: number): number {
  return 64 * 1024 * 1024 + rows * columns * 64;
}

function describeHeaderProblems(header: string[], expected: string[], errors: ErrorCollector): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) errors.add({ code: 'duplicate_column', message: `column ${quoted(name)} appears more than once in the header`, row: 1, column: name });
    seen.add(name);
  }
  const missing = expected.filter((c) => !seen.has(c));
  const extra = header.filter((c) => !expected.includes(c));
  // A missing column and an extra one at the same position is most likely a rename.
  for (const name of missing) {
    const at = expected.indexOf(name);
    const candidate = header[at];
    if (candidate !== undefined && extra.includes(candidate)) {
      errors.add({ code: 'renamed_column', message: `column ${quoted(candidate)} should be named "${name}"`, row: 1, column: candidate });
      extra.splice(extra.indexOf(candidate), 1);
    } else {
      errors.add({ code: 'missing_column', message: `missing column "${name}" (expected columns: ${expected.join(', ')})`, row: 1, column: name });
    }
  }
  for (const name of extra) {
    errors.add({ code: 'extra_column', message: `unexpected column ${quoted(name)} (expected columns: ${expected.join(', ')})`, row: 1, column: name });
  }
}

async function checkFile(file: string, maxBytes: number, errors: ErrorCollector): Promise<boolean> {
  let info;
  try {
    info = await lstat(file);
  } catch {
    errors.add({ code: 'file_missing', message: `no submission file at ${file}` });
    return false;
  }
  if (info.isSymbolicLink()) {
    errors.add({ code: 'symlink', message: `${file} is a symbolic link; write the submission as a regular file` });
    return false;
  }
  if (!info.isFile()) {
    errors.add({ code: 'not_a_file', message: `${file} is not a regular file` });
    return false;
  }
  if (info.size === 0) {
    errors.add({ code: 'file_empty', message: `${file} is empty` });
    return false;
  }
  if (info.size > maxBytes) {
    errors.add({ code: 'file_too_large', message: `${file} is ${info.size} bytes, far more than expected for this task (limit ${maxBytes})` });
    return false;
  }
  return true;
}

/** A submission file that passed the file checks; or the errors that stopped it. */
export interface OpenedSubmission {
  file: string;
  errors: ErrorCollector;
  ok: boolean;
}

/** File checks: exists, regular file, not a link, not empty, not far too large for the expected rows. */
export async function openSubmission(file: string, expectedRows: number, columns: number): Promise<OpenedSubmission> {
  const errors = new ErrorCollector();
  const ok = await checkFile(file, maxSubmissionBytes(expectedRows, columns), errors);
  return { file, errors, ok };
}

/**
 * Scan limits for a submission of `width` columns. A record may hold `width` fields of the
 * longest length (plus quotes and commas); one longer must have more fields than that.
 */
function submissionLimits(width: number): CsvLimits {
  return { maxFieldChars: MAX_FIELD_CHARS, maxRecordChars: width * (MAX_FIELD_CHARS + 3) };
}

/** The error for a field or record the scan refused to hold, said with its line and column. */
function limitError(err: CsvLimitError, header: string[], expected: string[]): SubmissionError {
  const inHeader = err.record === 0;
  if (err.what === 'record') {
    const count = `at least ${err.field} ${inHeader ? 'columns' : 'fields'} (it runs past ${err.limit} characters)`;
    return inHeader
      ? { code: 'extra_column', message: `line ${err.line}: the header has ${count}; expected columns: ${expected.join(', ')}`, row: err.line }
      : { code: 'ragged_row', message: `line ${err.line}: ${count}, expected ${expected.length}`, row: err.line };
  }
  const start = cutStart(err.start, err.limit);
  if (inHeader) {
    const message = `line ${err.line}: the name of column ${err.field + 1} is longer than ${err.limit} characters ("${start}"); expected columns: ${expected.join(', ')}`;
    return { code: 'field_too_long', message, row: err.line, column: start };
  }
  const column = header[err.field] ?? `column ${err.field + 1}`;
  const message = `line ${err.line}: the value in column ${quoted(column)} is longer than ${err.limit} characters ("${start}")`;
  return { code: 'field_too_long', message, row: err.line, column };
}

/** Checks, validates and aligns a submission. */
export async function readSubmission(file: string, format: SubmissionFormat, answers: Answers): Promise<ReadResult> {
  const opened = await openSubmission(file, answers.ids.length, format.valueColumns.length + 1);
  return parseSubmission(opened, format, answers);
}

/**
 * Validates and aligns a checked submission in one streaming pass. Every problem becomes a
 * precise error (code, line, column); nothing here throws for bad input.
 */
export async function parseSubmission(opened: OpenedSubmission, format: SubmissionFormat, answers: Answers): Promise<ReadResult> {
  const { file, errors } = opened;
  if (!opened.ok) return { errors, submission: null };
  const n = answers.ids.length;
  const expected = [format.idColumn, ...format.valueColumns.map((c) => c.name)];

  const classKeys = ByteKeys.of(format.classes);
  const cols = format.valueColumns;
  const columns = cols.map((c) =>
    c.type === 'label' ? new Int32Array(n) : c.type === 'ranking' ? new Array<string[]>(n) : new Float64Array(n),
  );
  const seenAt = new Int32Array(n);
  const width = expected.length;
  let header: string[] = [];
  let positions: number[] = [];
  let rows = 0;

  /** A value that is not a plain decimal, or is one out of range: the same checks as on its text. */
  const readNumberText = (raw: string, k: number, row: number, line: number): void => {
    const col = cols[k]!;
    const v = Number(raw);
    if (Number.isNaN(v) && !NON_FINITE_SPELLINGS.test(raw)) {
      errors.add({ code: 'non_numeric', message: `line ${line}: ${quoted(raw)} in column "${col.name}" is not a number`, row: line, column: col.name });
    } else if (v === 0 && raw.trim() === '') {
      errors.add({ code: 'missing_value', message: `line ${line}: blank value in column "${col.name}"`, row: line, column: col.name });
    } else if (!Number.isFinite(v)) {
      errors.add({ code: 'non_finite', message: `line ${line}: column "${col.name}" is ${cutText(raw, QUOTE_CHARS)}; values must be finite numbers`, row: line, column: col.name });
    } else if (col.type === 'probability' && (v < 0 || v > 1)) {
      errors.add({ code: 'probability_out_of_range', message: `line ${line}: probability ${cutText(raw, QUOTE_CHARS)} in column "${col.name}" is outside [0, 1]`, row: line, column: col.name });
    } else {
      (columns[k] as Float64Array)[row] = v;
    }
  };

  const readValue = (record: ByteRecord, field: number, k: number, row: number, line: number): void => {
    const col = cols[k]!;
    if (record.isEmpty(field)) {
      errors.add({ code: 'missing_value', message: `line ${line}: empty value in column "${col.name}"`, row: line, column: col.name });
      return;
    }
    if (col.type === 'label') {
      let c = record.isEscaped(field) ? -1 : classKeys.indexOf(record.bytes, record.start(field), record.end(field));
      if (c < 0) {
        const raw = record.text(field);
        // Integer classes written as floats ("1.0") by numpy are the same class.
        c = classKeys.indexOfText(raw);
        if (c < 0) c = classKeys.indexOfText(String(Number(raw)));
        if (c < 0) {
          errors.add({ code: 'unknown_label', message: `line ${line}: ${quoted(raw)} in column "${col.name}" is not a known class (${format.classes.join(', ')})`, row: line, column: col.name });
          return;
        }
      }
      (columns[k] as Int32Array)[row] = c;
      return;
    }
    if (col.type === 'ranking') {
      (columns[k] as string[][])[row] = record.text(field).split(' ').filter((s) => s !== '');
      return;
    }
    const values = columns[k] as Float64Array;
    if (!record.decimal(field, values, row)) readNumberText(record.text(field), k, row, line);
    else if (col.type === 'probability' && !(values[row]! >= 0 && values[row]! <= 1)) readNumberText(record.text(field), k, row, line);
  };

  try {
    await scanCsvBytes(file, (record, index, line) => {
      if (index === 0) {
        const fields = record.texts();
        describeHeaderProblems(fields, expected, errors);
        if (errors.size > 0) return false;
        header = fields;
        positions = expected.map((c) => fields.indexOf(c));
        return;
      }
      rows++;
      if (record.count !== width) {
        errors.add({ code: 'ragged_row', message: `line ${line}: ${record.count} fields, expected ${width}`, row: line });
        return;
      }
      const idField = positions[0]!;
      const row = record.isEscaped(idField) ? answers.ids.rowOfText(record.text(idField)) : answers.ids.rowOf(record.bytes, record.start(idField), record.end(idField));
      if (row < 0) {
        errors.add({ code: 'unknown_id', message: `line ${line}: id ${quoted(record.text(idField))} is not in the test set`, row: line, column: format.idColumn });
        return;
      }
      if (seenAt[row] !== 0) {
        errors.add({ code: 'duplicate_id', message: `line ${line}: id ${quoted(record.text(idField))} already appeared on line ${seenAt[row]}`, row: line, column: format.idColumn });
        return;
      }
      seenAt[row] = line;
      for (let k = 0; k < cols.length; k++) readValue(record, positions[k + 1]!, k, row, line);
    }, submissionLimits(width));
  } catch (err) {
    if (err instanceof CsvLimitError) {
      errors.add(limitError(err, header, expected));
      return { errors, submission: null };
    }
    if (!(err instanceof CsvSyntaxError)) throw err;
    errors.add({ code: 'not_csv', message: `${file} is not valid CSV: ${err.message}`, row: err.line });
    return { errors, submission: null };
  }
  if (errors.has('missing_column') || errors.has('renamed_column') || errors.has('extra_column') || errors.has('duplicate_column')) {
    return { errors, submission: null };
  }
  if (rows === 0) {
    errors.add({ code: 'no_rows', message: `${file} has a header but no rows; expected ${n}` });
    return { errors, submission: null };
  }
  for (let row = 0; row < n; row++) {
    if (seenAt[row] === 0) errors.add({ code: 'missing_id', message: `id "${answers.ids.at(row)}" from the test set has no prediction`, column: format.idColumn });
  }
  if (format.inputKind === 'class-probabilities' && errors.size === 0) checkRowSums(columns as Float64Array[], seenAt, errors);
  return { errors, submission: errors.size === 0 ? { columns } : null };
}

function checkRowSums(columns: Float64Array[], lineOf: Int32Array, errors: ErrorCollector): void {
  const n = lineOf.length;
  for (let row = 0; row < n; row++) {
    let sum = 0;
    for (const col of columns) sum += col[row]!;
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
      errors.add({ code: 'probabilities_not_normalized', message: `line ${lineOf[row]}: class probabilities sum to ${sum}, not 1 (tolerance ${PROBABILITY_SUM_TOLERANCE})`, row: lineOf[row]! });
    }
  }
}
