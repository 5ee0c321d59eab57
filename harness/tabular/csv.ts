import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { QUOTE_CHARS } from '../util/bounded-text.js';

/**
 * A streaming RFC 4180 record scanner, over a string or a file read in chunks.
 *
 * Why not a general CSV library: grading reads million-row submissions and must keep up with
 * pandas' C parser; general parsers build a full string matrix first (measured 3-4x slower
 * here). This scanner hands each record to a callback in one pass and reuses its field array.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * A field or record longer than the scan allows. The text may be valid CSV, but a reader of
 * untrusted files (a submission) refuses to hold it: the scan stops before the string is built.
 */
export class CsvLimitError extends Error {
  constructor(
    message: string,
    /** 1-based line the field (or the record) starts on. */
    readonly line: number,
    readonly what: 'field' | 'record',
    /** 0-based index of the record (0: the header). */
    readonly record: number,
    /** 0-based index of the field too long; for a record, how many fields it had when stopped. */
    readonly field: number,
    /** The limit that was passed. */
    readonly limit: number,
    /** The first characters of the field as written, to recognise it by (empty for a record). */
    readonly start: string,
  ) {
    super(message);
    this.name = 'CsvLimitError';
  }
}

/** Bounds on what one record may hold, in characters as written; unbounded when absent. */
export interface CsvLimits {
  maxFieldChars?: number;
  maxRecordChars?: number;
}

export type RecordHandler = (fields: string[], index: number, line: number) => boolean | void;

/** Where a scan stands between chunks: records seen so far, the current 1-based line, the limits. */
interface ScanState {
  index: number;
  line: number;
  stopped: boolean;
  maxField: number;
  maxRecord: number;
}

function newState(limits: CsvLimits): ScanState {
  return { index: 0, line: 1, stopped: false, maxField: limits.maxFieldChars ?? Infinity, maxRecord: limits.maxRecordChars ?? Infinity };
}

function fieldTooLong(text: string, start: number, state: ScanState, line: number, field: number): CsvLimitError {
  const message = `field ${field + 1} on line ${line} is longer than ${state.maxField} characters`;
  return new CsvLimitError(message, line, 'field', state.index, field, state.maxField, text.slice(start, start + QUOTE_CHARS));
}

/**
 * Scans the complete records of `text`, returning the offset where the first incomplete one
 * starts (the rest must be carried into the next chunk). With `final`, the text ends the input:
 * every record is complete and an open quote is an error.
 */
function scanChunk(text: string, state: ScanState, final: boolean, onRecord: RecordHandler): number {
  const n = text.length;
  const { maxField, maxRecord } = state;
  const fields: string[] = [];
  let i = state.index === 0 && state.line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const recordStart = i;
    const recordLine = state.line;
    let line = state.line;
    fields.length = 0;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        // Quoted field: "" is an escaped quote; commas and newlines are literal.
        let j = i + 1;
        let parts = '';
        let segment = j;
        for (;;) {
          const q = text.indexOf('"', j);
          // Checked before the end of text is waited for, so an endless field is never carried.
          if ((q < 0 ? n : q) - (i + 1) > maxField) throw fieldTooLong(text, i + 1, state, line, fields.length);
          if (q < 0 || (!final && q === n - 1)) {
            if (!final) return recordStart;
            throw new CsvSyntaxError(`unterminated quoted field starting on line ${recordLine}`, recordLine);
          }
          if (text.charCodeAt(q + 1) === 34) {
            parts += text.slice(segment, q + 1);
            j = q + 2;
            segment = j;
            continue;
          }
          value = parts + text.slice(segment, q);
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) {
          throw new CsvSyntaxError(`unexpected character after a closing quote on line ${line}`, line);
        }
      } else {
        let j = i;
        const end = Math.min(n, i + maxField + 1);
        for (; j < end; j++) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
        }
        if (j - i > maxField) throw fieldTooLong(text, i, state, line, fields.length);
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      // End of text: the record is complete only when final (a \r at the very end of a chunk may
      // be the first half of \r\n).
      if (!final && (i >= n || (c === 13 && i === n - 1))) return recordStart;
      // Checked on complete fields only, the same at every chunk size. With each field within its
      // limit, a record carried to the next chunk is under maxRecord + maxField: rescanning stays linear.
      if (i - recordStart > maxRecord) {
        const message = `the record on line ${recordLine} is longer than ${maxRecord} characters (${fields.length} fields so far)`;
        throw new CsvLimitError(message, recordLine, 'record', state.index, fields.length, maxRecord, '');
      }
      if (c === 44) {
        i++;
        continue;
      }
      // End of record: \n, \r\n, lone \r, or end of text.
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    state.line = line;
    while (i < n && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) {
      if (!final && i === n - 1 && text.charCodeAt(i) === 13) break;
      if (text.charCodeAt(i) === 10) state.line++;
      i++;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (onRecord(fields, state.index++, recordLine) === false) {
      state.stopped = true;
      return n;
    }
  }
  return i;
}

