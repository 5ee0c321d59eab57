import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKeyVariables, createProvider, parseLlmAgentId, type LlmAgentId } from '../../harness/llm/create-provider.js';
import { costUsd, lookupModel } from '../../harness/llm/models.js';
import { ProviderError, type ChatMessage, type CompletionRequest, type LlmProvider } from '../../harness/llm/provider.js';
import { retryDelayMs, type RetryPolicy } from '../../harness/llm/retry.js';
import { createLlmAgent } from '../../agents/llm/tool-agent.js';
import { ARENA_TOOLS } from '../../agents/llm/tools.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import type { FakeScript } from '../fake-provider/types.js';
import { TEST_KEYS as KEYS, VARIANTS, type ProviderVariant as Variant } from '../fake-provider/variants.js';
import { thoughtSignature } from '../fake-provider/wire-google.js';

const FAST_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 };

let server: FakeProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
});

async function setUp(variant: Variant, script: FakeScript, settings: { timeoutMs?: number; retry?: Partial<RetryPolicy> } = {}) {
  server = await startFakeProvider(script);
  const agent: LlmAgentId = parseLlmAgentId(variant.id(server));
  const retries: { kind: string; attempt: number; delayMs: number }[] = [];
  const provider: LlmProvider = createProvider(agent, lookupModel(agent.provider, agent.model).apiModel, {
    env: variant.env(server),
    timeoutMs: settings.timeoutMs ?? 10_000,
    retry: { ...FAST_RETRY, ...settings.retry, onRetry: (e, attempt, delayMs) => retries.push({ kind: e.kind, attempt, delayMs }) },
    api: variant.api ?? 'chat',
  });
  return { server, provider, retries };
}

const request = (messages: ChatMessage[] = [{ role: 'user', text: 'Predict iris species.' }]): CompletionRequest => ({
  system: 'You are an ML engineer.',
  messages,
  tools: ARENA_TOOLS,
  temperature: 0.3,
  seed: 7,
  maxOutputTokens: 500,
});

const REPLY = { text: 'Running a first model.', toolCalls: [{ name: 'execute_code', arguments: { code: 'print("héllo")\nprint(1)' } }] };

