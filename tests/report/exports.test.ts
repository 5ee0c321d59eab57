import { describe, expect, it } from 'vitest';
import { ReportModel } from '../../harness/report/model.js';
import { buildTables, toCsv, toRecords, type Table } from '../../harness/report/tables.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { fixtureModel, HOSTILE } from './fixture.js';

const model = ReportModel.parse(fixtureModel({ hostile: HOSTILE }));
const tables = buildTables(model);
const byName = (name: string): Table => tables.find((t) => t.name === name)!;

/** A CSV cell back to the value it was written from. */
function cellValue(text: string, original: unknown): unknown {
  if (text === '') return original === '' ? '' : null; // CSV cannot tell an empty string from a missing value
  if (typeof original === 'number') return Number(text);
  if (typeof original === 'boolean') return text === 'true';
  return text;
}

describe('data exports', () => {
  it('has a table for every part of the report', () => {
    expect(tables.map((t) => t.name)).toEqual([
      'leaderboard', 'suites', 'set-scores', 'winloss-generated', 'winloss-human', 'winloss-combined',
      'correlations', 'correlation-points', 'curves', 'composition', 'tasks', 'episodes', 'paired',
    ]);
  });

  it.each(tables.map((t) => [t.name, t] as const))('%s: CSV and JSON parse back to the same values', (_name, table) => {
    const { header, rows } = parseCsv(toCsv(table));
    expect(header).toEqual(table.columns);
    expect(rows.length).toBe(table.rows.length);
    rows.forEach((row, r) => row.forEach((text, c) => expect(cellValue(text, table.rows[r]![c])).toEqual(table.rows[r]![c] ?? null)));
    expect(JSON.parse(JSON.stringify(toRecords(table)))).toEqual(toRecords(table));
  });

  it('carries the model numbers at full precision', () => {
    const csv = parseCsv(toCsv(byName('leaderboard')));
    const gbm = csv.rows.find((r) => r[0] === 'baseline:gbm')!;
    const row = model.leaderboard.find((r) => r.agent === 'baseline:gbm')!;
    expect(Number(gbm[csv.header.indexOf('normalized')])).toBe(row.normalized.value);
    expect(Number(gbm[csv.header.indexOf('elo_hi')])).toBe(row.elo!.hi);

    const set = model.sets[0]!;
    const wl = toRecords(byName('winloss-generated'));
    const i = set.winLoss.agents.indexOf('baseline:ladder');
    const j = set.winLoss.agents.indexOf('baseline:linear');
    const cell = wl.find((r) => r.agent === 'baseline:ladder' && r.opponent === 'baseline:linear')!;
    expect(cell).toMatchObject({ wins: set.winLoss.wins[i]![j], ties: set.winLoss.ties[i]![j], losses: set.winLoss.wins[j]![i] });

    const corr = toRecords(byName('correlations'))[0]!;
    expect(corr.pearson_r).toBe(model.correlations[0]!.pearson.value);
    expect(corr.n).toBe(5);
  });

  it('writes one score and one normalized column per agent in the task table, empty for invalid', () => {
    const t = byName('tasks');
    expect(t.columns).toContain('baseline:forest:normalized');
    const invalid = model.tasks.flatMap((task) => task.results.filter((r) => r.normalized === null).map((r) => ({ task, r })))[0]!;
    const record = toRecords(t).find((x) => x.task === invalid.task.task)!;
    expect(record[`${invalid.r.agent}:normalized`]).toBeNull();
  });

  it('quotes hostile text in CSV cells so the row structure survives', () => {
    const { rows } = parseCsv(toCsv(byName('tasks')));
    expect(rows[0]![1]).toBe(model.tasks[0]!.task);
    expect(rows.every((r) => r.length === byName('tasks').columns.length)).toBe(true);
  });
});
