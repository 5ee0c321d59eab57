import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBaselineAgent } from '../../agents/baselines/baseline-agent.js';
import { TaskEnvironment, type StepRecord } from '../../harness/arena/environment.js';
import type { Agent } from '../../harness/arena/types.js';
import { limitsForTask } from '../../harness/sandbox/limits.js';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import type { Sandbox } from '../../harness/sandbox/types.js';
import { loadTask, type Task } from '../../harness/task/loader.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

const sandboxes: Sandbox[] = [];
let tasks: Map<string, Task>;

beforeAll(async () => {
  const suite = await preparedSuite(['iris-species', 'breast-cancer-diagnosis', 'diabetes-progression', 'spam-assassin-email'], 'baseline-suite');
  tasks = new Map(suite.tasks.map((t) => [t.manifest.id, t]));
});

afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.destroy()));
});

async function play(agent: Agent, task: Task, maxSteps = 8) {
  const sandbox = await localBackend.create({ name: 'baseline-test', publicDir: task.paths.publicDir, limits: limitsForTask(task.manifest) });
  sandboxes.push(sandbox);
  const records: StepRecord[] = [];
  const env = new TaskEnvironment(task, sandbox, { maxSteps, stepTimeoutSec: 300, totalTimeSec: 900, episodeDir: tempDir('arena-ep-'), onStep: (r) => records.push(r) });
  await agent.play(env, { seed: 0, signal: new AbortController().signal, recordLlmCall: () => {} });
  return { result: env.result(), records, done: env.done };
}

const better = (task: Task, a: number, b: number) => (task.manifest.metric.higherIsBetter ? a > b : a < b);

describe('baseline agents', () => {
  it.each([
    ['iris-species', Math.log(3)],
    ['breast-cancer-diagnosis', 0.5],
  ])('trivial scores the trivial value on %s', async (id, expected) => {
    const task = tasks.get(id)!;
    const { result } = await play(createBaselineAgent('baseline:trivial', task.manifest), task);
    expect(result.valid).toBe(true);
    expect(result.score!).toBeCloseTo(expected, 2);
  });

  // The text task is the slow one (TF-IDF over whole e-mails): linear only there.
  it.each([
    ['iris-species', ['linear', 'gbm']],
    ['breast-cancer-diagnosis', ['linear', 'gbm']],
    ['diabetes-progression', ['linear', 'gbm']],
    ['spam-assassin-email', ['linear']],
  ])('stronger baselines beat trivial on %s', async (id, levels) => {
    const task = tasks.get(id)!;
    const scores: Record<string, number> = {};
    for (const level of ['trivial', ...levels]) {
      const { result, done } = await play(createBaselineAgent(`baseline:${level}`, task.manifest), task);
      expect(done).toBe(true);
      expect(result.valid, level).toBe(true);
      scores[level] = result.score!;
    }
    for (const level of levels) expect(better(task, scores[level]!, scores['trivial']!), JSON.stringify(scores)).toBe(true);
  });

  it('ladder climbs trivial → gbm and submits its best public score', async () => {
    const task = tasks.get('breast-cancer-diagnosis')!;
    const { result, records } = await play(createBaselineAgent('baseline:ladder', task.manifest), task);
    const executed = records.filter((r) => r.action === 'execute_code');
    expect(executed).toHaveLength(4);
    const best = executed.reduce((a, b) => (b.submission!.publicScore! > a.submission!.publicScore! ? b : a));
    expect(result.finalStep).toBe(best.step);
    expect(records.at(-1)!.action).toBe('submit');
  });

  it('ladder stops climbing when the step budget runs out, keeping a step to submit', async () => {
    const task = tasks.get('iris-species')!;
    const { records, result } = await play(createBaselineAgent('baseline:ladder', task.manifest), task, 3);
    expect(records.filter((r) => r.action === 'execute_code')).toHaveLength(2);
    expect(records.at(-1)!.action).toBe('submit');
    expect(result.valid).toBe(true);
  });

  it('rejects an unknown level', () => {
    expect(() => createBaselineAgent('baseline:neural', tasks.get('iris-species')!.manifest)).toThrow(/unknown baseline "baseline:neural": one of baseline:trivial/);
  });

  it('copes with messy tables: missing values, strings, dates, constants, id-like columns', async () => {
    const root = tempDir();
    const rows = 300;
    const rnd = (i: number) => ((i * 7919) % 101) / 101;
    const line = (i: number, withTarget: boolean) => {
      const x = rnd(i);
      const cat = ['red', 'green', 'blue'][i % 3]!;
      const label = x + (cat === 'red' ? 0.5 : 0) > 0.7 ? 'yes' : 'no';
      const cells = [String(i), i % 10 === 0 ? '' : x.toFixed(3), cat, `2020-01-${String((i % 28) + 1).padStart(2, '0')}`, '1', `user-${i * 31}`];
      return (withTarget ? [...cells, label] : cells).join(',');
    };
    const header = 'id,x,colour,day,constant,username';
    const train = [header + ',label', ...Array.from({ length: rows }, (_, i) => line(i, true))];
    const testIds = Array.from({ length: 100 }, (_, i) => rows + i);
    const m = manifest({
      id: 'messy',
      objective: 'binary',
      classes: ['no', 'yes'],
      metric: { name: 'accuracy', higherIsBetter: true, params: {} },
      submission: { columns: [{ name: 'id', type: 'id' }, { name: 'label', type: 'label' }] },
      split: { seed: 0, rows: { train: rows, test: 100 }, publicLeaderboardFraction: 0.3 },
    });
    const dir = writeGradableTask(root, m, testIds.map((i) => ({ id: String(i), target: line(i, true).split(',').at(-1)!, board: i % 3 === 0 ? 'public' : 'private' })));
    const pub = path.join(dir, 'data', 'public');
    mkdirSync(pub, { recursive: true });
    writeFileSync(path.join(pub, 'train.csv'), train.join('\n') + '\n');
    writeFileSync(path.join(pub, 'test.csv'), [header, ...testIds.map((i) => line(i, false))].join('\n') + '\n');
    writeFileSync(path.join(pub, 'sample_submission.csv'), ['id,label', ...testIds.map((i) => `${i},no`)].join('\n') + '\n');
    writeFileSync(path.join(dir, 'description.md'), 'Messy fixture. '.repeat(20));
    const task = await loadTask(dir);
    for (const level of ['trivial', 'linear', 'forest', 'gbm']) {
      const { result, records } = await play(createBaselineAgent(`baseline:${level}`, task.manifest), task);
      expect(result.valid, `${level}: ${records.map((r) => r.error?.message).join(' | ')}`).toBe(true);
      if (level !== 'trivial') expect(result.score!, level).toBeGreaterThan(0.75);
    }
  });
});