describe.each(VARIANTS)('$label adapter through the official SDK', (variant) => {
  it('sends the tools, sampling settings and key, and parses text, tool calls and usage', async () => {
    const { server, provider } = await setUp(variant, { replies: [REPLY], apiKey: variant.key });
    const reply = await provider.complete(request());
    expect(reply.text).toBe('Running a first model.');
    expect(reply.toolCalls).toHaveLength(1);
    expect(reply.toolCalls[0]).toMatchObject({ name: 'execute_code', arguments: { code: 'print("héllo")\nprint(1)' } });
    expect(reply.stopReason).toBe('tool_calls');
    const [recorded] = server.requests;
    expect(reply.usage).toEqual(recorded!.usage);
    expect(reply.usage.inputTokens).toBeGreaterThan(100);
    expect(recorded!.request.tools).toEqual(['request_info', 'validate_code', 'execute_code', 'submit']);
    expect(recorded!.request.system).toBe('You are an ML engineer.');
    expect(recorded!.request.temperature).toBe(0.3);
    expect(recorded!.request.seed).toBe(variant.sendsSeed ? 7 : undefined);
    expect(recorded!.request.maxTokens).toBe(500);
    expect(variant.authHeader(recorded!.headers)).toBe(variant.key);
  });

  it('round-trips a history of tool calls and results', async () => {
    const { server, provider } = await setUp(variant, { replies: [REPLY] });
    const first = await provider.complete(request());
    const call = first.toolCalls[0]!;
    server.script = { replies: [{ text: 'Done.' }] };
    const reply = await provider.complete(
      request([
        { role: 'user', text: 'Predict iris species.' },
        { role: 'assistant', text: first.text, toolCalls: first.toolCalls },
        { role: 'tool', results: [{ callId: call.id, name: call.name, content: 'cv accuracy 0.93' }] },
        { role: 'user', text: 'Now submit.' },
      ]),
    );
    expect(reply).toMatchObject({ text: 'Done.', toolCalls: [], stopReason: 'stop' });
    const sent = server.requests[1]!.request.messages;
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    const assistant = sent[1]!;
    if (assistant.role !== 'assistant') throw new Error('expected the assistant turn');
    expect(assistant.toolCalls).toHaveLength(1);
    expect(JSON.parse(assistant.toolCalls[0]!.arguments)).toEqual({ code: 'print("héllo")\nprint(1)' });
    expect(sent[2]).toMatchObject({ role: 'tool', content: 'cv accuracy 0.93' });
    if (variant.label === 'google') {
      // Gemini sends no call ids: none may be invented on the wire, and the thought signature must come back.
      expect(assistant.toolCalls[0]!.id).toBeUndefined();
      expect(assistant.toolCalls[0]!.thoughtSignature).toBe(thoughtSignature(0, 0));
      expect(sent[2]).toMatchObject({ name: 'execute_code', callId: undefined });
    } else {
      expect(assistant.toolCalls[0]!.id).toBe(call.id);
      expect(sent[2]).toMatchObject({ callId: call.id });
    }
  });

  it('retries a 429 (honouring Retry-After) and a 500, then succeeds', async () => {
    const { server, provider, retries } = await setUp(variant, {
      replies: [REPLY],
      faults: { 0: { kind: 'rate_limit', retryAfterSec: 0.3 }, 1: { kind: 'server_error', status: 503 } },
    });
    const started = performance.now();
    const reply = await provider.complete(request());
    expect(reply.toolCalls[0]?.name).toBe('execute_code');
    expect(server.requests.map((r) => r.status)).toEqual([429, 503, 200]);
    expect(retries.map((r) => r.kind)).toEqual(['rate_limit', 'server']);
    expect(retries[0]!.delayMs).toBe(300);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('ends an outage (always 500) as a retryable ProviderError after the bounded attempts', async () => {
    const { server, provider } = await setUp(variant, { replies: [REPLY], faults: () => ({ kind: 'server_error' }) });
    const error = await provider.complete(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'server', retryable: true, attempts: 5, status: 500 });
    expect(server.requests).toHaveLength(5);
  });

  it('retries a hang past the timeout as a timeout', async () => {
    const { server, provider, retries } = await setUp(variant, { replies: [REPLY], faults: { 0: { kind: 'hang' } } }, { timeoutMs: 400 });
    const reply = await provider.complete(request());
    expect(reply.toolCalls[0]?.name).toBe('execute_code');
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => r.kind)).toEqual(['timeout']);
  });

  it('retries a garbled body as a malformed reply', async () => {
    const { server, provider, retries } = await setUp(variant, { replies: [REPLY], faults: { 0: { kind: 'malformed_body' } } });
    await provider.complete(request());
    expect(retries.map((r) => r.kind)).toEqual(['malformed_reply']);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a rejected key', async () => {
    const { server, provider } = await setUp(variant, { replies: [REPLY], apiKey: 'some-other-key' });
    await expect(provider.complete(request())).rejects.toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('random fault injection', () => {
  it('injects a seeded fraction of faults, all retried away', async () => {
    const { server, provider } = await setUp(VARIANTS[0]!, { replies: [REPLY], randomFault: { fault: { kind: 'server_error' }, probability: 0.4, seed: 5 } }, { retry: { maxAttempts: 20 } });
    for (let i = 0; i < 10; i++) await provider.complete(request());
    const faulted = server.requests.filter((r) => r.fault).length;
    expect(faulted).toBeGreaterThan(0);
    expect(server.requests.length - faulted).toBe(10);
  });
});

describe('agent ids, keys and base URLs', () => {
  it('parses the four id forms and rejects anything else clearly', () => {
    expect(parseLlmAgentId('openai:gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(parseLlmAgentId('openai-compat:llama3.1:8b@http://localhost:11434/v1')).toEqual({ provider: 'openai-compat', model: 'llama3.1:8b', baseURL: 'http://localhost:11434/v1' });
    expect(() => parseLlmAgentId('mistral:7b')).toThrow(/unknown LLM agent "mistral:7b": use openai:<model>/);
    expect(() => parseLlmAgentId('openai-compat:llama3')).toThrow(/needs a model and a base URL/);
    expect(() => createLlmAgent('baseline:gbm', { env: {} })).toThrow(/unknown LLM agent/);
  });

  it.each([
    ['openai:gpt-4o', 'OPENAI_API_KEY'],
    ['anthropic:claude-sonnet-4', 'ANTHROPIC_API_KEY'],
    ['google:gemini-2.5-pro', 'GEMINI_API_KEY'],
  ])('a missing key for %s is an auth error naming %s', (id, variable) => {
    let error: unknown;
    try {
      createLlmAgent(id, { env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringContaining(`${variable} is not set`) });
    expect(apiKeyVariables(parseLlmAgentId(id).provider)[0]).toBe(variable);
  });

  it('openai-compat needs no key, and never receives OPENAI_API_KEY', async () => {
    server = await startFakeProvider({ replies: [REPLY] });
    const agent = parseLlmAgentId(`openai-compat:local-model@${server.url}/v1`);
    const provider = createProvider(agent, agent.model, { env: { OPENAI_API_KEY: KEYS.openai }, timeoutMs: 5000, retry: FAST_RETRY, api: 'chat' });
    await provider.complete(request());
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer no-key');
    expect(server.requests[0]!.rawBody).toContain('"max_tokens":500');
  });

  it('reads keys and base URLs from the process environment by default', async () => {
    server = await startFakeProvider({ replies: [REPLY], apiKey: KEYS.anthropic });
    vi.stubEnv('ANTHROPIC_API_KEY', KEYS.anthropic);
    vi.stubEnv('ANTHROPIC_BASE_URL', server.url);
    const agent = parseLlmAgentId('anthropic:claude-sonnet-4');
    const provider = createProvider(agent, lookupModel('anthropic', 'claude-sonnet-4').apiModel, { env: process.env, timeoutMs: 5000, retry: FAST_RETRY, api: 'chat' });
    await provider.complete(request());
    expect(server.requests[0]!.request.model).toBe('claude-sonnet-4-20250514');
    expect(server.requests[0]!.status).toBe(200);
  });
});

describe('model registry and retry timing', () => {
  it('prices known models at list price and unknown ones at 0', () => {
    expect(costUsd('gpt-4o', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(12.5, 10);
    expect(costUsd('gpt-4o-2024-08-06', { inputTokens: 2_000_000, outputTokens: 0 })).toBeCloseTo(5, 10);
    expect(costUsd('claude-haiku', { inputTokens: 0, outputTokens: 1_000_000 })).toBeCloseTo(5, 10);
    // Gemini 2.5 Pro bills long prompts at the higher tier.
    expect(costUsd('gemini-2.5-pro', { inputTokens: 100_000, outputTokens: 0 })).toBeCloseTo(0.125, 10);
    expect(costUsd('gemini-2.5-pro', { inputTokens: 300_000, outputTokens: 0 })).toBeCloseTo(0.75, 10);
    expect(costUsd('my-local-llama', { inputTokens: 1e6, outputTokens: 1e6 })).toBe(0);
  });

  it('resolves aliases and snapshots, and gives unknown models a default or chosen context', () => {
    expect(lookupModel('anthropic', 'claude-haiku')).toMatchObject({ id: 'claude-haiku-4-5', apiModel: 'claude-haiku-4-5-20251001', known: true });
    expect(lookupModel('openai', 'gpt-4o-2024-08-06')).toMatchObject({ id: 'gpt-4o', apiModel: 'gpt-4o-2024-08-06', contextWindow: 128000 });
    expect(lookupModel('openai', 'o3-mini')).toMatchObject({ reasoning: true });
    expect(lookupModel('openai-compat', 'gpt-4o')).toMatchObject({ known: false, contextWindow: 32768 });
    expect(lookupModel('openai-compat', 'qwen', { contextWindow: 8192 })).toMatchObject({ known: false, contextWindow: 8192, maxOutputTokens: 4096 });
  });

  it('backs off exponentially with jitter and caps Retry-After', () => {
    const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 5000 };
    const plain = new ProviderError('server', 'x');
    expect(retryDelayMs(policy, 1, plain, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, plain, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 3, plain, () => 1)).toBe(4000);
    expect(retryDelayMs(policy, 6, plain, () => 1)).toBe(8000);
    expect(retryDelayMs(policy, 1, new ProviderError('rate_limit', 'x', { provider: 'p', retryAfterMs: 60_000 }))).toBe(5000);
  });
});
