import type { SubmissionError } from '../grading/submission-errors.js';
import type { ExecResult } from '../sandbox/types.js';
import type { AgentFacingError } from './types.js';

/** The last line of a Python traceback: `ValueError: could not convert ...`. */
function lastErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '');
  return [...lines].reverse().find((l) => /^[A-Za-z_.]+(Error|Exception|Exit|Interrupt)\b/.test(l)) ?? lines.at(-1) ?? 'no error output';
}

/** Likely causes for common Python failures in this sandbox, so the agent can fix the right thing. */
function causesOf(errorLine: string): string[] {
  const causes: [RegExp, string][] = [
    [/ModuleNotFoundError|ImportError/, 'only Debian\'s packages are installed (numpy, pandas, scipy, scikit-learn, xgboost, statsmodels, PIL); there is no internet to install more'],
    [/FileNotFoundError/, 'the data is read-only under /data (train.csv, test.csv, sample_submission.csv); write your files in the current directory'],
    [/PermissionError|Read-only file system/, '/data and the system are read-only; write only in the current directory'],
    [/KeyError/, 'a column name may be wrong: request_info data_structure lists the columns'],
    [/could not convert|ValueError: Input contains NaN|dtype/, 'some columns hold strings or missing values: encode or impute them before fitting'],
    [/MemoryError/, 'the data or model is too large for the memory limit: subsample or use lighter models'],
    [/ConnectionError|socket|urlopen|gaierror/, 'the sandbox has no network access'],
  ];
  return causes.filter(([re]) => re.test(errorLine)).map(([, c]) => c);
}

/** Turns a failed execution into the typed error the agent sees. */
export function executionError(result: ExecResult, timeoutSec: number, memoryMb: number): AgentFacingError | undefined {
  if (result.timedOut) {
    return {
      kind: 'timeout',
      message: `the code ran longer than the step limit of ${timeoutSec} s and was stopped`,
      causes: ['training is too slow: subsample, use fewer estimators or a lighter model', 'an infinite loop or a blocking call'],
    };
  }
  if (result.oomKilled) {
    return {
      kind: 'out_of_memory',
      message: `the code used more than the memory limit of ${memoryMb} MiB and was killed`,
      causes: ['dense matrices or one-hot encodings too large: use sparse features or subsample', 'too many parallel workers'],
    };
  }
  if (result.exitCode === 0) return undefined;
  const line = lastErrorLine(result.stderr);
  if (/^(SyntaxError|IndentationError|TabError)\b/.test(line)) {
    return { kind: 'syntax_error', message: line, causes: ['the code does not parse: check quoting, brackets and indentation'] };
  }
  return {
    kind: 'runtime_error',
    message: result.exitCode === null ? `killed by signal ${result.signal ?? 'unknown'}: ${line}` : line,
    causes: causesOf(line),
  };
}

/** A submission the grader refused, as the agent sees it (public facts only: columns, ids, classes). */
export function submissionError(errors: SubmissionError[]): AgentFacingError {
  return {
    kind: 'invalid_submission',
    message: errors.map((e) => `[${e.code}] ${e.message}`).join('\n'),
    causes: ['compare your file with request_info sample_submission: same columns, one row per test id'],
  };
}
