import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

function arena(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', [path.resolve('bin/arena.js'), ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// --tasks / --agents select the same ids in eval and report as in arena view (SQLite GLOB).
describe('selecting tasks and agents', () => {
  let suiteDir = '';
  let runDir = '';

  beforeAll(async () => {
    suiteDir = (await preparedSuite(['iris-species', 'wine-cultivar'], 'selection-suite')).dir;
    runDir = path.join(tempDir('arena-selection-'), 'run');
  }, 300_000);

  it('arena eval runs only the matching tasks and agents', { timeout: 300_000 }, async () => {
    const r = await arena(['eval', '--suite', suiteDir, '--models', 'baseline:trivial,baseline:linear', '--agents', '*:triv*', '--tasks', 'iris-*', '--seeds', '1', '--out', runDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const episodes = (JSON.parse(r.stdout) as { episodes: { task_id: string; agent_id: string }[] }).episodes;
    expect(episodes.map((e) => [e.task_id, e.agent_id])).toEqual([['iris-species', 'baseline:trivial']]);
  });

  it('arena eval says so when nothing matches (usage error, nothing run)', async () => {
    const r = await arena(['eval', '--suite', suiteDir, '--models', 'baseline:trivial', '--agents', 'openai:*', '--out', runDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no agent of --models baseline:trivial matches --agents openai:\*/);
  });

  it('arena report reads only the matching episodes', { timeout: 300_000 }, async () => {
    const more = await arena(['eval', '--suite', suiteDir, '--models', 'baseline:linear', '--tasks', 'iris-*', '--seeds', '1', '--out', runDir, '--json']);
    expect(more.code, more.stderr).toBe(0);
    const all = await arena(['report', runDir, '--out', path.join(tempDir('arena-selection-report-'), 'all'), '--resamples', '100', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { leaderboard: { agent: string }[] }).leaderboard.map((l) => l.agent).sort()).toEqual(['baseline:linear', 'baseline:trivial']);
    const one = await arena(['report', runDir, '--agents', 'baseline:lin*', '--out', path.join(tempDir('arena-selection-report-'), 'one'), '--resamples', '100', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { leaderboard: { agent: string }[] }).leaderboard.map((l) => l.agent)).toEqual(['baseline:linear']);
    const none = await arena(['report', runDir, '--tasks', 'wine-*', '--out', path.join(tempDir('arena-selection-report-'), 'none')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/match --tasks\/--agents/);
  });
});
