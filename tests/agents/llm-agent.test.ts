import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cacheKey, TIME_PLACEHOLDER, withoutTimeFigures } from '../../agents/llm/cache.js';
import { costUsd, lookupModel } from '../../harness/llm/models.js';
import { ProviderError, type CompletionRequest } from '../../harness/llm/provider.js';
import { createLlmAgent, type LlmAgentOptions } from '../../agents/llm/tool-agent.js';
import { ARENA_TOOLS } from '../../agents/llm/tools.js';
import { parseLlmAgentId } from '../../harness/llm/create-provider.js';
import { baselinePolicy, longEpisodePolicy } from '../fake-provider/policies.js';
import { recordingContext, ScriptedEnvironment } from '../fake-provider/scripted-env.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import type { FakeMessage, FakeRequest, FakeScript } from '../fake-provider/types.js';
import { VARIANTS, type ProviderVariant } from '../fake-provider/variants.js';

const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 };
/** Quotes, backslashes, newlines and non-ASCII: all must reach env.step unchanged. */
const CODE = 'import pandas as pd\nprint("say \\"hi\\"", r\'\\d+\')\n# ünïcode ✓\ndf = pd.read_csv("/data/train.csv")\n';
const OPENAI = VARIANTS[0]!;

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-cache-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

let server: FakeProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(variant: ProviderVariant, script: FakeScript, options: LlmAgentOptions = {}) {
  server = await startFakeProvider(script);
  const agent = createLlmAgent(variant.id(server), { env: variant.env(server), retry: FAST_RETRY, timeoutMs: 5000, api: variant.api, ...options });
  return { server, agent };
}

const lastMessage = (r: FakeRequest): FakeMessage => r.messages[r.messages.length - 1]!;
const lastContent = (r: FakeRequest): string => {
  const m = lastMessage(r);
  return m.role === 'assistant' ? m.text : m.role === 'user' ? m.text : m.content;
};

describe.each(VARIANTS)('the tool-calling agent over $label', (variant) => {
  it('plays request_info → execute_code → submit, passing arguments intact and recording usage and cost', async () => {
    const { server, agent } = await setUp(variant, { policy: baselinePolicy(CODE) }, { temperature: 0.2 });
    // The sandbox should never see a key, but if one leaked into output it must not reach the model.
    const env = new ScriptedEnvironment({ observe: (a) => (a.type === 'execute_code' ? { text: `stdout: token=${variant.key}\nPublic leaderboard score (accuracy): 0.9` } : {}) });
    const context = recordingContext(11);
    await agent.play(env, context);

    expect(env.actions).toEqual([{ type: 'request_info', topic: 'data_structure' }, { type: 'execute_code', code: CODE }, { type: 'submit' }]);
    expect(env.done).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(agent.kind).toBe('llm');

    const model = lookupModel(parseLlmAgentId(variant.id(server)).provider, parseLlmAgentId(variant.id(server)).model);
    expect(context.calls).toHaveLength(3);
    context.calls.forEach((call, i) => {
      const usage = server.requests[i]!.usage!;
      expect(call).toMatchObject({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cached: false });
      expect(call.costUsd).toBeCloseTo(costUsd(model, usage), 12);
      expect(call.latencyMs).toBeGreaterThan(0);
    });
    expect(context.calls[0]!.costUsd > 0).toBe(model.known);

    for (const r of server.requests) {
      expect(r.request.seed).toBe(variant.sendsSeed ? 11 : undefined);
      expect(r.request.temperature).toBe(0.2);
      expect(r.request.system).toContain('./submission.csv');
      expect(r.rawBody).not.toContain(variant.key);
      expect(variant.authHeader(r.headers)).toBe(variant.key);
    }
    expect(lastContent(server.requests[1]!.request)).toContain('Files under /data');
    expect(lastContent(server.requests[2]!.request)).toContain('token=[redacted]');
  });

  it('repairs malformed arguments and an unknown tool, and the model recovers', async () => {
    const { server, agent } = await setUp(variant, { policy: baselinePolicy(CODE), faults: { 1: { kind: 'malformed_arguments' }, 3: { kind: 'unknown_tool' } } });
    const env = new ScriptedEnvironment();
    await agent.play(env, recordingContext());
    expect(env.actions).toEqual([{ type: 'request_info', topic: 'data_structure' }, { type: 'execute_code', code: CODE }, { type: 'submit' }]);
    expect(server.requests).toHaveLength(5);
    expect(lastContent(server.requests[2]!.request)).toMatch(/^Error: the arguments of execute_code are not a valid JSON object/);
    expect(lastContent(server.requests[4]!.request)).toContain('there is no tool named "run_shell"');
  });

  it('replays identical requests from the cache and misses when only the seed differs', async () => {
    const cacheDir = tempDir();
    const { server } = await setUp(variant, { policy: baselinePolicy(CODE) });
    const play = async (seed: number) => {
      const agent = createLlmAgent(variant.id(server), { env: variant.env(server), retry: FAST_RETRY, api: variant.api, cacheDir });
      const env = new ScriptedEnvironment();
      const context = recordingContext(seed);
      await agent.play(env, context);
      return { env, context };
    };
    const first = await play(0);
    expect(server.requests).toHaveLength(3);
    const again = await play(0);
    expect(server.requests).toHaveLength(3);
    expect(again.env.actions).toEqual(first.env.actions);
    expect(again.context.calls.map((c) => c.cached)).toEqual([true, true, true]);
    expect(again.context.calls.map((c) => c.inputTokens)).toEqual(first.context.calls.map((c) => c.inputTokens));
    const otherSeed = await play(1);
    expect(server.requests).toHaveLength(6);
    expect(otherSeed.context.calls.map((c) => c.cached)).toEqual([false, false, false]);
    expect(readdirSync(cacheDir).flatMap((d) => readdirSync(path.join(cacheDir, d)))).toHaveLength(6);
  });
});

