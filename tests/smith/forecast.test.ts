import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { tempDir } from '../helpers/fixture-task.js';

// The generator on two real series: monthly Mauna Loa CO2, and the quarterly US unemployment rate and CPI (two proposals a dataset).
const out = path.join(tempDir('smith-forecast-'), 'suite');
const CO2 = 'co2-concentration-co2-forecasting';
const UNEMP = 'aer-usmacrosw-unemp-forecasting';
const CPI = 'aer-usmacrosw-cpi-forecasting';
let summary: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  summary = await generate({ datasets: ['co2-concentration', 'aer-usmacrosw'], outDir: out, roles: heuristicRoles, perDataset: 2, concurrency: 1, runtime: 'local', maxRetries: 0 });
}, 900_000);

/** A task's folder: in the suite once verified, else where the pipeline built it. */
function taskDir(id: string): string {
  const verified = path.join(out, id);
  return existsSync(path.join(verified, 'task.json')) ? verified : path.join(out, '.smith', 'build', id);
}

function read(id: string) {
  const dir = taskDir(id);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
  const table = (name: string) => parseCsv(readFileSync(path.join(dir, 'data', name), 'utf8'));
  const verification = JSON.parse(readFileSync(path.join(out, '.smith', 'candidates', id, 'verification.json'), 'utf8'));
  return { manifest, description: readFileSync(path.join(dir, 'description.md'), 'utf8'), train: table('public/train.csv'), test: table('public/test.csv'), answers: table('private/answers.csv'), checks: verification.attempts.at(-1).checks };
}

/** Months since year 0 of an ISO date ("1985-05-01", "1957-04"): steps of a monthly or quarterly axis. */
const month = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/**
 * Every lag value of a test row was observed at least the horizon before it, in the training period:
 * lag k of the row at time t is the training target at t − k steps.
 */
function expectLagsFromTraining(id: string, monthsPerStep: number, horizon: number) {
  const { manifest, train, test } = read(id);
  const target: string = manifest.targetColumns[0];
  const [timeAt, targetAt] = [train.header.indexOf(test.header[1]!), train.header.indexOf(target)];
  const history = new Map(train.rows.map((r) => [month(r[timeAt]!), r[targetAt]!]));
  const lastTrain = Math.max(...history.keys());
  const lags = test.header.map((h, i) => [i, Number(/_lag_(\d+)$/.exec(h)?.[1])] as const).filter(([, k]) => Number.isFinite(k));
  expect(lags.length).toBeGreaterThan(0);
  let checked = 0;
  for (const row of test.rows) {
    const t = month(row[1]!);
    expect(t).toBeGreaterThan(lastTrain);
    expect(t - lastTrain).toBeLessThanOrEqual(horizon * monthsPerStep);
    for (const [i, k] of lags) {
      expect(k).toBeGreaterThanOrEqual(horizon);
      const at = t - k * monthsPerStep;
      expect(at).toBeLessThanOrEqual(lastTrain);
      expect(row[i], `${target} lag ${k} of ${row[1]}`).toBe(history.get(at));
      checked++;
    }
  }
  expect(checked).toBe(test.rows.length * lags.length);
}

/** mean |y_t − y_{t−m}| over the training series in time order: MASE's seasonal scale, measured here on its own. */
function seasonalNaiveError(id: string, period: number): number {
  const { manifest, train } = read(id);
  const targetAt = train.header.indexOf(manifest.targetColumns[0]);
  const ordered = [...train.rows].sort((a, b) => month(a[1]!) - month(b[1]!)).map((r) => Number(r[targetAt]));
  const errors = ordered.slice(period).map((y, i) => Math.abs(y - ordered[i]!));
  return errors.reduce((a, b) => a + b, 0) / errors.length;
}

/** The trivial baseline's submission at execution, by test id. */
function trivialSubmission(id: string): Map<string, number> {
  const runs = path.join(out, '.smith', 'execution', id);
  const attempt = readdirSync(runs).find((d) => d.startsWith('attempt-1-'))!;
  const file = path.join(runs, attempt, 'episodes', `smith-candidates_${id}_baseline_trivial_seed-0`, 'submissions', 'step_1.csv');
  const { header, rows } = parseCsv(readFileSync(file, 'utf8'));
  return new Map(rows.map((r) => [r[0]!, Number(r[header.length - 1])]));
}

