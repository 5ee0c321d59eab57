import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gradeSubmission } from '../../grading/grade.js';
import { masePeriod } from '../../grading/metrics/mase.js';
import { csvField, parseCsv } from '../../tabular/csv.js';
import type { Task } from '../../task/loader.js';
import { lagColumns } from '../../task/recipe.js';
import type { CheckRecord } from '../types.js';

/**
 * A forecast's reference must beat the best simple forecast by at least this share of its score:
 * a series a model cannot forecast better than its own mean or last value is no competition
 * (the fourth reading: jocci's training mean scored 0.766 against the reference's 0.749).
 */
export const MIN_FORECAST_EDGE = 0.05;

/**
 * The simple forecasts every forecaster is measured against, from the training series alone: over
 * the whole series and over its last stretch as long as the horizon (the fifth reading: a mean of
 * pw561's last 36 months scored 0.758 against the reference's 1.751), and constant growth for a
 * positive series (US GDP's log drift scored 0.557 against 2.68); and each lag column the task
 * publishes, read as the forecast itself (the eighth reading: sunspots' value 32 years back, three
 * solar cycles, scored MASE 0.62 against the reference's 1.44).
 */
export type SimpleForecast = 'mean' | 'last value' | 'drift' | 'seasonal naive' | 'recent mean' | 'recent drift' | 'constant growth' | `value ${number} steps back`;

interface Point {
  time: number;
  value: number;
}

/** A time value as a number: a year, a step, or a date's milliseconds. */
function timeValue(text: string): number {
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? n : Date.parse(text);
}

/** Each simple forecast of one series' test rows (ordered by time), h = 1, 2, ... steps past its training end. */
export function simpleForecasts(train: readonly Point[], steps: number, season: number | undefined): Record<SimpleForecast, number[]> | null {
  const history = [...train].sort((a, b) => a.time - b.time).map((p) => p.value);
  const n = history.length;
  if (n === 0) return null;
  const mean = history.reduce((s, v) => s + v, 0) / n;
  const last = history[n - 1]!;
  const slope = n > 1 ? (last - history[0]!) / (n - 1) : 0;
  const recent = history.slice(Math.max(0, n - steps));
  const recentMean = recent.reduce((s, v) => s + v, 0) / recent.length;
  const recentSlope = recent.length > 1 ? (last - recent[0]!) / (recent.length - 1) : 0;
  const hs = Array.from({ length: steps }, (_, i) => i + 1);
  const forecasts: Record<SimpleForecast, number[]> = {
    mean: hs.map(() => mean),
    'last value': hs.map(() => last),
    drift: hs.map((h) => last + slope * h),
    'seasonal naive': [],
    'recent mean': hs.map(() => recentMean),
    'recent drift': hs.map((h) => last + recentSlope * h),
    'constant growth': [],
  };
  if (season && season > 1 && n >= season) forecasts['seasonal naive'] = hs.map((h) => history[n - season + ((h - 1) % season)]!);
  if (n > 1 && history.every((v) => v > 0)) {
    const growth = Math.log(last / history[0]!) / (n - 1);
    forecasts['constant growth'] = hs.map((h) => last * Math.exp(growth * h));
  }
  return forecasts;
}

