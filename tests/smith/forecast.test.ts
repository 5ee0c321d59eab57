import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

describe('arena generate on a time series', () => {
  it('forecasts after the training period, and the time axis is not taken for a leak', async () => {
    const out = path.join(tempDir('smith-forecast-'), 'suite');
    const summary = await generate({ datasets: ['co2-concentration'], outDir: out, roles: heuristicRoles, perDataset: 1, concurrency: 1, runtime: 'local', maxRetries: 0 });
    expect(summary.tasks).toEqual([{ id: 'co2-concentration-co2-forecasting', dataset: 'co2-concentration', verdict: 'verified', reason: undefined }]);
    const dir = path.join(out, 'co2-concentration-co2-forecasting');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
    expect(manifest).toMatchObject({ objective: 'forecasting', modality: 'time-series' });
    const checks = JSON.parse(readFileSync(path.join(dir, 'verification.json'), 'utf8')).attempts[0].checks;
    const predictor = checks.find((c: { id: string }) => c.id === 'single-feature-predictor');
    expect(predictor.ok).toBe(true);
    expect(predictor.details.skipped.date).toMatch(/time axis of a forecast/);
    // The other series observed at the same moment is not an input; the history is, through lags at least the horizon.
    const [id, date, ...lags] = readFileSync(path.join(dir, 'data', 'public', 'test.csv'), 'utf8').split('\n')[0]!.split(',');
    expect([id, date]).toEqual(['id', 'date']);
    expect(lags.length).toBeGreaterThan(0);
    for (const lag of lags) expect(lag).toMatch(/^co2_lag_\d+$/);
    const horizon = manifest.split.rows.test;
    expect(Math.min(...lags.map((l) => Number(l.split('_').pop())))).toBeGreaterThanOrEqual(horizon);
    expect(manifest.metric).toMatchObject({ name: 'mase', params: { scale: expect.any(Number) } });
  });
});
