import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../harness/grading/grade.js';
import { AnswerIdsBuilder, type AnswerIds } from '../../harness/grading/id-index.js';
import { loadTask } from '../../harness/task/loader.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';

function build(ids: string[]): ReturnType<AnswerIdsBuilder['finish']> {
  const builder = new AnswerIdsBuilder();
  for (const id of ids) {
    const bytes = Buffer.from(`,${id},`);
    builder.add(bytes, 1, bytes.length - 1);
  }
  return builder.finish();
}

function rowOf(ids: AnswerIds, id: string): number {
  const bytes = Buffer.from(`"${id}"`);
  return ids.rowOf(bytes, 1, bytes.length - 1);
}

describe('AnswerIds', () => {
  const cases: [string, string[]][] = [
    ['dense integers', ['3', '0', '2', '1']],
    ['sparse integers', ['5', '1000000', '42', '999999999']],
    ['strings', ['a', 'é', '😀', '', 'x y']],
    ['integers, then a string', ['0', '1', '2', 'two', '3']],
  ];
  for (const [name, ids] of cases) {
    it(`finds every row and spells every id back: ${name}`, () => {
      const index = build(ids) as AnswerIds;
      expect('duplicateAt' in index).toBe(false);
      expect(index.length).toBe(ids.length);
      expect([...index]).toEqual(ids);
      for (const [row, id] of ids.entries()) {
        expect(rowOf(index, id), id).toBe(row);
        expect(index.rowOfText(id)).toBe(row);
        expect(index.at(row)).toBe(id);
      }
      for (const absent of ['7', '01', '1.0', '+1', 'b', ' a', '-1']) if (!ids.includes(absent)) expect(rowOf(index, absent), absent).toBe(-1);
    });
  }

  it('reports the first duplicate with its row and spelling, in every representation', () => {
    expect(build(['0', '1', '1', '0'])).toEqual({ duplicateAt: 2, id: '1' });
    expect(build(['5', '100000000', '5'])).toEqual({ duplicateAt: 2, id: '5' });
    expect(build(['a', 'b', 'a'])).toEqual({ duplicateAt: 2, id: 'a' });
    expect(build(['0', '1', '0', 'x'])).toEqual({ duplicateAt: 2, id: '0' });
    expect(build(['0', 'x', '1', 'x'])).toEqual({ duplicateAt: 3, id: 'x' });
  });
});

describe('grading by bytes', () => {
  it('grades a submission that quotes every field (as R writes), with string ids and an escaped one', async () => {
    const root = tempDir('arena-ids-');
    const ids = ['r"1', 'r2', 'é3', 'r4'];
    const truth = ['a', 'b', 'c', 'a'];
    writeGradableTask(root, manifest({ id: 'strings' }), ids.map((id, i) => ({ id, target: truth[i]!, board: i < 2 ? 'public' : 'private' })));
    const task = await loadTask(path.join(root, 'strings'));
    const file = path.join(root, 'subs', 'quoted.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    writeFileSync(file, ['"id","label"', ...ids.map((id, i) => `${quote(id)},${quote(i === 3 ? 'b' : truth[i]!)}`)].join('\r\n') + '\r\n');
    const report = await gradeSubmission(task, file);
    expect(report.errors).toEqual([]);
    expect(report.publicScore).toBe(1);
    expect(report.score).toBe(0.5);
  });
});
