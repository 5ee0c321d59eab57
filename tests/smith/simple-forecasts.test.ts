import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreSimpleForecasts, simpleForecastCheck, simpleForecasts } from '../../harness/smith/verify/simple-forecasts.js';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { runPython } from '../../harness/util/python.js';
import { tempDir } from '../helpers/fixture-task.js';

// The simple forecasts a generated forecast's reference must beat, on a series small enough to check by hand.
describe('simple forecasts from the training series', () => {
  // Quarterly, given out of order as train.csv is: 10, 20, 30, 40, 14, 24, 34, 44.
  const train = [44, 10, 30, 20, 14, 40, 34, 24].map((value) => ({ value, time: [10, 20, 30, 40, 14, 24, 34, 44].indexOf(value) }));

  it('mean, last value and drift (last + the mean step × h) of the series in time order', () => {
    const f = simpleForecasts(train, 3, undefined)!;
    expect(f.mean).toEqual([27, 27, 27]);
    expect(f['last value']).toEqual([44, 44, 44]);
    // (44 − 10) / 7 per step.
    expect(f.drift[0]).toBeCloseTo(44 + 34 / 7, 12);
    expect(f.drift[2]).toBeCloseTo(44 + (3 * 34) / 7, 12);
    expect(f['seasonal naive']).toEqual([]);
  });

  it('the recent mean and drift use the last stretch as long as the horizon; constant growth compounds the mean log step', () => {
    const f = simpleForecasts(train, 3, undefined)!;
    // The last three values in time order: 24, 34, 44.
    expect(f['recent mean']).toEqual([34, 34, 34]);
    expect(f['recent drift']).toEqual([54, 64, 74]);
    // (ln 44 − ln 10) / 7 per step, from the last value.
    expect(f['constant growth'][1]).toBeCloseTo(44 * (44 / 10) ** (2 / 7), 9);
    // A horizon longer than the history takes all of it.
    expect(simpleForecasts(train, 20, undefined)!['recent mean'][0]).toBe(27);
  });

  it('has no constant growth for a series that is not positive throughout', () => {
    expect(simpleForecasts([...train, { time: 99, value: 0 }], 2, undefined)!['constant growth']).toEqual([]);
    expect(simpleForecasts([{ time: 0, value: -3 }, { time: 1, value: 5 }], 2, undefined)!['constant growth']).toEqual([]);
  });

  it('the seasonal naive forecast repeats the last season, past one season ahead too', () => {
    expect(simpleForecasts(train, 6, 4)!['seasonal naive']).toEqual([14, 24, 34, 44, 14, 24]);
  });

  it('has no seasonal forecast for a series shorter than its season, and none at all without history', () => {
    expect(simpleForecasts(train.slice(0, 3), 2, 4)!['seasonal naive']).toEqual([]);
    expect(simpleForecasts([], 2, 4)).toBeNull();
  });
});

// The eighth reading's sunspots: 30 annual test rows, 30–32 years ahead, and the series' value 32
// years back (three solar cycles) scores MASE 0.62 where the reference scored 1.44.
describe('a published lag column is a simple forecast', () => {
  it('scores sunspots value 32 years back as the reader did, and the check rejects the reference', { timeout: 120_000 }, async () => {
    const id = 'sunspots-sunactivity-forecasting';
    const dir = path.join(tempDir('arena-simple-forecasts-'), id);
    cpSync(path.resolve('tests/fixtures/simple-forecasts', id), dir, { recursive: true });
    const task = await loadTask(dir);
    await prepareTask(task);
    const scores = (await scoreSimpleForecasts(task))!;
    const lags = Object.keys(scores).filter((k) => k.endsWith('steps back')).sort();
    expect(lags).toEqual(['value 30 steps back', 'value 31 steps back', 'value 32 steps back']);
    // The mean absolute error of the lag column on the private rows over the task's MASE scale, in pandas.
    const code = `
import json, sys
import pandas as pd
test, answers, scale = sys.argv[1:4]
rows = pd.read_csv(test).merge(pd.read_csv(answers), on="id")
rows = rows[rows["leaderboard"] == "private"]
print(json.dumps((rows["SUNACTIVITY"] - rows["SUNACTIVITY_lag_32"]).abs().mean() / float(scale)))`;
    const r = await runPython(['-c', code, task.paths.test, task.paths.answers, String(task.manifest.metric.params.scale)]);
    expect(r.stderr).toBe('');
    expect(scores['value 32 steps back']).toBeCloseTo(JSON.parse(r.stdout) as number, 9);
    expect(scores['value 32 steps back']).toBeLessThan(0.8);
    const check = (await simpleForecastCheck(task, task.manifest.anchors.reference!, 'baseline:gbm'))!;
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/than the best simple forecast, the value 3[0-2] steps back \(0\.[0-7]/);
  });
});
