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

/**
 * Collects errors without flooding: a million bad rows give five precise messages per kind of
 * problem and one line counting the rest.
 */
export class ErrorCollector {
  private readonly errors: SubmissionError[] = [];
  private readonly counts = new Map<SubmissionErrorCode, number>();

  add(error: SubmissionError): void {
    const seen = (this.counts.get(error.code) ?? 0) + 1;
    this.counts.set(error.code, seen);
    if (seen <= DETAIL_PER_CODE) this.errors.push(error);
  }

  get size(): number {
    return this.errors.length;
  }

  has(code: SubmissionErrorCode): boolean {
    return this.counts.has(code);
  }

  /** The recorded errors, followed by one summary per code that overflowed. */
  list(): SubmissionError[] {
    const summaries: SubmissionError[] = [];
    for (const [code, count] of this.counts) {
      if (count > DETAIL_PER_CODE) {
        summaries.push({ code, message: `${count - DETAIL_PER_CODE} more rows with the same problem (${count} in all)` });
      }
    }
    return [...this.errors, ...summaries];
  }
}
