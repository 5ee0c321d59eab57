import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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

/** The same, waiting a random while: two runs then see different run times, as real runs do. */
const SLOW_CODE = `${CODE}\nimport random, time\ntime.sleep(random.uniform(0.2, 1.5))`;

/** Runs the compiled CLI without blocking this process, where the fake provider answers. */
function arena(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.resolve('bin/arena.js'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function query(db: string, sql: string): unknown[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all();
  } finally {
    conn.close();
  }
}

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

  it('re-runs an episode into a fresh run directory from the cache alone, though its observations carry other times', async () => {
    fake.script = { policy: baselinePolicy(SLOW_CODE) };
    const root = tempDir('arena-llm-cache-');
    process.env.ARENA_LLM_CACHE_DIR = path.join(root, 'cache');
    try {
      const config = { suites: [suiteDir], agents: ['openai:gpt-4o'], seeds: 1, concurrency: 1, runtime: 'local' as const };
      const before = fake.requests.length;
      const first = await runEval({ ...config, outDir: path.join(root, 'first') });
      expect(first.episodes[0]!.status, first.episodes[0]!.error ?? '').toBe('completed');
      const paid = fake.requests.length - before;
      expect(paid).toBe(3);
      const second = await runEval({ ...config, outDir: path.join(root, 'second') });
      expect(fake.requests.length - before).toBe(paid);
      expect(second.episodes[0]).toMatchObject({ status: 'completed', score: first.episodes[0]!.score, steps: first.episodes[0]!.steps });
      expect(query(path.join(root, 'second', 'run.sqlite'), 'SELECT cached FROM llm_calls ORDER BY seq')).toEqual([{ cached: 1 }, { cached: 1 }, { cached: 1 }]);
    } finally {
      delete process.env.ARENA_LLM_CACHE_DIR;
      fake.script = { policy: baselinePolicy(CODE) };
    }
  });

  it('arena eval sends --temperature and --max-output-tokens, goes through the Responses API with --openai-api responses, and stores them', async () => {
    const out = path.join(tempDir('arena-llm-cli-'), 'run');
    const before = fake.requests.length;
    const r = await arena(['eval', '--suite', suiteDir, '--models', 'openai:gpt-4o', '--temperature', '0.3', '--max-output-tokens', '777', '--openai-api', 'responses', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).episodes[0]).toMatchObject({ status: 'completed', valid: 1 });
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(3);
    for (const { request, path: urlPath } of sent) {
      expect(request).toMatchObject({ format: 'openai-responses', model: 'gpt-4o', temperature: 0.3, maxTokens: 777 });
      expect(urlPath).toBe('/v1/responses');
    }
    const [run] = query(path.join(out, 'run.sqlite'), 'SELECT config FROM runs') as { config: string }[];
    expect(JSON.parse(run!.config)).toMatchObject({ llm: { temperature: 0.3, maxOutputTokens: 777, openaiApi: 'responses' } });
  });

  it('arena eval takes the LLM settings from --config, and other settings never resume into the same default run', async () => {
    const home = tempDir('arena-llm-home-');
    const config = path.join(home, 'eval.json');
    writeFileSync(config, JSON.stringify({ suite: [suiteDir], models: 'openai:gpt-4o', temperature: 0.7, 'max-output-tokens': 321, json: true }));
    const before = fake.requests.length;
    const first = await arena(['eval', '--config', config], { ARENA_HOME: home });
    expect(first.code, first.stderr).toBe(0);
    expect(fake.requests.slice(before).map((r) => [r.request.format, r.request.temperature, r.request.maxTokens])).toEqual(Array(3).fill(['openai-chat', 0.7, 321]));
    const again = await arena(['eval', '--config', config], { ARENA_HOME: home });
    expect(JSON.parse(again.stdout)).toMatchObject({ runDir: JSON.parse(first.stdout).runDir, resumedFrom: 1 });
    const other = await arena(['eval', '--config', config, '--temperature', '0.2'], { ARENA_HOME: home });
    expect(other.code, other.stderr).toBe(0);
    expect(JSON.parse(other.stdout)).toMatchObject({ resumedFrom: 0 });
    expect(JSON.parse(other.stdout).runDir).not.toBe(JSON.parse(first.stdout).runDir);
    expect(fake.requests.at(-1)!.request.temperature).toBe(0.2);
  });

  it('refuses to resume a run directory with other LLM settings', async () => {
    const out = path.join(tempDir('arena-llm-run-'), 'settings');
    const config = { suites: [suiteDir], agents: ['openai:gpt-4o'], seeds: 1, concurrency: 1, runtime: 'local' as const, outDir: out };
    await runEval({ ...config, llm: { temperature: 0.5 } });
    await expect(runEval({ ...config, llm: { temperature: 0.6 } })).rejects.toThrow(/LLM settings \{"temperature":0.5\}, not \{"temperature":0.6\}/);
    await expect(runEval(config)).rejects.toThrow(/use another run directory/);
    expect((await runEval({ ...config, llm: { temperature: 0.5 } })).skipped).toBe(1);
  });
});