// The seasonal naive forecast read off the raw series with pandas, by calendar: the value `back` months before each test row's date.
const NAIVE_PY = `
import json, sys
import pandas as pd
raw_csv, time, target, back, test_csv = sys.argv[1:6]
month = lambda s: s.astype(str).str.slice(0, 4).astype(int) * 12 + s.astype(str).str.slice(5, 7).astype(int) - 1
raw = pd.read_csv(raw_csv)
series = pd.Series(raw[target].to_numpy(), index=month(raw[time]))
test = pd.read_csv(test_csv, dtype={"id": str})
print(json.dumps(dict(zip(test["id"], series.reindex(month(test[time]) - int(back)).tolist()))))
`;

async function naiveFromRaw(id: string, dataset: string, time: string, target: string, monthsBack: number): Promise<Map<string, number>> {
  const raw = path.join(await resolveDatasetDir(dataset), 'data.csv');
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', NAIVE_PY, raw, time, target, String(monthsBack), path.join(taskDir(id), 'data', 'public', 'test.csv')]);
  return new Map(Object.entries(JSON.parse(stdout) as Record<string, number>));
}

// Simple forecasts read off the raw series with pandas, h steps on: the drift (the last training value plus the
// mean step of the training period), the mean of the last H training values (H the horizon), and constant growth
// (the last value compounded by the mean log step).
const SIMPLE_PY = `
import json, sys
import numpy as np
import pandas as pd
raw_csv, time, target, train_csv, test_csv = sys.argv[1:6]
raw = pd.read_csv(raw_csv)
series = pd.Series(raw[target].to_numpy(), index=raw[time].astype(str)).sort_index()
train_times = set(pd.read_csv(train_csv, dtype={time: str})[time])
history = series[series.index.isin(train_times)]
slope = (history.iloc[-1] - history.iloc[0]) / (len(history) - 1)
test = pd.read_csv(test_csv, dtype={"id": str, time: str})
steps = test[time].rank(method="dense").astype(int)
growth = np.log(history.iloc[-1] / history.iloc[0]) / (len(history) - 1)
forecasts = {
    "drift": history.iloc[-1] + slope * steps,
    "recent mean": steps * 0 + history.iloc[-steps.max():].mean(),
    "constant growth": history.iloc[-1] * np.exp(growth * steps),
}
print(json.dumps({name: dict(zip(test["id"], f.tolist())) for name, f in forecasts.items()}))
`;

async function simpleFromRaw(id: string, dataset: string, time: string, target: string): Promise<Record<'drift' | 'recent mean' | 'constant growth', Map<string, number>>> {
  const raw = path.join(await resolveDatasetDir(dataset), 'data.csv');
  const data = path.join(taskDir(id), 'data', 'public');
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', SIMPLE_PY, raw, time, target, path.join(data, 'train.csv'), path.join(data, 'test.csv')]);
  const parsed = z.record(z.string(), z.record(z.string(), z.number())).parse(JSON.parse(stdout));
  const byId = (name: string) => new Map(Object.entries(parsed[name] ?? {}));
  return { drift: byId('drift'), 'recent mean': byId('recent mean'), 'constant growth': byId('constant growth') };
}

/** MASE of `pred` on the task's private-leaderboard answers (the rows an anchor is scored on), with its recorded scale. */
function privateMase(id: string, pred: Map<string, number>): number {
  const { manifest, answers } = read(id);
  const [at, board] = [answers.header.indexOf(manifest.targetColumns[0]), answers.header.indexOf('leaderboard')];
  const errors = answers.rows.filter((r) => r[board] === 'private').map((r) => Math.abs(Number(r[at]) - pred.get(r[0]!)!));
  return errors.reduce((a, b) => a + b, 0) / errors.length / manifest.metric.params.scale;
}

