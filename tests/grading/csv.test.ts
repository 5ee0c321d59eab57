import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, parseCsv, scanCsv } from '../../harness/tabular/csv.js';

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
