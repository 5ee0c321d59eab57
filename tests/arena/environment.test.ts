import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskEnvironment, type StepRecord } from '../../harness/arena/environment.js';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import { limitsForTask } from '../../harness/sandbox/limits.js';
import type { Sandbox } from '../../harness/sandbox/types.js';
import { hostLocationOf } from '../../harness/sandbox/host-location.js';
import type { Task } from '../../harness/task/loader.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

let iris: Task;
let sandbox: Sandbox | undefined;

beforeAll(async () => {
  iris = (await preparedSuite(['iris-species'])).tasks[0]!;
});

afterEach(async () => {
  await sandbox?.destroy();
  sandbox = undefined;
});

async function environment(overrides: { maxSteps?: number; stepTimeoutSec?: number; totalTimeSec?: number } = {}) {
  sandbox = await localBackend.create({ name: 'env-test', publicDir: iris.paths.publicDir, limits: limitsForTask(iris.manifest) });
  const records: StepRecord[] = [];
  const env = new TaskEnvironment(iris, sandbox, {
    maxSteps: overrides.maxSteps ?? 6,
    stepTimeoutSec: overrides.stepTimeoutSec ?? 60,
    totalTimeSec: overrides.totalTimeSec ?? 600,
    episodeDir: tempDir('arena-episode-'),
    onStep: (r) => records.push(r),
  });
  return { env, records };
}

/** Uniform probabilities: valid, scores log(3) on every row. */
const UNIFORM = `import pandas as pd
test = pd.read_csv('/data/test.csv')
sub = pd.DataFrame({'id': test['id']})
for c in ['setosa', 'versicolor', 'virginica']:
    sub[c] = 1 / 3
sub.to_csv('submission.csv', index=False)
print('rows', len(sub))`;

/** A fitted model: much better than uniform. */
const MODEL = `import pandas as pd
from sklearn.linear_model import LogisticRegression
train = pd.read_csv('/data/train.csv'); test = pd.read_csv('/data/test.csv')
X = train.drop(columns=['id', 'species']); m = LogisticRegression(max_iter=1000).fit(X, train['species'])
p = m.predict_proba(test[X.columns])
sub = pd.DataFrame(p, columns=m.classes_); sub.insert(0, 'id', test['id'])
sub.to_csv('submission.csv', index=False)`;

describe('TaskEnvironment', () => {
  it('starts with the description, the actions and the budget', async () => {
    const { env } = await environment();
    const first = await env.start();
    expect(first.text).toMatch(/iris/i);
    expect(first.text).toMatch(/execute_code/);
    expect(first.stepsLeft).toBe(6);
  });

  it('answers every information topic without using steps, and never shows private data', async () => {
    const { env } = await environment();
    await env.start();
    for (const topic of ['overview', 'data_structure', 'sample_submission', 'metric', 'limits'] as const) {
      const obs = await env.step({ type: 'request_info', topic });
      expect(obs.ok, topic).toBe(true);
      expect(obs.text.length).toBeGreaterThan(40);
      expect(obs.text).not.toMatch(/leaderboard,|answers\.csv|data\/private/);
      expect(obs.stepsLeft).toBe(6);
    }
    expect((await env.step({ type: 'request_info', topic: 'data_structure' })).text).toMatch(/train\.csv: columns id,/);
    expect((await env.step({ type: 'request_info', topic: 'metric' })).text).toMatch(/log_loss[\s\S]*Lower is better[\s\S]*setosa/);
    const bad = await env.step({ type: 'request_info', topic: 'secrets' as never });
    expect(bad.error?.kind).toBe('invalid_action');
  });

  it('scores a written submission on public rows only and records the private score hidden', async () => {
    const { env, records } = await environment();
    await env.start();
    const obs = await env.step({ type: 'execute_code', code: UNIFORM });
    expect(obs.ok).toBe(true);
    expect(obs.publicScore).toBeCloseTo(Math.log(3), 9);
    expect(obs.text).toMatch(/Public leaderboard score \(log_loss\): 1\.0986/);
    expect(obs.text).not.toMatch(/private/i);
    const record = records.find((r) => r.action === 'execute_code')!;
    expect(record.submission).toMatchObject({ valid: true });
    expect(record.submission!.privateScore).toBeCloseTo(Math.log(3), 9);
    expect(obs.stepsLeft).toBe(5);
  });

  it('types errors with likely causes: syntax, runtime, missing file, timeout', async () => {
    // Long enough for `import pandas` on a loaded 2-core machine; the endless loop still times out.
    const { env } = await environment({ stepTimeoutSec: 8 });
    await env.start();
    const syntax = await env.step({ type: 'execute_code', code: 'def f(:\n  pass' });
    expect(syntax.error?.kind).toBe('syntax_error');
    const missing = await env.step({ type: 'execute_code', code: "import pandas as pd\npd.read_csv('train.csv')" });
    expect(missing.error?.kind).toBe('runtime_error');
    expect(missing.error?.message).toMatch(/FileNotFoundError/);
    expect(missing.error?.causes.join()).toMatch(/\/data/);
    const slow = await env.step({ type: 'execute_code', code: 'while True: pass' });
    expect(slow.error?.kind).toBe('timeout');
    expect(slow.text).toMatch(/likely cause/);
  });

  it('reports an invalid submission precisely, without host paths', async () => {
    const { env } = await environment();
    await env.start();
    const obs = await env.step({ type: 'execute_code', code: "open('submission.csv', 'w').write('id,setosa\\n1,0.5\\n')" });
    expect(obs.error?.kind).toBe('invalid_submission');
    expect(obs.text).toMatch(/\[missing_column\] missing column "versicolor"/);
    expect(obs.text).not.toContain(await hostLocationOf(sandbox!));
  });

  it('validate_code runs code but never scores', async () => {
    const { env, records } = await environment();
    await env.start();
    const obs = await env.step({ type: 'validate_code', code: UNIFORM });
    expect(obs.ok).toBe(true);
    expect(obs.publicScore).toBeUndefined();
    expect(records.at(-1)!.submission).toBeUndefined();
  });

  it('submits the chosen step, else the last valid one; the episode then ends', async () => {
    const { env } = await environment();
    await env.start();
    await env.step({ type: 'execute_code', code: MODEL });
    await env.step({ type: 'execute_code', code: UNIFORM });
    await env.step({ type: 'execute_code', code: 'print("no new submission")' });
    const submitted = await env.step({ type: 'submit', step: 1 });
    expect(submitted.done).toBe(true);
    const result = env.result();
    expect(result.finalStep).toBe(1);
    expect(result.score!).toBeLessThan(0.5);
    expect((await env.step({ type: 'execute_code', code: 'print(1)' })).error?.kind).toBe('invalid_action');
  });

  it('ends at the step budget with the last valid submission', async () => {
    const { env } = await environment({ maxSteps: 2 });
    await env.start();
    await env.step({ type: 'execute_code', code: UNIFORM });
    const last = await env.step({ type: 'execute_code', code: 'raise SystemExit(3)' });
    expect(last.done).toBe(true);
    expect(env.result()).toMatchObject({ finalStep: 1, valid: true, submitted: false });
  });

  it('refuses a submission.csv symlinked out of the workspace', async () => {
    const { env } = await environment();
    await env.start();
    const target = path.join(iris.paths.privateDir, 'answers.csv');
    const obs = await env.step({ type: 'execute_code', code: `import os\nos.symlink(${JSON.stringify(target)}, 'submission.csv')` });
    expect(obs.error?.kind).toBe('invalid_submission');
    expect(obs.text).toMatch(/symbolic link/);
    expect(env.result().valid).toBe(false);
  });
});
