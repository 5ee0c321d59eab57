import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../harness/arena/runner.js';
import { STEP_RESULT_PREFIX } from '../../agents/baselines/step-result.js';
import { transcriptFile } from '../../harness/arena/transcript.js';
import { chosenInput, MIN_EDGE_OVER_ONE_INPUT, ONE_INPUT_AGENT, oneInputCheck } from '../../harness/smith/verify/one-input.js';
import { loadTask } from '../../harness/task/loader.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { tempDir } from '../helpers/fixture-task.js';

// The check that a generated task's reference beats the best single input (issue #12: the sixth
// reading's references one column alone matched), on the reading's own numbers.
const auc = true; // higher is better
const rmse = false;

describe('the reference against one input column alone', () => {
  it("rejects AIDS2's age: AUC 0.576 alone against the reference's 0.581 closes 1.2% of the gap to 1", () => {
    const check = oneInputCheck(auc, { oneInput: 0.576, reference: 0.581, optimum: 1 }, 'baseline:gbm', 'age')!;
    expect(check.ok).toBe(false);
    expect(check.details!.edge).toBeCloseTo(0.005 / 0.424, 12);
    expect(check.message).toContain('`age` alone (baseline:one-input 0.5760)');
  });

  it('keeps a dominant column a model still improves on, and measures errors toward an optimum of 0', () => {
    // Diamonds-like: one column leaves an RMSLE of 0.26, the reference 0.094.
    const kept = oneInputCheck(rmse, { oneInput: 0.26, reference: 0.094, optimum: 0 }, 'baseline:gbm', 'carat')!;
    expect(kept.ok).toBe(true);
    expect(kept.details!.edge).toBeCloseTo(0.166 / 0.26, 12);
    // Exam's standLRT alone (0.810) beats the reference (0.8215): a negative edge.
    const beaten = oneInputCheck(rmse, { oneInput: 0.81, reference: 0.8215, optimum: 0 }, 'baseline:gbm', 'standLRT')!;
    expect(beaten.ok).toBe(false);
    expect(beaten.details!.edge).toBeLessThan(0);
  });

  it('passes at the threshold and fails just under it; a perfect single input leaves nothing to gain', () => {
    const at = 1 - (1 - 0.8) * (1 - MIN_EDGE_OVER_ONE_INPUT);
    expect(oneInputCheck(auc, { oneInput: 0.8, reference: at + 1e-12, optimum: 1 }, 'baseline:glm', null)!.ok).toBe(true);
    expect(oneInputCheck(auc, { oneInput: 0.8, reference: at - 1e-6, optimum: 1 }, 'baseline:glm', null)!.ok).toBe(false);
    const perfect = oneInputCheck(auc, { oneInput: 1, reference: 1, optimum: 1 }, 'baseline:gbm', 'lab_score')!;
    expect(perfect.ok).toBe(false);
    expect(perfect.message).toContain('one column does what a model of all of them does');
  });

  it('is no check when the one-input baseline has no valid score', () => {
    expect(oneInputCheck(auc, { oneInput: null, reference: 0.7, optimum: 1 }, 'baseline:gbm', null)).toBeNull();
  });
});

describe('the column the one-input baseline chose', () => {
  const result = (input: string | null) =>
    `${STEP_RESULT_PREFIX}${JSON.stringify({ tag: null, model: 'one_input', metric: 'roc_auc', wrote: 'predictions', rows: 100, kinds: { numeric: 2 }, holdout: 0.7, members: [], input, seconds: 1 })}\n`;
  const write = (runDir: string, id: string, ...stdouts: string[]) => {
    const file = transcriptFile(runDir, id);
    mkdirSync(path.dirname(file), { recursive: true });
    const steps = stdouts.map((stdout, i) => ({ at: '2026-12-07T00:00:00.000Z', kind: 'step', step: i + 1, action: 'execute_code', ok: true, wallMs: 1, cpuMs: 1, stdout, observation: stdout }));
    writeFileSync(file, steps.map((s) => JSON.stringify(s)).join('\n') + '\n');
  };

  it("is the last step's result line's input, not what the hold-out fit printed", async () => {
    const runDir = tempDir('arena-one-input-');
    // The hold-out fit on 80% of the rows may print another column than the final fit reports.
    write(runDir, 's/t/baseline:one-input/seed-0', 'one input: `sex` (3-fold cross-validated log loss 0.5)\n' + result('birthdat, as a day count'));
    write(runDir, 's/u/baseline:one-input/seed-0', 'one input: no tabular input column, so the training mean or class priors\n' + result(null));
    write(runDir, 's/v/baseline:one-input/seed-0', result('age'), 'Traceback (most recent call last): ...\n');
    expect(await chosenInput(runDir, 's/t/baseline:one-input/seed-0')).toBe('birthdat, as a day count');
    expect(await chosenInput(runDir, 's/u/baseline:one-input/seed-0')).toBeNull();
    expect(await chosenInput(runDir, 's/v/baseline:one-input/seed-0')).toBe('age');
  });

  it('refuses a result line that does not fit the schema (the solver is wrong, not the task)', async () => {
    const runDir = tempDir('arena-one-input-');
    write(runDir, 's/w/baseline:one-input/seed-0', `${STEP_RESULT_PREFIX}{"model":"one_input","input":3}\n`);
    await expect(chosenInput(runDir, 's/w/baseline:one-input/seed-0')).rejects.toThrow(/does not fit its schema/);
  });
});

// On the real data: two tasks the sixth reading rejected because one column alone matched the
// reference, as the generator wrote them (tests/fixtures/one-input). The one-input baseline must
// find that column and score about what the reader's pandas/scikit-learn scripts did with it as a
// raw score (thoro's birth date AUC 0.799, AIDS2's age 0.576), so that the check rejects both.
const READ: [id: string, column: string, raw: number][] = [
  ['epi-thoro-death-by-7700-binary', 'birthdat, as a day count', 0.799],
  ['mass-aids2-death-by-410-binary', 'age', 0.576],
];

describe('the one-input baseline on the tasks the reading rejected', () => {
  it.each(READ)('%s: finds `%s` and the check rejects the reference', { timeout: 300_000 }, async (id, column, raw) => {
    const dir = path.join(tempDir('arena-one-input-real-'), id);
    cpSync(path.resolve('tests/fixtures/one-input', id), dir, { recursive: true });
    const task = await loadTask(dir);
    await prepareTask(task);
    const outDir = tempDir('arena-one-input-run-');
    const summary = await runEval({ suites: [], tasks: [{ suite: 'one-input', dir }], agents: [ONE_INPUT_AGENT], seeds: 1, concurrency: 1, runtime: 'local', outDir });
    const [episode] = summary.episodes;
    expect(episode!.status).toBe('completed');
    expect(await chosenInput(outDir, episode!.id)).toBe(column);
    expect(Math.abs(episode!.score! - raw)).toBeLessThan(0.01);
    const { reference, optimum } = task.manifest.anchors;
    const check = oneInputCheck(true, { oneInput: episode!.score!, reference: reference!, optimum: optimum! }, 'baseline:gbm', column)!;
    expect(check.ok).toBe(false);
  });
});
