import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, type GradeReport } from '../../harness/grading/grade.js';
import { MAX_FIELD_CHARS } from '../../harness/grading/read-submission.js';
import { ErrorCollector, type SubmissionErrorCode } from '../../harness/grading/submission-errors.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { cutStart, cutStrings, cutText, MESSAGE_CHARS, QUOTE_CHARS, quoted } from '../../harness/util/bounded-text.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';
import { writeLargeFile, type LargePart } from '../helpers/large-file.js';

const root = tempDir('arena-bounded-');
const ids = Array.from({ length: 10 }, (_, i) => String(100 + i));
const truth = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a'];
let task: Task;

beforeAll(async () => {
  writeGradableTask(root, manifest({ id: 'labels' }), ids.map((id, i) => ({ id, target: truth[i]!, board: i < 3 ? 'public' : 'private' })));
  task = await loadTask(path.join(root, 'labels'));
});

function submission(name: string, parts: LargePart[]): Promise<string> {
  return writeLargeFile(path.join(root, 'subs', name), parts);
}

const rows = (from = 0) => ids.slice(from).map((id, i) => `${id},${truth[i + from]}\n`).join('');

/** Grades while sampling the heap, so a giant string built along the way shows. */
async function gradeMeasured(file: string): Promise<{ report: GradeReport; ms: number; heapGrowthMiB: number }> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  const started = performance.now();
  try {
    const report = await gradeSubmission(task, file);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { report, ms: performance.now() - started, heapGrowthMiB: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

function expectBounded(report: GradeReport): void {
  expect(report.valid).toBe(false);
  for (const e of report.errors) {
    expect(e.message.length, e.message.slice(0, 300)).toBeLessThanOrEqual(MESSAGE_CHARS);
    if (e.column !== undefined) expect(e.column.length).toBeLessThanOrEqual(QUOTE_CHARS);
  }
  expect(JSON.stringify(report).length).toBeLessThan(64 * 1024);
}

describe('grading a submission with giant agent data', () => {
  it('refuses a 60 MiB column name with field_too_long on line 1, quickly and without building it', async () => {
    const file = await submission('long-name.csv', ['id,', ['n', 60 << 20], '\n', rows()]);
    const { report, ms, heapGrowthMiB } = await gradeMeasured(file);
    expectBounded(report);
    expect(report.errors.map((e) => e.code)).toEqual(['field_too_long']);
    const [error] = report.errors;
    expect(error!.row).toBe(1);
    expect(error!.column).toMatch(/^n+…\[over 65536 chars\]$/);
    expect(error!.message).toMatch(/column 2 is longer than 65536 characters/);
    expect(ms).toBeLessThan(2000);
    // The 60 MiB name as a string alone would be 60 MiB; the scan holds one 4 MiB chunk at a time.
    expect(heapGrowthMiB).toBeLessThan(40);
  });

  it('refuses a 10 MiB id cell with field_too_long naming its line and column', async () => {
    const file = await submission('long-id.csv', ['id,label\n', rows(5), ['7', 10 << 20], ',a\n']);
    const { report, ms, heapGrowthMiB } = await gradeMeasured(file);
    expectBounded(report);
    const error = report.errors.find((e) => e.code === 'field_too_long');
    expect(error, JSON.stringify(report.errors)).toBeDefined();
    expect(error!.row).toBe(7);
    expect(error!.column).toBe('id');
    expect(error!.message).toContain(`"7777`);
    expect(error!.message).toContain(`…[over ${MAX_FIELD_CHARS} chars]`);
    expect(ms).toBeLessThan(2000);
    expect(heapGrowthMiB).toBeLessThan(40);
  });

  it('reports a 60 MiB line of short fields as a ragged row, and a 60 MiB header of them as extra columns', async () => {
    const line = await submission('long-line.csv', ['id,label\n', rows(1), '100,a', [',a', 30 << 20], '\n']);
    const ragged = await gradeMeasured(line);
    expectBounded(ragged.report);
    const rowError = ragged.report.errors.find((e) => e.code === 'ragged_row');
    expect(rowError?.row).toBe(11);
    expect(rowError?.message).toMatch(/^line 11: at least \d+ fields \(it runs past \d+ characters\), expected 2$/);
    expect(ragged.ms).toBeLessThan(2000);

    const header = await submission('long-header.csv', ['id,label', [',x', 30 << 20], '\n', rows()]);
    const extra = await gradeMeasured(header);
    expectBounded(extra.report);
    expect(extra.report.errors.map((e) => [e.code, e.row])).toEqual([['extra_column', 1]]);
    expect(extra.ms).toBeLessThan(2000);
  });

  it('quotes a long value within the limit cut, with the exact count of what was left off', async () => {
    const label = 'z'.repeat(50_000);
    const file = await submission('long-label.csv', ['id,label\n', rows(1), `100,${label}\n`]);
    const report = await gradeSubmission(task, file);
    expectBounded(report);
    const error = report.errors.find((e) => e.code === 'unknown_label')!;
    expect(error.row).toBe(11);
    const quote = /"(z+)…\[\+(\d+) chars\]"/.exec(error.message)!;
    expect(quote[1]!.length + Number(quote[2])).toBe(label.length);
    expect(quote[0].length).toBe(QUOTE_CHARS + 2);
  });

  it('bounds long column names in header errors and their column fields', async () => {
    const name = 'L'.repeat(20_000);
    const file = await submission('renamed.csv', [`id,${name}\n`, ...ids.map((id, i) => `${id},${truth[i]}\n`)]);
    const report = await gradeSubmission(task, file);
    expectBounded(report);
    const renamed = report.errors.find((e) => e.code === 'renamed_column')!;
    expect(renamed.column).toBe(cutText(name, QUOTE_CHARS));
    expect(renamed.message).toContain(quoted(name));
  });
});

describe('ErrorCollector', () => {
  it('keeps every message within MESSAGE_CHARS and every column within QUOTE_CHARS', () => {
    const errors = new ErrorCollector();
    errors.add({ code: 'unknown_id', message: 'm'.repeat(1_000_000), column: 'c'.repeat(1_000_000), row: 2 });
    const [e] = errors.list();
    // The marker's count may have a digit fewer than the bound allowed for: one char to spare.
    expect(e!.message.length).toBeGreaterThanOrEqual(MESSAGE_CHARS - 1);
    expect(e!.message.length).toBeLessThanOrEqual(MESSAGE_CHARS);
    expect(e!.message).toMatch(/^m+…\[\+\d+ chars\]$/);
    expect(e!.column!.length).toBeLessThanOrEqual(QUOTE_CHARS);
    expect(e!.row).toBe(2);
  });

  it('lists at most five errors of a code and twenty in all, and counts every one of the rest', () => {
    const errors = new ErrorCollector();
    const codes: SubmissionErrorCode[] = ['unknown_id', 'duplicate_id', 'missing_value', 'non_numeric', 'unknown_label', 'ragged_row'];
    for (const code of codes) for (let i = 0; i < 100; i++) errors.add({ code, message: `${code} ${i}` });
    const list = errors.list();
    const detailed = list.filter((e) => !/more rows with the same problem/.test(e.message));
    expect(detailed.length).toBe(20);
    for (const code of codes) expect(detailed.filter((e) => e.code === code).length).toBeLessThanOrEqual(5);
    const summaries = list.filter((e) => /more rows with the same problem/.test(e.message));
    expect(summaries.length).toBe(codes.length);
    const listedOf = (code: SubmissionErrorCode) => detailed.filter((e) => e.code === code).length;
    for (const s of summaries) expect(s.message).toBe(`${100 - listedOf(s.code)} more rows with the same problem (100 in all)`);
  });
});

describe('bounded text', () => {
  it('cuts to at most the bound with an exact count, never splitting a surrogate pair', () => {
    for (const max of [20, 33, 200, 1024]) {
      for (const length of [max - 1, max, max + 1, 5 * max, 10_000_000]) {
        const text = '😀'.repeat(Math.ceil(length / 2)).slice(0, length);
        const cut = cutText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (length <= max) expect(cut).toBe(text);
        else {
          const [, kept, left] = /^(.*)…\[\+(\d+) chars\]$/su.exec(cut)!;
          expect(kept!.length + Number(left)).toBe(length);
          expect(text.startsWith(kept!)).toBe(true);
          expect(kept!.length % 2).toBe(0);
        }
      }
    }
  });

  it('marks the start of a value of unknown length, and cuts every string of a record', () => {
    expect(cutStart('x'.repeat(500), 65536)).toBe('x'.repeat(QUOTE_CHARS - '…[over 65536 chars]'.length) + '…[over 65536 chars]');
    const record = cutStrings({ kind: 'step', step: 3, ok: true, code: 'c'.repeat(100), nested: { list: ['s'.repeat(100), 7, null] } }, 30) as Record<string, unknown>;
    expect(record.kind).toBe('step');
    expect(record.step).toBe(3);
    expect((record.code as string).length).toBeLessThanOrEqual(30);
    const nested = record.nested as { list: unknown[] };
    expect((nested.list[0] as string).length).toBeLessThanOrEqual(30);
    expect(nested.list.slice(1)).toEqual([7, null]);
  });
});