function column(header: string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: no column "${name}" (columns: ${header.join(', ')})`);
  return i;
}

/**
 * The simple forecasts' private scores on a prepared forecasting task, graded as any submission
 * is; null for a task that is not a generated forecast (no recipe with lags and a temporal split).
 */
export async function scoreSimpleForecasts(task: Task): Promise<Partial<Record<SimpleForecast, number>> | null> {
  const { manifest, paths } = task;
  const recipe = manifest.recipe;
  if (manifest.objective !== 'forecasting' || !recipe?.lags || recipe.split.kind !== 'temporal') return null;
  const target = recipe.target.name;
  const series = recipe.lags.seriesColumn;
  const season = manifest.metric.name === 'mase' ? masePeriod(manifest.metric.params) : undefined;
  const train = parseCsv(await readFile(paths.train, 'utf8'));
  const test = parseCsv(await readFile(paths.test, 'utf8'));
  const time = recipe.split.column;
  const [trainTime, trainValue, testTime, testId] = [column(train.header, time, paths.train), column(train.header, target, paths.train), column(test.header, time, paths.test), column(test.header, manifest.idColumn, paths.test)];
  const [trainSeries, testSeries] = series ? [column(train.header, series, paths.train), column(test.header, series, paths.test)] : [-1, -1];
  const history = new Map<string, Point[]>();
  for (const row of train.rows) {
    const value = Number(row[trainValue]);
    if (row[trainValue] === '' || !Number.isFinite(value)) continue;
    const k = trainSeries < 0 ? '' : row[trainSeries]!;
    const points = history.get(k) ?? [];
    points.push({ time: timeValue(row[trainTime]!), value });
    history.set(k, points);
  }
  const predictions = new Map<SimpleForecast, Map<string, number>>();
  // A lag column of at least the horizon is known when the forecast is made: it is a forecast.
  for (const { column: name, steps } of lagColumns(recipe)) {
    const at = column(test.header, name, paths.test);
    const byId = new Map<string, number>();
    for (const row of test.rows) {
      const value = Number(row[at]);
      if (row[at] !== '' && Number.isFinite(value)) byId.set(row[testId]!, value);
    }
    predictions.set(`value ${steps} steps back`, byId);
  }
  const ahead = new Map<string, { id: string; time: number }[]>();
  for (const row of test.rows) {
    const k = testSeries < 0 ? '' : row[testSeries]!;
    const rows = ahead.get(k) ?? [];
    rows.push({ id: row[testId]!, time: timeValue(row[testTime]!) });
    ahead.set(k, rows);
  }
  for (const [k, rows] of ahead) {
    // Test times in order; rows at the same time share their step.
    const times = [...new Set(rows.map((r) => r.time))].sort((a, b) => a - b);
    const forecasts = simpleForecasts(history.get(k) ?? [], times.length, season);
    if (!forecasts) return {};
    for (const [name, values] of Object.entries(forecasts) as [SimpleForecast, number[]][]) {
      if (values.length === 0) continue;
      const byId = predictions.get(name) ?? new Map<string, number>();
      for (const r of rows) byId.set(r.id, values[times.indexOf(r.time)]!);
      predictions.set(name, byId);
    }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'arena-simple-forecasts-'));
  try {
    const scores: Partial<Record<SimpleForecast, number>> = {};
    for (const [name, byId] of predictions) {
      if (byId.size !== test.rows.length) continue;
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.csv`);
      await writeFile(file, [`${csvField(manifest.idColumn)},${csvField(target)}`, ...[...byId].map(([id, v]) => `${csvField(id)},${v}`)].join('\n') + '\n');
      const report = await gradeSubmission(task, file);
      if (report.valid && report.score !== null) scores[name] = report.score;
    }
    return scores;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The check that the reference forecast clearly beats every simple one; null when the task is no generated forecast. */
export async function simpleForecastCheck(task: Task, reference: number, referenceAgent: string): Promise<CheckRecord | null> {
  const scores = await scoreSimpleForecasts(task);
  if (!scores) return null;
  const entries = Object.entries(scores) as [SimpleForecast, number][];
  if (entries.length === 0) return { id: 'execution-beats-simple-forecasts', stage: 'execution', ok: false, fixBy: 'brainstormer', message: 'no simple forecast could be scored on the training series' };
  const higher = task.manifest.metric.higherIsBetter;
  const [bestName, best] = entries.reduce((a, b) => ((higher ? b[1] > a[1] : b[1] < a[1]) ? b : a));
  const edge = best !== 0 ? (higher ? reference - best : best - reference) / Math.abs(best) : higher ? reference - best : best - reference;
  const listed = entries.map(([name, s]) => `${name} ${s.toPrecision(4)}`).join(', ');
  return {
    id: 'execution-beats-simple-forecasts',
    stage: 'execution',
    ok: edge >= MIN_FORECAST_EDGE,
    fixBy: 'brainstormer',
    message: `${referenceAgent} (${reference.toPrecision(4)}) is ${(edge * 100).toFixed(1)}% better than the best simple forecast, the ${bestName} (${best.toPrecision(4)}); needs ${MIN_FORECAST_EDGE * 100}% (simple forecasts from the training series: ${listed})`,
    details: { edge, ...Object.fromEntries(entries) },
  };
}
