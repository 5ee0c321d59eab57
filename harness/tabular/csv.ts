import { scanCsvBuffer, scanCsvBytes } from './csv-bytes.js';
import type { CsvLimits, ScanFileOptions } from './csv-errors.js';

/**
 * Records as arrays of strings, for readers of small files (answers, manifests, dataset tables):
 * the one RFC 4180 scanner (csv-bytes.ts) with each field decoded. Readers of large files
 * (grading) use the scanner's byte ranges directly.
 */
export { CsvLimitError, CsvSyntaxError, type CsvLimits, type ScanFileOptions } from './csv-errors.js';

export type RecordHandler = (fields: string[], index: number, line: number) => boolean | void;

/**
 * Calls `onRecord(fields, index, line)` for every record, the header included (index 0).
 * `line` is the 1-based line the record starts on. Returning `false` from the callback stops the
 * scan. Blank lines are skipped, a leading BOM dropped. Returns the record count.
 * A field or record over `limits` stops the scan with a CsvLimitError.
 */
export function scanCsv(text: string, onRecord: RecordHandler, limits: CsvLimits = {}): number {
  return scanCsvBuffer(Buffer.from(text, 'utf8'), (record, index, line) => onRecord(record.texts(), index, line), limits);
}

/**
 * `scanCsv` over a file read in chunks, so a file of any size is never held whole in memory.
 * A NUL byte means the file is not text: a CsvSyntaxError naming the line.
 */
export function scanCsvFile(file: string, onRecord: RecordHandler, options: ScanFileOptions = {}): Promise<number> {
  return scanCsvBytes(file, (record, index, line) => onRecord(record.texts(), index, line), options);
}

/** Reads the whole text into a header and rows of strings (for small files: answers, manifests, fixtures). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  let header: string[] = [];
  const rows: string[][] = [];
  scanCsv(text, (fields, index) => {
    if (index === 0) header = fields;
    else rows.push(fields);
  });
  return { header, rows };
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
