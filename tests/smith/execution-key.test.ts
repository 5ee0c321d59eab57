import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executionKey } from '../../harness/smith/verify/execution.js';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { tempDir } from '../helpers/fixture-task.js';

// A generation run resumes the panel's episodes from their run directory. Found on 2026-12-08: a
// generation after a change to the baselines' ordinal labels reused the old episodes, because the
// directory was named by the attempt alone. It is named by what the episodes depend on.
describe("the key of a candidate's execution", () => {
  it('stays for the same task and data, whatever its provenance, and changes with the data or the task', { timeout: 120_000 }, async () => {
    const id = 'sunspots-sunactivity-forecasting';
    const dir = path.join(tempDir('arena-execution-key-'), id);
    cpSync(path.resolve('tests/fixtures/simple-forecasts', id), dir, { recursive: true });
    await prepareTask(await loadTask(dir));
    const key = await executionKey(await loadTask(dir));
    expect(key).toMatch(/^[0-9a-f]{12}$/);

    const manifestFile = path.join(dir, 'task.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, provenance: { ...manifest.provenance, createdAt: '2030-01-01T00:00:00.000Z' } }, null, 2));
    expect(await executionKey(await loadTask(dir))).toBe(key);

    writeFileSync(manifestFile, JSON.stringify({ ...manifest, limits: { ...manifest.limits, maxSteps: manifest.limits.maxSteps + 1 } }, null, 2));
    expect(await executionKey(await loadTask(dir))).not.toBe(key);

    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const preparedFile = path.join(dir, 'data', 'prepared.json');
    const prepared = JSON.parse(readFileSync(preparedFile, 'utf8'));
    writeFileSync(preparedFile, JSON.stringify({ ...prepared, digest: 'f'.repeat(64) }));
    expect(await executionKey(await loadTask(dir))).not.toBe(key);
  });
});
