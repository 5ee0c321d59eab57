import { cutText, MESSAGE_CHARS, QUOTE_CHARS } from '../util/bounded-text.js';

/** Every way a submission can be rejected, each with a stable code for tools and tests. */
export type SubmissionErrorCode =
  | 'file_missing'
  | 'not_a_file'
  | 'symlink'
  | 'file_empty'
  | 'file_too_large'
  | 'not_csv'
  | 'no_rows'
  | 'duplicate_column'
  | 'missing_column'
  | 'extra_column'
  | 'renamed_column'
  | 'ragged_row'
  | 'field_too_long'
  | 'duplicate_id'
  | 'missing_id'
  | 'unknown_id'
  | 'missing_value'
  | 'non_numeric'
  | 'non_finite'
  | 'unknown_label'
  | 'probability_out_of_range'
  | 'probabilities_not_normalized'
  | 'invalid_ranking'
  | 'metric_failed';

export interface SubmissionError {
  code: SubmissionErrorCode;
  message: string;
  /** 1-based line in the submission file (the header is line 1). */
  row?: number;
  column?: string;
}

/** How many errors of one code are reported one by one before they are summarized. */
const DETAIL_PER_CODE = 5;

/** How many errors are reported one by one in all, whatever their codes. */
const DETAIL_IN_ALL = 20;

/**
 * An error as it may leave the grader: the message within MESSAGE_CHARS and the column within
 * QUOTE_CHARS, whatever agent data they quote (messages quote values cut already; this is the
 * bound for the message as a whole).
 */
export function boundedError(error: SubmissionError): SubmissionError {
  const bounded = { ...error, message: cutText(error.message, MESSAGE_CHARS) };
  if (error.column !== undefined) bounded.column = cutText(error.column, QUOTE_CHARS);
  return bounded;
}

/**
 * Collects errors without flooding: a million bad rows give five precise messages per kind of
 * problem (twenty in all) and one line per kind counting the rest, each message bounded.
 */
export class ErrorCollector {
  private readonly errors: SubmissionError[] = [];
  private readonly counts = new Map<SubmissionErrorCode, { seen: number; listed: number }>();

  add(error: SubmissionError): void {
    const count = this.counts.get(error.code) ?? { seen: 0, listed: 0 };
    this.counts.set(error.code, count);
    count.seen++;
    if (count.listed < DETAIL_PER_CODE && this.errors.length < DETAIL_IN_ALL) {
      count.listed++;
      this.errors.push(boundedError(error));
    }
  }

  get size(): number {
    return this.errors.length;
  }

  has(code: SubmissionErrorCode): boolean {
    return this.counts.has(code);
  }

  /** The recorded errors, followed by one summary per code with errors not listed. */
  list(): SubmissionError[] {
    const summaries: SubmissionError[] = [];
    for (const [code, { seen, listed }] of this.counts) {
      if (seen > listed) summaries.push({ code, message: `${seen - listed} more rows with the same problem (${seen} in all)` });
    }
    return [...this.errors, ...summaries];
  }
}
