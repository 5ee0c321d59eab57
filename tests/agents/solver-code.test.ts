import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { solverCode, solverConfig, solverPackage, type SolverConfig } from '../../agents/baselines/solver-code.js';
import { parseStepResult, STEP_RESULT_PREFIX } from '../../agents/baselines/step-result.js';
import type { Recipe } from '../../agents/baselines/recipe.js';
import { TaskManifest } from '../../harness/task/schema.js';
import { manifest } from '../helpers/fixture-task.js';
import { scratchDirs } from './scratch-dirs.js';

const run = promisify(execFile);
const scratch = scratchDirs();
afterAll(() => scratch.removeAll());

/** A small public dir: two numeric columns, a label that follows the first. */
function publicDir(): string {
  const dir = scratch.make('solver-code-data-');
  const row = (i: number) => `r${i},${(i % 10) / 10},${(i * 7) % 5}`;
  const label = (i: number) => ((i % 10) / 10 > 0.45 ? 'b' : 'a');
  writeFileSync(path.join(dir, 'train.csv'), ['id,x,y,label', ...Array.from({ length: 80 }, (_, i) => `${row(i)},${label(i)}`)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'test.csv'), ['id,x,y', ...Array.from({ length: 20 }, (_, i) => row(100 + i))].join('\n') + '\n');
  writeFileSync(path.join(dir, 'sample_submission.csv'), ['id,label', ...Array.from({ length: 20 }, (_, i) => `r${100 + i},a`)].join('\n') + '\n');
  return dir;
}

const data = publicDir();
const task = manifest({ id: 'tiny', classes: ['a', 'b'], objective: 'binary' });
const config = (recipe: Recipe): SolverConfig => solverConfig(recipe, task, { seed: 0, timeLimitSec: 60, dataDir: data });