/**
 * Calls `onRecord(fields, index, line)` for every record, the header included (index 0).
 * `fields` is reused between calls: copy it to keep it. `line` is the 1-based line the record starts on.
 * Returning `false` from the callback stops the scan. Blank lines are skipped. Returns the record count.
 * A field or record over `limits` stops the scan with a CsvLimitError.
 */
export function scanCsv(text: string, onRecord: RecordHandler, limits: CsvLimits = {}): number {
  const state = newState(limits);
  scanChunk(text, state, true, onRecord);
  return state.index;
}

/** Bytes read at a time: large enough to amortize the reads, small enough to stay in cache. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface ScanFileOptions extends CsvLimits {
  chunkBytes?: number;
}

/**
 * `scanCsv` over a file read in chunks, so a file of any size is never held whole in memory.
 * A NUL byte means the file is not text: a CsvSyntaxError naming the line.
 */
export async function scanCsvFile(file: string, onRecord: RecordHandler, options: ScanFileOptions = {}): Promise<number> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const handle = await open(file, 'r');
  const state = newState(options);
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let carry = '';
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      const final = bytesRead === 0;
      const bytes = buffer.subarray(0, bytesRead);
      const nul = bytes.indexOf(0);
      if (nul >= 0) {
        const line = state.line + countNewlines(carry + bytes.subarray(0, nul).toString('latin1'));
        throw new CsvSyntaxError(`binary content (a NUL byte) on line ${line}: not a CSV text file`, line);
      }
      const chunk = final ? decoder.end() : decoder.write(bytes);
      const rest = carry === '' ? chunk : finishCarried(carry, chunk, state, final, onRecord);
      if (state.stopped) break;
      const consumed = scanChunk(rest, state, final, onRecord);
      if (final || state.stopped) break;
      carry = rest.slice(consumed);
    }
  } finally {
    await handle.close();
  }
  return state.index;
}

/**
 * Completes the record carried over from the last chunk with the start of this one, scanning
 * only that short piece (joining whole chunks would copy every chunk once more). Returns the
 * rest of the chunk, or the whole joined text when the record spans further (a long quoted field).
 */
function finishCarried(carry: string, chunk: string, state: ScanState, final: boolean, onRecord: RecordHandler): string {
  const newline = chunk.indexOf('\n');
  if (newline < 0) return carry + chunk;
  const head = carry + chunk.slice(0, newline + 1);
  const consumed = scanChunk(head, state, final, onRecord);
  return consumed === head.length ? chunk.slice(newline + 1) : head.slice(consumed) + chunk.slice(newline + 1);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Reads the whole text into a header and rows of strings (for small files: answers, manifests, fixtures). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  let header: string[] = [];
  const rows: string[][] = [];
  scanCsv(text, (fields, index) => {
    if (index === 0) header = fields.slice();
    else rows.push(fields.slice());
  });
  return { header, rows };
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
