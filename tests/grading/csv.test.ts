import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, parseCsv, scanCsv, scanCsvFile } from '../../harness/tabular/csv.js';
import { tempDir } from '../helpers/fixture-task.js';

describe('scanCsv', () => {
  it('reads plain, quoted, escaped and multi-line fields with their line numbers', () => {
    const text = 'id,text\n1,plain\n2,"with, comma"\n3,"say ""hi"""\n4,"two\nlines"\n5,last';
    const seen: { fields: string[]; line: number }[] = [];
    scanCsv(text, (fields, _i, line) => {
      seen.push({ fields: fields.slice(), line });
    });
    expect(seen.map((s) => s.fields)).toEqual([
      ['id', 'text'],
      ['1', 'plain'],
      ['2', 'with, comma'],
      ['3', 'say "hi"'],
      ['4', 'two\nlines'],
      ['5', 'last'],
    ]);
    expect(seen.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('handles CRLF, a BOM, blank lines, empty fields and a trailing newline', () => {
    const { header, rows } = parseCsv('\uFEFFa,b,c\r\n1,,3\r\n\r\n,2,\r\n');
    expect(header).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([
      ['1', '', '3'],
      ['', '2', ''],
    ]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/after a closing quote on line 2/);
  });

  it('stops when the callback returns false', () => {
    let calls = 0;
    scanCsv('a\n1\n2\n3\n', () => ++calls < 2);
    expect(calls).toBe(2);
  });

  it('round-trips fields through csvField', () => {
    const values = ['plain', 'a,b', 'q"uote', 'new\nline', ''];
    const { rows } = parseCsv('h1,h2,h3,h4,h5\n' + values.map(csvField).join(',') + '\n');
    expect(rows[0]).toEqual(values);
  });
});

describe('scanCsvFile', () => {
  /** A seeded generator of nasty CSV: quotes, escaped quotes, embedded newlines, CRLF, UTF-8, blank lines. */
  function nastyCsv(seed: number): string {
    let x = seed;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['a', 'b,c', 'say "hi"', 'two\nlines', 'crlf\r\nin', 'é€😀', '', '123.5', ' sp '];
    const rows: string[] = [];
    for (let r = 0; r < 60; r++) {
      rows.push(Array.from({ length: 3 }, () => csvField(pieces[Math.floor(rand() * pieces.length)]!)).join(','));
      if (rand() < 0.1) rows.push('');
    }
    return rows.join(rand() < 0.5 ? '\r\n' : '\n') + (rand() < 0.5 ? '\n' : '');
  }

  it('gives the same records and lines as scanCsv at every chunk size', async () => {
    const dir = tempDir();
    for (let seed = 1; seed <= 6; seed++) {
      const text = nastyCsv(seed);
      const file = path.join(dir, `nasty-${seed}.csv`);
      writeFileSync(file, text);
      const expected: [string[], number][] = [];
      scanCsv(text, (f, _i, line) => {
        expected.push([f.slice(), line]);
      });
      for (const chunk of [1, 2, 3, 5, 8, 13, 64, 1 << 20]) {
        const got: [string[], number][] = [];
        await scanCsvFile(file, (f, _i, line) => {
          got.push([f.slice(), line]);
        }, { chunkBytes: chunk });
        expect(got, `seed ${seed}, chunk ${chunk}`).toEqual(expected);
      }
    }
  });

  it('reports a NUL byte with its line, and an unterminated quote at the end', async () => {
    const dir = tempDir();
    const binary = path.join(dir, 'bin.csv');
    writeFileSync(binary, Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0, 1, 2])]));
    await expect(scanCsvFile(binary, () => {}, { chunkBytes: 4 })).rejects.toThrow(/NUL byte\) on line 3/);
    const open = path.join(dir, 'open.csv');
    writeFileSync(open, 'a,b\n1,"never closed\n2,3\n');
    await expect(scanCsvFile(open, () => {}, { chunkBytes: 5 })).rejects.toThrow(/unterminated quoted field starting on line 2/);
  });
});