/** Runs a step's code as the arena does: a script in the workspace, run from there. */
async function step(workspace: string, code: string, n: number): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  writeFileSync(path.join(workspace, `step_${n}.py`), code);
  try {
    const { stdout, stderr } = await run('/usr/bin/python3', [`step_${n}.py`], { cwd: workspace, env: { PATH: '/usr/bin:/bin' } });
    return { ok: true, stdout, stderr };
  } catch (err) {
    const e = err as { stdout: string; stderr: string };
    return { ok: false, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the code of a baseline step', () => {
  it('installs the package in the first step; later steps only check it is there and import it', async () => {
    const ws = scratch.make('solver-code-ws-');
    const { digest, files } = solverPackage();
    const first = await step(ws, solverCode(config({ model: 'linear', tag: 's1' }), { install: true, agentId: 'baseline:test' }), 1);
    expect(first.ok, first.stderr).toBe(true);
    expect(readFileSync(path.join(ws, 'arena_solvers', 'DIGEST'), 'utf8')).toBe(digest);
    for (const name of Object.keys(files)) expect(readFileSync(path.join(ws, 'arena_solvers', name), 'utf8')).toBe(files[name]);
    expect(parseStepResult(first.stdout)).toMatchObject({ tag: 's1', model: 'linear', wrote: 'predictions', rows: 80, kinds: { numeric: 2 } });

    const later = solverCode(config({ model: 'knn', tag: 's2' }), { install: false });
    expect(later).not.toContain('SOURCES =');
    expect(later.length).toBeLessThan(2_000);
    const second = await step(ws, later, 2);
    expect(second.ok, second.stderr).toBe(true);
    expect(parseStepResult(second.stdout)?.model).toBe('knn');
    const ensemble = await step(ws, solverCode(config({ model: 'ensemble', members: ['s1', 's2'] }), { install: false }), 3);
    expect(ensemble.ok, ensemble.stderr).toBe(true);
    expect(parseStepResult(ensemble.stdout)?.members).toEqual(['s1', 's2']);
    expect(existsSync(path.join(ws, 'submission.csv'))).toBe(true);
  });

  it('fails with a clear message where the package is missing or another version', async () => {
    const { digest } = solverPackage();
    const code = solverCode(config({ model: 'linear' }), { install: false });
    const empty = await step(scratch.make('solver-code-ws-'), code, 1);
    expect(empty.ok).toBe(false);
    expect(empty.stderr).toContain(`arena_solvers ${digest} is not installed in the workspace`);
    const stale = scratch.make('solver-code-ws-');
    mkdirSync(path.join(stale, 'arena_solvers'));
    writeFileSync(path.join(stale, 'arena_solvers', 'DIGEST'), '000000000000');
    expect((await step(stale, code, 1)).stderr).toContain('is not installed');
  });

  it('says what it does in its first line and is the same text for the same recipe and seed', () => {
    const recipe: Recipe = { model: 'gbm', skills: ['numeric', 'text'], params: { rounds: 50 }, tag: 's3' };
    const code = solverCode(config(recipe), { install: false, agentId: 'baseline:iterate-4' });
    expect(code.split('\n')[0]).toBe('# baseline:iterate-4: gbm (rounds=50) on numeric, text features');
    expect(solverCode(config(recipe), { install: false, agentId: 'baseline:iterate-4' })).toBe(code);
    expect(solverCode(config({ model: 'ensemble', members: ['s1', 's2'] }), { install: false }).split('\n')[0]).toBe('# ensemble: the mean of s1, s2');
  });

  it("hands a forecast's published lag columns to the solver, which reads them back; other tasks have none", async () => {
    const forecast = TaskManifest.parse(JSON.parse(readFileSync('tasks/smith-v2/aer-dutchadvert-tv-forecasting/task.json', 'utf8')));
    const lags = solverConfig({ model: 'trivial' }, forecast, { seed: 0, timeLimitSec: 60 }).lags;
    expect(lags).toEqual([39, 40, 41, 52].map((steps) => ({ column: `tv_lag_${steps}`, steps })));
    expect(config({ model: 'trivial' }).lags).toEqual([]);
    const code = `import json\nfrom arena_solvers.config import parse_config\nprint(json.dumps(parse_config(json.loads(${JSON.stringify(JSON.stringify(solverConfig({ model: 'trivial' }, forecast, { seed: 0, timeLimitSec: 60 })))})).lags))`;
    const { stdout } = await run('/usr/bin/python3', ['-c', code], { cwd: 'agents/baselines/python', env: { PATH: '/usr/bin:/bin' } });
    expect(JSON.parse(stdout)).toEqual(lags.map((l) => [l.column, l.steps]));
  });

  it('gives threads to BLAS and OpenMP before numpy loads', () => {
    const code = solverCode(solverConfig({ model: 'linear' }, { ...task, limits: { ...task.limits, cpus: 2 } }, { seed: 0, timeLimitSec: 60 }), { install: false });
    const lines = code.split('\n');
    expect(lines[2]).toBe('os.environ.update({"OMP_NUM_THREADS":"2","OPENBLAS_NUM_THREADS":"2","MKL_NUM_THREADS":"2","OMP_WAIT_POLICY":"PASSIVE"})');
    expect(lines.findIndex((l) => l.includes('import arena_solvers') || l.includes('from arena_solvers'))).toBeGreaterThan(2);
  });
});

describe('parseStepResult', () => {
  const line = { tag: 's1', model: 'knn', metric: 'accuracy', wrote: 'predictions', rows: 5, kinds: { numeric: 2 }, holdout: 0.5, members: [], input: null, seconds: 1.2 };

  it('reads the last result line and nothing else', () => {
    const stdout = ['features: numeric: x', `${STEP_RESULT_PREFIX}${JSON.stringify({ ...line, tag: 'old' })}`, `${STEP_RESULT_PREFIX}${JSON.stringify(line)}`, ''].join('\n');
    expect(parseStepResult(stdout)).toEqual(line);
    expect(parseStepResult('Traceback (most recent call last):\n')).toBeUndefined();
    expect(parseStepResult(undefined)).toBeUndefined();
  });

  it('throws on a result line that breaks the contract, naming the field', () => {
    expect(() => parseStepResult(`${STEP_RESULT_PREFIX}{"tag":`)).toThrow(/not JSON/);
    expect(() => parseStepResult(`${STEP_RESULT_PREFIX}${JSON.stringify({ ...line, rows: -1 })}`)).toThrow(/rows/);
    expect(() => parseStepResult(`${STEP_RESULT_PREFIX}${JSON.stringify({ ...line, wrote: 'nothing' })}`)).toThrow(/wrote/);
  });
});
