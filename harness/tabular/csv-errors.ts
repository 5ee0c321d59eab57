/** What a CSV scan refuses, and the bounds it can be given: shared by the scanner and its string API. */

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

export interface ScanFileOptions extends CsvLimits {
  /** Bytes read at a time (tests use tiny ones to cross every boundary). */
  chunkBytes?: number;
}