describe('the tool-calling agent', () => {
  it('corrects missing fields and a reply without a tool call', async () => {
    const { server, agent } = await setUp(OPENAI, {
      replies: [{ toolCalls: [{ name: 'execute_code', arguments: { cod: 'print(1)' } }] }, { text: 'I believe we are done.' }, { toolCalls: [{ name: 'submit', arguments: { step: '2' } }] }],
    });
    const env = new ScriptedEnvironment();
    await agent.play(env, recordingContext());
    expect(env.actions).toEqual([{ type: 'submit', step: 2 }]);
    expect(lastContent(server.requests[1]!.request)).toMatch(/^Error: invalid arguments for execute_code: code: /);
    expect(lastContent(server.requests[2]!.request)).toContain('your reply called no tool');
  });

  it('runs several tool calls of one reply in order and returns every result (Anthropic merges them into one turn)', async () => {
    const anthropic = VARIANTS.find((v) => v.label === 'anthropic')!;
    const { server, agent } = await setUp(anthropic, {
      replies: [
        { toolCalls: [{ name: 'request_info', arguments: { topic: 'metric' } }, { name: 'execute_code', arguments: { code: CODE } }] },
        { toolCalls: [{ name: 'submit', arguments: { step: 1 } }] },
      ],
    });
    const env = new ScriptedEnvironment();
    await agent.play(env, recordingContext());
    expect(env.actions).toEqual([{ type: 'request_info', topic: 'metric' }, { type: 'execute_code', code: CODE }, { type: 'submit', step: 1 }]);
    const results = server.requests[1]!.request.messages.filter((m) => m.role === 'tool');
    expect(results).toEqual([
      { role: 'tool', callId: 'toolu_fake0_0', content: expect.stringContaining('Higher is better') },
      { role: 'tool', callId: 'toolu_fake0_1', content: expect.stringContaining('Public leaderboard score') },
    ]);
    const body = server.requests[1]!.body as { messages: { role: string }[] };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('asks for a shorter reply after one cut off at the output limit', async () => {
    const { server, agent } = await setUp(OPENAI, { policy: baselinePolicy(CODE), faults: { 0: { kind: 'overlong', chars: 60_000 } } }, { maxOutputTokens: 2000 });
    const env = new ScriptedEnvironment();
    await agent.play(env, recordingContext());
    expect(server.requests[0]!.usage?.outputTokens).toBe(2000);
    expect(lastContent(server.requests[1]!.request)).toContain('cut off at the output limit');
    expect(env.actions.map((a) => a.type)).toEqual(['request_info', 'execute_code', 'submit']);
  });

  it('after the bounded repairs, submits the step with the best public score', async () => {
    const scores: Record<number, number> = { 1: 0.7, 2: 0.9, 3: 0.8 };
    const { server, agent } = await setUp(
      OPENAI,
      { policy: longEpisodePolicy(100, 40), faults: (r) => (r.index >= 3 ? { kind: 'unknown_tool' } : undefined) },
      { maxRepairs: 2 },
    );
    const env = new ScriptedEnvironment({ observe: (a, step) => (a.type === 'execute_code' ? { publicScore: scores[step] } : {}) });
    await agent.play(env, recordingContext());
    // 3 good replies, then the first bad one and 2 corrected retries.
    expect(server.requests).toHaveLength(6);
    expect(env.actions.map((a) => a.type)).toEqual(['execute_code', 'execute_code', 'execute_code', 'request_info', 'submit']);
    expect(env.actions.at(-1)).toEqual({ type: 'submit', step: 2 });
  });

  it('ends an outage as a retryable ProviderError after the bounded attempts', async () => {
    const { server, agent } = await setUp(OPENAI, { policy: baselinePolicy(CODE), faults: () => ({ kind: 'server_error' }) });
    const env = new ScriptedEnvironment();
    const context = recordingContext();
    const error = await agent.play(env, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'server', retryable: true, attempts: 5 });
    expect(server.requests).toHaveLength(5);
    expect(env.actions).toEqual([]);
    // The failed call is recorded, with nothing paid and the reason it failed.
    expect(context.calls).toHaveLength(1);
    expect(context.calls[0]).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0, call: { error: { kind: 'server', status: 500 } } });
    expect(context.calls[0]!.call!.retries).toHaveLength(4);
  });

  it('retries a 429 and a 500 within an episode and records one call per reply', async () => {
    const { server, agent } = await setUp(OPENAI, { policy: baselinePolicy(CODE), faults: { 0: { kind: 'rate_limit', retryAfterSec: 0 }, 1: { kind: 'server_error' } } });
    const env = new ScriptedEnvironment();
    const context = recordingContext();
    await agent.play(env, context);
    expect(server.requests.map((r) => r.status)).toEqual([429, 500, 200, 200, 200]);
    expect(context.calls).toHaveLength(3);
    expect(env.actions.map((a) => a.type)).toEqual(['request_info', 'execute_code', 'submit']);
  });

  it('keeps every request under the token budget on a long episode', async () => {
    const budget = 5000;
    const steps = 25;
    const firstText = 'TASK: predict the species of iris flowers. Metric: accuracy.';
    const { server, agent } = await setUp(OPENAI, { policy: longEpisodePolicy(steps, 1500) }, { maxRequestTokens: budget, maxToolOutputChars: 3000 });
    const env = new ScriptedEnvironment({
      maxSteps: 40,
      firstText,
      observe: (a, step) => (a.type === 'execute_code' ? { text: `execute_code step ${step}: ran\nstdout:\n${'loss 0.123456\n'.repeat(400)}score ${step}` } : {}),
    });
    await agent.play(env, recordingContext());
    expect(env.actions).toHaveLength(steps + 1);
    expect(env.actions.at(-1)).toEqual({ type: 'submit' });

    const tokens = (r: FakeRequest) => {
      const chars = r.system.length + JSON.stringify(ARENA_TOOLS).length + r.messages.reduce((n, m) => n + (m.role === 'tool' ? m.content.length : m.text.length + (m.role === 'assistant' ? m.toolCalls.reduce((k, c) => k + c.name.length + c.arguments.length, 0) : 0)), 0);
      return Math.ceil(chars / 4) + 4 * r.messages.length;
    };
    const sizes = server.requests.map((r) => tokens(r.request));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(budget);
    const last = server.requests.at(-1)!.request;
    // Old turns were dropped (the full history would hold 2 messages per step).
    expect(last.messages.length).toBeLessThan(steps);
    expect(last.messages[0]).toMatchObject({ role: 'user', text: expect.stringContaining(firstText) });
    expect(last.messages[0]).toMatchObject({ text: expect.stringMatching(/earlier turns were omitted[\s\S]*step 24 execute_code: ok/) });
    expect(lastContent(last)).toContain(`score ${steps}`);
    expect(lastContent(last)).toContain('characters cut');
  });

  it('stops quietly when the episode is aborted during a model call', async () => {
    const { agent } = await setUp(OPENAI, { policy: baselinePolicy(CODE), faults: { 0: { kind: 'hang' } } });
    const controller = new AbortController();
    const env = new ScriptedEnvironment();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await agent.play(env, recordingContext(0, controller.signal));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(env.actions).toEqual([]);
  });

  it('sends reasoning models no temperature and max_completion_tokens', async () => {
    server = await startFakeProvider({ policy: baselinePolicy(CODE) });
    const agent = createLlmAgent('openai:o3-mini', { env: OPENAI.env(server), retry: FAST_RETRY, temperature: 0.5 });
    await agent.play(new ScriptedEnvironment(), recordingContext());
    expect(server.requests[0]!.request.temperature).toBeUndefined();
    expect(server.requests[0]!.body).toMatchObject({ model: 'o3-mini', max_completion_tokens: 16384 });
  });
});

