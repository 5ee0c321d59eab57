import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { baselinePolicy } from '../fake-provider/policies.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

/** What a model would write: a real model fitted in the sandbox, its predictions as submission.csv. */
const CODE = `import pandas as pd
from sklearn.linear_model import LogisticRegression
train = pd.read_csv('/data/train.csv'); test = pd.read_csv('/data/test.csv')
X = train.drop(columns=['id', 'species']); m = LogisticRegression(max_iter=1000).fit(X, train['species'])
sub = pd.DataFrame(m.predict_proba(test[X.columns]), columns=m.classes_); sub.insert(0, 'id', test['id'])
sub.to_csv('submission.csv', index=False)`;

let fake: FakeProvider;
let suiteDir = '';
const saved = { ...process.env };

beforeAll(async () => {
  suiteDir = (await preparedSuite(['iris-species'], 'llm-suite')).dir;
  fake = await startFakeProvider({ policy: baselinePolicy(CODE) });
  Object.assign(process.env, {
    OPENAI_API_KEY: 'sk-fake-openai',
    ANTHROPIC_API_KEY: 'sk-fake-anthropic',
    GEMINI_API_KEY: 'fake-gemini',
    OPENAI_BASE_URL: `${fake.url}/v1`,
    ANTHROPIC_BASE_URL: fake.url,
    GEMINI_BASE_URL: fake.url,
  });
});

afterAll(async () => {
  process.env = saved;
  await fake?.close();
});

describe('arena eval with LLM agents, through the official SDKs against the fake provider', () => {
  it('runs the full loop for openai, anthropic and google models and records tokens and cost', async () => {
    const agents = ['openai:gpt-4o', 'anthropic:claude-sonnet-4', 'google:gemini-2.5-flash'];
    const out = path.join(tempDir('arena-llm-run-'), 'run');
    const result = await runEval({ suites: [suiteDir], agents, seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
    expect(result.episodes).toHaveLength(3);
    for (const e of result.episodes) {
      expect(e.status, `${e.agent_id}: ${e.error}`).toBe('completed');
      expect(e.agent_kind).toBe('llm');
      expect(e.valid).toBe(1);
      expect(e.score!).toBeLessThan(0.5);
      expect(e.input_tokens).toBeGreaterThan(0);
      expect(e.cost_usd).toBeGreaterThan(0);
    }
    const store = new RunStore(path.join(out, 'run.sqlite'), 'run');
    for (const e of result.episodes) expect(store.stepsOf(e.id).map((s) => s.action)).toEqual(['request_info', 'execute_code', 'submit']);
    store.close();
    const formats = new Set(fake.requests.map((r) => r.request.format));
    expect(formats).toEqual(new Set(['openai-chat', 'anthropic', 'google']));
  });

  it('records a provider outage as an infrastructure error, not the agent\'s loss', async () => {
    fake.script = { policy: baselinePolicy(CODE), faults: () => ({ kind: 'server_error', status: 500 }) };
    const out = path.join(tempDir('arena-llm-run-'), 'outage');
    const result = await runEval({ suites: [suiteDir], agents: ['openai:gpt-4o-mini'], seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
    expect(result.episodes[0]!.status).toBe('infra_error');
    expect(result.episodes[0]!.error).toMatch(/server|500/i);
    fake.script = { policy: baselinePolicy(CODE) };
  }, 180_000);

  it('records a missing API key as an infrastructure error naming the variable', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    const out = path.join(tempDir('arena-llm-run-'), 'nokey');
    const result = await runEval({ suites: [suiteDir], agents: ['anthropic:claude-sonnet-4'], seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
    expect(result.episodes[0]!.status).toBe('infra_error');
    expect(result.episodes[0]!.error).toMatch(/ANTHROPIC_API_KEY/);
    process.env.ANTHROPIC_API_KEY = 'sk-fake-anthropic';
  });
});