describe('arena generate on a monthly series (Mauna Loa CO2)', () => {
  it('asks for whole years of months: 36 months ahead, with lags 36, 37, 38 and the season past them, 48', () => {
    const { manifest } = read(CO2);
    expect(manifest).toMatchObject({ objective: 'forecasting', modality: 'time-series', split: { rows: { test: 36 } } });
    expect(manifest.recipe.lags).toEqual({ lags: [36, 37, 38, 48] });
    expect(summary.tasks.map((t) => t.id)).toContain(CO2);
  });

  it('the prepared test rows lie after training, and each lag value is the training target that many months before', () => {
    expectLagsFromTraining(CO2, 1, 36);
  });

  it('the description states the horizon in months, and that no test row shows another\'s answer', () => {
    const { description } = read(CO2);
    expect(description).toContain('`date` (a monthly series)');
    expect(description).toContain('The test set is the 36 months after the training period');
    expect(description).toContain('the forecast horizon is 36 months ahead');
    expect(description).toContain('36, 37, 38 and 48 months earlier');
  });

  it('scores MASE against the seasonal naive forecast (a year back), its scale measured on train.csv', () => {
    const { manifest } = read(CO2);
    expect(manifest.metric.name).toBe('mase');
    expect(manifest.metric.params.period).toBe(12);
    expect(manifest.metric.params.scale).toBeCloseTo(seasonalNaiveError(CO2, 12), 12);
  });

  it('is anchored on the seasonal naive forecast, the value of the same month three years earlier (co2_lag_36), not the training mean', async () => {
    const naive = await naiveFromRaw(CO2, 'co2-concentration', 'date', 'co2', 36);
    const trivial = trivialSubmission(CO2);
    expect(trivial.size).toBe(36);
    for (const [id, value] of trivial) expect(value, `test row ${id}`).toBe(naive.get(id));
    const { manifest } = read(CO2);
    expect(manifest.anchors.trivial).toBeCloseTo(privateMase(CO2, naive), 9);
    expect(manifest.anchors.reference).toBeLessThan(manifest.anchors.trivial);
  });

  it('the leak screens and the reviews take the lags for the series\' past, and the time axis for no leak', () => {
    const { checks } = read(CO2);
    const failed = checks.filter((c: { stage: string; ok: boolean }) => (c.stage === 'assertions' || c.stage === 'reviews') && !c.ok);
    expect(failed).toEqual([]);
    const history = checks.find((c: { id: string }) => c.id === 'forecast-history');
    expect(history.details.history).toEqual(['co2_lag_36', 'co2_lag_37', 'co2_lag_38', 'co2_lag_48']);
    expect(checks.find((c: { id: string }) => c.id === 'single-feature-predictor').details.skipped.date).toMatch(/time axis of a forecast/);
  });
});

describe('arena generate on a quarterly series (US unemployment, USMacroSW)', () => {
  it('asks for whole horizons of 8 quarters (32 quarters ahead) with lags 32, 33, 34 and the season past them, 36', () => {
    const { manifest, description } = read(UNEMP);
    expect(manifest.split.rows.test).toBe(32);
    expect(manifest.recipe.lags).toEqual({ lags: [32, 33, 34, 36] });
    expect(manifest.metric.params.period).toBe(4);
    expect(manifest.metric.params.scale).toBeCloseTo(seasonalNaiveError(UNEMP, 4), 12);
    expect(description).toContain('The test set is the 32 quarters after the training period');
    expect(description).toContain('32, 33, 34 and 36 quarters earlier');
  });

  it('the prepared test rows respect the horizon: each lag is the training value that many quarters before', () => {
    expectLagsFromTraining(UNEMP, 3, 32);
  });

  it('is anchored on the seasonal naive forecast, the same quarter eight years earlier (unemp_lag_32)', async () => {
    const naive = await naiveFromRaw(UNEMP, 'aer-usmacrosw', 'time', 'unemp', 96);
    const trivial = trivialSubmission(UNEMP);
    expect(trivial.size).toBe(32);
    for (const [id, value] of trivial) expect(value, `test row ${id}`).toBe(naive.get(id));
  });

  it('rejects the CPI forecast: its reference beats the seasonal naive anchor but not the drift of the training series, scored as pandas computes it', async () => {
    expect(summary.tasks.find((t) => t.id === CPI)?.verdict).toBe('rejected');
    const { checks } = read(CPI);
    const simple = checks.find((c: { id: string }) => c.id === 'execution-beats-simple-forecasts');
    expect(simple.ok).toBe(false);
    expect(simple.message).toMatch(/best simple forecast, the drift/);
    const pandas = await simpleFromRaw(CPI, 'aer-usmacrosw', 'time', 'cpi');
    for (const name of ['drift', 'recent mean', 'constant growth'] as const) {
      expect(pandas[name].size, name).toBe(32);
      expect(simple.details[name], name).toBeCloseTo(privateMase(CPI, pandas[name]), 9);
    }
    expect(simple.details.edge).toBeLessThan(0);
  });

  it('keeps the CO2 forecast, whose reference beats every simple forecast by 5% or more', () => {
    expect(summary.tasks.find((t) => t.id === CO2)?.verdict).toBe('verified');
    const simple = read(CO2).checks.find((c: { id: string }) => c.id === 'execution-beats-simple-forecasts');
    expect(simple.ok).toBe(true);
    expect(Object.keys(simple.details)).toEqual(expect.arrayContaining(['mean', 'last value', 'drift', 'seasonal naive', 'recent mean', 'recent drift', 'constant growth']));
  });
});