describe('the response cache key', () => {
  const request: CompletionRequest = { system: 's', messages: [{ role: 'user', text: 'u' }], tools: ARENA_TOOLS, temperature: 1, seed: 0, maxOutputTokens: 100 };
  const provider = { name: 'openai', model: 'gpt-4o', api: 'chat' };

  it('is equal for equal requests and differs by seed, model and messages', () => {
    const key = cacheKey(provider, request);
    expect(cacheKey(provider, { ...request, signal: new AbortController().signal })).toBe(key);
    expect(cacheKey(provider, { ...request, seed: 1 })).not.toBe(key);
    expect(cacheKey({ ...provider, model: 'gpt-4o-mini' }, request)).not.toBe(key);
    expect(cacheKey(provider, { ...request, messages: [{ role: 'user', text: 'v' }] })).not.toBe(key);
    expect(cacheKey(provider, { maxOutputTokens: 100, seed: 0, temperature: 1, tools: ARENA_TOOLS, messages: [{ text: 'u', role: 'user' }], system: 's' })).toBe(key);
  });

  /** An episode's observations as the environment words them, with a run's wall-clock figures. */
  const observations = (t: { left: number; ran: string; limit: string }) => ({
    first: 'Predict the species.\nBudget: 20 steps, 3600 s in all, 600 s per execution.',
    info: `Steps left: 19 (of 20); time left: ${t.left} s\nEach code execution: at most 600 s, 4096 MiB of memory`,
    run: `execute_code step 1: ran successfully in ${t.ran} s\nsubmission.csv is valid. Public leaderboard score (accuracy): 0.95\nSteps left: 19; time left: ${t.left} s.`,
    timeout: `execute_code step 2: failed (timeout) in ${t.limit} s\nerror: the code ran longer than the step limit of ${t.limit} s and was stopped\nSteps left: 18; time left: 0 s.`,
  });
  const episode = (o: ReturnType<typeof observations>): CompletionRequest => ({
    ...request,
    messages: [
      { role: 'user', text: o.first },
      { role: 'assistant', text: '', toolCalls: [{ id: 'c1', name: 'request_info', arguments: { topic: 'limits' }, rawArguments: '{"topic":"limits"}' }] },
      { role: 'tool', results: [{ callId: 'c1', name: 'request_info', content: o.info }] },
      { role: 'assistant', text: '', toolCalls: [{ id: 'c2', name: 'execute_code', arguments: { code: 'x' }, rawArguments: '{"code":"x"}' }] },
      { role: 'tool', results: [{ callId: 'c2', name: 'execute_code', content: o.run }] },
      { role: 'user', text: o.timeout },
    ],
  });

  it('blinds the time left, run times and a shrunk step limit, and nothing else', () => {
    const o = observations({ left: 3581, ran: '12.4', limit: '37.28125' });
    expect(withoutTimeFigures(o.info)).toBe(`Steps left: 19 (of 20); time left: ${TIME_PLACEHOLDER} s\nEach code execution: at most 600 s, 4096 MiB of memory`);
    expect(withoutTimeFigures(o.run)).toBe(
      `execute_code step 1: ran successfully in ${TIME_PLACEHOLDER} s\nsubmission.csv is valid. Public leaderboard score (accuracy): 0.95\nSteps left: 19; time left: ${TIME_PLACEHOLDER} s.`,
    );
    expect(withoutTimeFigures(o.timeout)).toBe(
      `execute_code step 2: failed (timeout) in ${TIME_PLACEHOLDER} s\nerror: the code ran longer than the step limit of ${TIME_PLACEHOLDER} s and was stopped\nSteps left: 18; time left: ${TIME_PLACEHOLDER} s.`,
    );
    expect(withoutTimeFigures(o.first)).toBe(o.first);
  });

  it('maps two runs of an episode that differ only in wall-clock figures to one key', () => {
    const key = cacheKey(provider, episode(observations({ left: 3581, ran: '12.4', limit: '37.28125' })));
    expect(cacheKey(provider, episode(observations({ left: 3590, ran: '3.0', limit: '9.5' })))).toBe(key);
    // Anything else in the observations still makes another request.
    const changed = (edit: (o: ReturnType<typeof observations>) => void) => {
      const o = observations({ left: 3581, ran: '12.4', limit: '37.28125' });
      edit(o);
      return cacheKey(provider, episode(o));
    };
    expect(changed((o) => (o.first = o.first.replace('3600 s in all', '1800 s in all')))).not.toBe(key);
    expect(changed((o) => (o.info = o.info.replace('at most 600 s', 'at most 300 s')))).not.toBe(key);
    expect(changed((o) => (o.run = o.run.replace('0.95', '0.96')))).not.toBe(key);
    expect(changed((o) => (o.run = o.run.replace('Steps left: 19', 'Steps left: 18')))).not.toBe(key);
    expect(changed((o) => (o.timeout = o.timeout.replace('step 2', 'step 3')))).not.toBe(key);
    expect(cacheKey(provider, { ...episode(observations({ left: 3581, ran: '12.4', limit: '37.28125' })), seed: 1 })).not.toBe(key);
  });

  it('sends the model the real figures and replays a re-run whose figures differ from the cache', async () => {
    const cacheDir = tempDir();
    server = await startFakeProvider({ policy: baselinePolicy(CODE) });
    const play = async (left: number, ran: string) => {
      const agent = createLlmAgent(OPENAI.id(server!), { env: OPENAI.env(server!), retry: FAST_RETRY, cacheDir });
      const env = new ScriptedEnvironment({ observe: (action, step) => (action.type === 'execute_code' ? { text: `execute_code step ${step}: ran successfully in ${ran} s\nSteps left: 9; time left: ${left} s.` } : {}) });
      const context = recordingContext();
      await agent.play(env, context);
      return context.calls.map((c) => c.cached);
    };
    expect(await play(3581, '12.4')).toEqual([false, false, false]);
    expect(lastContent(server.requests[2]!.request)).toBe('execute_code step 1: ran successfully in 12.4 s\nSteps left: 9; time left: 3581 s.');
    expect(await play(3590, '3.0')).toEqual([true, true, true]);
    expect(server.requests).toHaveLength(3);
  });
});
