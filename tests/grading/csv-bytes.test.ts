import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCsvBytes } from '../../harness/tabular/csv-bytes.js';
import { CsvLimitError, csvField, scanCsv, type CsvLimits } from '../../harness/tabular/csv.js';
import { readDecimal } from '../../harness/tabular/decimal.js';
import { tempDir } from '../helpers/fixture-task.js';
import { writeLargeFile } from '../helpers/large-file.js';
import { mulberry32 } from './random.js';

const PYTHON = '/usr/bin/python3';
const dir = tempDir('arena-csv-bytes-');
const CHUNKS = [1, 2, 3, 5, 8, 13, 64, 1 << 20];

type Seen = [string[], number, number][];

async function bytesRecords(file: string, options: { chunkBytes?: number } & CsvLimits = {}): Promise<Seen> {
  const seen: Seen = [];
  await scanCsvBytes(file, (record, index, line) => {
    seen.push([record.texts(), index, line]);
  }, options);
  return seen;
}

function stringRecords(text: string): Seen {
  const seen: Seen = [];
  scanCsv(text, (fields, index, line) => {
    seen.push([fields.slice(), index, line]);
  });
  return seen;
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  const err = await run().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

/** Seeded nasty CSV: quotes, escapes, embedded newlines, CRLF and lone CR, UTF-8, empty fields, blank lines, long lines. */
function nastyCsv(seed: number): string {
  const rand = mulberry32(seed);
  const pieces = ['a', 'b,c', 'say "hi"', 'two\nlines', 'crlf\r\nin', 'é€😀', '', '123.5', ' sp ', '""', 'x'.repeat(5000), '-1e-7', 'NaN'];
  const rows: string[] = [];
  for (let r = 0; r < 80; r++) {
    const width = 1 + Math.floor(rand() * 4);
    rows.push(Array.from({ length: width }, () => (rand() < 0.1 ? `"${['a', 'b,c', 'two\nlines'][Math.floor(rand() * 3)]}"` : csvField(pieces[Math.floor(rand() * pieces.length)]!))).join(','));
    if (rand() < 0.1) rows.push('');
    if (rand() < 0.05) rows.push('\r');
  }
  const end = rand() < 0.5 ? '\r\n' : '\n';
  return (rand() < 0.3 ? '\uFEFF' : '') + rows.join(end) + (rand() < 0.5 ? end : '');
}

// The records, lines and errors below are what the string scanner csv.ts had before both became
// one (it was tested against this scanner at every chunk size); csv.test.ts and csv-limits.test.ts
// state the same rules through the string API, and Python's csv module is the outside check.
describe('scanCsvBytes, the one CSV scanner, at every chunk size', () => {
  it('reads a file read in chunks as it reads the whole text in memory', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const text = nastyCsv(seed);
      const file = path.join(dir, `nasty-${seed}.csv`);
      writeFileSync(file, text);
      const expected = stringRecords(text);
      expect(expected.length).toBeGreaterThan(40);
      for (const chunkBytes of CHUNKS) expect(await bytesRecords(file, { chunkBytes }), `seed ${seed}, chunk ${chunkBytes}`).toEqual(expected);
    }
  });

  it('handles the small cases one by one: CRLF, BOM, no trailing newline, empty fields, a trailing comma, a quoted empty line', async () => {
    const cases: [string, Seen][] = [
      ['a,b\r\n1,\r\n,2', [[['a', 'b'], 0, 1], [['1', ''], 1, 2], [['', '2'], 2, 3]]],
      ['\uFEFFa\n1\n', [[['a'], 0, 1], [['1'], 1, 2]]],
      ['a\n\n\n1', [[['a'], 0, 1], [['1'], 1, 4]]],
      ['a,b,\n1,2,\n', [[['a', 'b', ''], 0, 1], [['1', '2', ''], 1, 2]]],
      ['a\n""\n1\n', [[['a'], 0, 1], [['1'], 1, 3]]],
      ['a\n"x"\r\n"y"', [[['a'], 0, 1], [['x'], 1, 2], [['y'], 2, 3]]],
      ['a\r\r1\r', [[['a'], 0, 1], [['1'], 1, 2]]],
      [',\n', [[['', ''], 0, 1]]],
      ['"a""b",c\n', [[['a"b', 'c'], 0, 1]]],
    ];
    for (const [k, [text, expected]] of cases.entries()) {
      const file = path.join(dir, `small-${k}.csv`);
      writeFileSync(file, text);
      expect(stringRecords(text), JSON.stringify(text)).toEqual(expected);
      for (const chunkBytes of CHUNKS) expect(await bytesRecords(file, { chunkBytes }), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('fails with a message naming the line: an open quote, text after a closing quote, a NUL byte', async () => {
    const cases: [Buffer, string][] = [
      [Buffer.from('a,b\n1,"never closed\n2,3\n'), 'unterminated quoted field starting on line 2'],
      [Buffer.from('a,b\n"x"y,1\n'), 'unexpected character after a closing quote on line 2'],
      [Buffer.concat([Buffer.from('a,b\n"1\n2",2\n3,'), Buffer.from([0, 1, 2])]), 'binary content (a NUL byte) on line 4: not a CSV text file'],
    ];
    for (const [k, [bytes, message]] of cases.entries()) {
      const file = path.join(dir, `bad-${k}.csv`);
      writeFileSync(file, bytes);
      for (const chunkBytes of [1, 4, 1 << 20]) {
        const err = await failure(() => scanCsvBytes(file, () => {}, { chunkBytes }));
        expect([err.name, err.message], `case ${k}, chunk ${chunkBytes}`).toEqual(['CsvSyntaxError', message]);
      }
    }
  });

  it('stops at the field and record limits with a CsvLimitError, counting characters, not bytes', async () => {
    const field = (line: number, record: number) => ({ message: `field 2 on line ${line} is longer than 32 characters`, line, what: 'field', record, field: 1, limit: 32 });
    const cases: [string, CsvLimits, object][] = [
      ['id,label\n1,a\n2,' + 'x'.repeat(40) + '\n', { maxFieldChars: 32 }, field(3, 2)],
      ['a,b\n3,"' + 'q'.repeat(20) + '""' + 'q'.repeat(20) + '"\n', { maxFieldChars: 32 }, field(2, 1)],
      ['a,b\n1,"open' + 'o'.repeat(40), { maxFieldChars: 32 }, field(2, 1)],
      // 32 characters of 2, 3 and 4 bytes fit; 33 do not.
      ['a,b\n1,' + 'é'.repeat(32) + '\n2,' + '€'.repeat(32) + '\n3,"' + '😀'.repeat(16) + '"\n4,' + 'é'.repeat(33) + '\n', { maxFieldChars: 32 }, field(5, 4)],
      ['a,b\n1,2\n' + Array.from({ length: 30 }, (_, i) => i % 10).join(',') + '\n', { maxFieldChars: 4, maxRecordChars: 20 }, { message: 'the record on line 3 is longer than 20 characters (11 fields so far)', line: 3, what: 'record', record: 2, field: 11, limit: 20 }],
      ['a,b\n' + Array.from({ length: 12 }, () => 'é').join(',') + '\n', { maxFieldChars: 4, maxRecordChars: 20 }, { message: 'the record on line 2 is longer than 20 characters (11 fields so far)', line: 2, what: 'record', record: 1, field: 11, limit: 20 }],
    ];
    for (const [k, [text, limits, expected]] of cases.entries()) {
      const file = path.join(dir, `limit-${k}.csv`);
      writeFileSync(file, text);
      for (const chunkBytes of [1, 2, 7, 1 << 20]) {
        const err = await failure(() => scanCsvBytes(file, () => {}, { ...limits, chunkBytes }));
        expect(err, `case ${k}, chunk ${chunkBytes}`).toBeInstanceOf(CsvLimitError);
        const { message, line, what, record, field: at, limit, start } = err as CsvLimitError;
        expect({ message, line, what, record, field: at, limit }, `case ${k}, chunk ${chunkBytes}`).toEqual(expected);
        // The field's own first characters, to recognise it by.
        if (what === 'field') expect(text.includes(start) && start.length > limit, `case ${k}: ${JSON.stringify(start)}`).toBe(true);
      }
    }
  });

  it('reads a 30 MiB line in one record when nothing limits it', async () => {
    const file = await writeLargeFile(path.join(dir, 'long-line.csv'), ['a,b\n"', ['xy', 15 << 20], '",1\n2,3\n']);
    const lengths: number[][] = [];
    await scanCsvBytes(file, (record) => {
      lengths.push(Array.from({ length: record.count }, (_, k) => record.end(k) - record.start(k)));
    });
    expect(lengths).toEqual([[1, 1], [30 << 20, 1], [1, 1]]);
  });
});

describe('scanCsvBytes against Python\'s csv module', () => {
  it('reads what csv.writer wrote as csv.reader reads it back', async () => {
    const file = path.join(dir, 'python.csv');
    // Python writes a file of nasty fields with its own quoting rules and prints what its reader reads.
    const script = `
import csv, json, random, sys
random.seed(5)
pieces = ['a', 'b,c', 'say "hi"', 'two\\nlines', 'cr\\rlf\\r\\n', 'é€😀', '', '0.1', '-2.5e-300', ' x ', '"', 'x' * 3000]
rows = [['id', 'text', 'value']] + [[str(i), random.choice(pieces), random.choice(pieces)] for i in range(2000)]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
    writer = csv.writer(f, quoting=random.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    for r in rows:
        writer.writerow(r)
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps(list(csv.reader(f))))
`;
    const expected = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as string[][];
    expect(expected.length).toBe(2001);
    for (const chunkBytes of [7, 4096, 1 << 20]) {
      const got = (await bytesRecords(file, { chunkBytes })).map(([fields]) => fields);
      expect(got).toEqual(expected);
    }
  });
});

describe('readDecimal', () => {
  const read = (text: string): number | null => {
    const bytes = Buffer.from(text, 'utf8');
    const out = new Float64Array(1);
    return readDecimal(bytes, 0, bytes.length, out, 0) ? out[0]! : null;
  };

  it('reads plain decimals exactly as Number does, and leaves every other spelling to Number', () => {
    const plain = ['0', '-0', '+1', '17', '0.5', '.5', '5.', '-0.000001', '1e5', '1E+05', '2.5e-3', '123456789012345', '0.1', '1.7976931348623157e308', '9007199254740993', '0.30000000000000004', '1.0000000000000002', '4.9406564584124654e-324'];
    for (const text of plain) {
      const got = read(text);
      if (got !== null) expect(Object.is(got, Number(text)), text).toBe(true);
    }
    // The forms numpy and pandas write most are read here, not handed back.
    for (const text of ['0', '-0', '17', '0.5', '-0.000001', '1e5', '2.5e-3', '0.1', '0.30000000000000004', '0.08936782258477286']) expect(read(text), text).not.toBeNull();
    const refused = ['', ' 1', '1 ', 'nan', 'NaN', 'inf', '-inf', 'Infinity', '-Infinity', 'infinity', '0x10', '0b1', '1_000', '1e', '1e+', '.', '-', '+', '--1', '1-2', '1.2.3', 'e5', '1,5', '١', '1e400', '1e-400', '0.12345678901234567890123'];
    for (const text of refused) expect(read(text), text).toBeNull();
  });

  it('agrees with Number on 300,000 random doubles in every form they are written in', () => {
    const rand = mulberry32(11);
    const out = new Float64Array(1);
    let read = 0;
    for (let i = 0; i < 300_000; i++) {
      const x = (rand() - 0.3) * 10 ** Math.floor(rand() * 12 - 8);
      const forms = [String(x), x.toPrecision(1 + Math.floor(rand() * 17)), x.toExponential(Math.floor(rand() * 17)), x.toFixed(Math.floor(rand() * 12))];
      const text = forms[i % forms.length]!;
      const bytes = Buffer.from(text);
      if (readDecimal(bytes, 0, bytes.length, out, 0)) {
        read++;
        if (!Object.is(out[0], Number(text))) expect(out[0], text).toBe(Number(text));
      }
    }
    // Most are read without a string; left to Number: those near a rounding boundary, and 16 digits
    // or more with an exponent (a scale past 10^-22, or any above 1).
    expect(read).toBeGreaterThan(270_000);
  });
});
