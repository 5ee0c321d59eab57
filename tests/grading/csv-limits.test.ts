import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvLimitError, scanCsv, scanCsvFile, type CsvLimits } from '../../harness/tabular/csv.js';
import { tempDir } from '../helpers/fixture-task.js';
import { writeLargeFile } from '../helpers/large-file.js';

const dir = tempDir('arena-csv-limits-');

async function limitErrorOf(file: string, limits: CsvLimits, chunkBytes?: number): Promise<CsvLimitError> {
  const err = await scanCsvFile(file, () => {}, { ...limits, chunkBytes }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CsvLimitError);
  return err as CsvLimitError;
}

describe('scan limits', () => {
  it('stop at a field over the limit with its line, field, record and start, the same at every chunk size', async () => {
    const cases: { text: string; line: number; record: number; field: number; start: string }[] = [
      { text: 'id,label\n1,a\n2,' + 'x'.repeat(40) + '\n', line: 3, record: 2, field: 1, start: 'xxxx' },
      { text: 'id,' + 'n'.repeat(40) + '\n1,a\n', line: 1, record: 0, field: 1, start: 'nnnn' },
      // A quoted field is measured as written, from the character after its opening quote.
      { text: 'a,b\n"two\nlines",ok\n3,"' + 'q'.repeat(20) + '""' + 'q'.repeat(20) + '"\n', line: 4, record: 2, field: 1, start: 'qqqq' },
      { text: 'a,b\n1,"open' + 'o'.repeat(40), line: 2, record: 1, field: 1, start: 'open' },
    ];
    for (const [k, c] of cases.entries()) {
      const file = path.join(dir, `field-${k}.csv`);
      writeFileSync(file, c.text);
      for (const chunkBytes of [1, 2, 3, 7, 16, 1 << 20]) {
        const err = await limitErrorOf(file, { maxFieldChars: 32 }, chunkBytes);
        expect({ what: err.what, line: err.line, record: err.record, field: err.field, limit: err.limit }, `case ${k}, chunk ${chunkBytes}`).toEqual({
          what: 'field',
          line: c.line,
          record: c.record,
          field: c.field,
          limit: 32,
        });
        expect(err.start.startsWith(c.start)).toBe(true);
      }
      expect(() => scanCsv(c.text, () => {}, { maxFieldChars: 32 })).toThrow(CsvLimitError);
    }
  });

  it('stop at a record over the limit, counting the fields it had, the same at every chunk size', async () => {
    const file = path.join(dir, 'record.csv');
    writeFileSync(file, 'a,b\n1,2\n' + Array.from({ length: 30 }, (_, i) => i % 10).join(',') + '\n');
    for (const chunkBytes of [1, 2, 5, 1 << 20]) {
      const err = await limitErrorOf(file, { maxFieldChars: 4, maxRecordChars: 20 }, chunkBytes);
      // Ten fields of one digit and their commas pass 20 characters at the eleventh.
      expect({ what: err.what, line: err.line, record: err.record, field: err.field }).toEqual({ what: 'record', line: 3, record: 2, field: 11 });
    }
  });

  it('accept records exactly at the limits, with the same records as an unlimited scan', () => {
    const text = 'id,v\n' + 'x'.repeat(8) + ',"' + 'y'.repeat(8) + '"\n';
    const seen: string[][] = [];
    scanCsv(text, (f) => {
      seen.push(f.slice());
    }, { maxFieldChars: 8, maxRecordChars: 19 });
    expect(seen).toEqual([['id', 'v'], ['x'.repeat(8), 'y'.repeat(8)]]);
  });

  it('refuse a 60 MiB header field or a 60 MiB line of short fields in linear time, without building them', async () => {
    const limits = { maxFieldChars: 64 * 1024, maxRecordChars: 2 * (64 * 1024 + 3) };
    const field = await writeLargeFile(path.join(dir, 'long-name.csv'), ['id,', ['x', 60 << 20], '\n1,a\n']);
    const quotedField = await writeLargeFile(path.join(dir, 'long-quoted-name.csv'), ['id,"', ['x', 60 << 20], '"\n1,a\n']);
    const line = await writeLargeFile(path.join(dir, 'long-line.csv'), ['id,label\n1,', ['a,', 30 << 20], 'a\n']);
    for (const [file, what] of [[field, 'field'], [quotedField, 'field'], [line, 'record']] as const) {
      const started = performance.now();
      const err = await limitErrorOf(file, limits);
      expect(err.what).toBe(what);
      expect(err.start.length).toBeLessThanOrEqual(200);
      // Without limits the header field alone took about 5 s here (every chunk rescanned the carry).
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
