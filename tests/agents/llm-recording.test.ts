import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLlmAgent, type LlmAgentOptions } from '../../agents/llm/tool-agent.js';
import { RunStore, type StoredModelCall } from '../../harness/arena/run-store.js';
import type { LlmUsage } from '../../harness/arena/types.js';
import { baselinePolicy, longEpisodePolicy } from '../fake-provider/policies.js';
import { recordingContext, ScriptedEnvironment } from '../fake-provider/scripted-env.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import type { FakeMessage, FakeScript } from '../fake-provider/types.js';
import { VARIANTS, type ProviderVariant } from '../fake-provider/variants.js';
import { scratchDirs } from './scratch-dirs.js';

/**
 * Every model call of an episode reaches the run store whole: the request as the provider's server
 * received it (read back by the fake server from the SDK's wire body), the reply as the server
 * sent it, usage, latency, cache hits, retried failures and the final error, keys redacted.
 */

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 };
const CODE = 'import pandas as pd\nprint(pd.read_csv("/data/train.csv").shape)  # "quotes" ✓\n';
const OPENAI = VARIANTS[0]!;
const scratch = scratchDirs();
afterAll(() => scratch.removeAll());

let server: FakeProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function play(variant: ProviderVariant, script: FakeScript, options: LlmAgentOptions = {}, envOptions: ConstructorParameters<typeof ScriptedEnvironment>[0] = {}) {
  server ??= await startFakeProvider(script);
  server.script = script;
  const agent = createLlmAgent(variant.id(server), { env: variant.env(server), retry: FAST_RETRY, timeoutMs: 5000, api: variant.api, ...options });
  const context = recordingContext(3);
  const error = await agent.play(new ScriptedEnvironment(envOptions), context).then(() => undefined, (err: Error) => err);
  return { server, context, error };
}

/** The calls as a run store keeps them and gives them back. */
function throughStore(calls: LlmUsage[]): { stored: StoredModelCall[]; file: string } {
  const file = path.join(scratch.make('llm-recording-'), 'run.sqlite');
  const store = new RunStore(file, 'run');
  store.ensureRun({});
  store.planEpisodes([{ suite: 's', taskId: 't', taskDir: '/t', agentId: 'a', seed: 0 }]);
  store.startEpisode('s/t/a/seed-0', 'llm');
  calls.forEach((c, i) => store.recordLlmCall('s/t/a/seed-0', i, c));
  store.close();
  const reader = new RunStore(file, 'run', { readonly: true });
  try {
    return { stored: reader.modelCalls('s/t/a/seed-0'), file };
  } finally {
    reader.close();
  }
}

/** A recorded message in the fake server's neutral form (what it parsed from the wire). */
function asServerSaw(m: NonNullable<StoredModelCall['call']>['request']['messages'][number]): FakeMessage[] {
  if (m.role === 'user') return [{ role: 'user', text: m.text }];
  if (m.role === 'assistant') return [{ role: 'assistant', text: m.text, toolCalls: m.toolCalls.map((c) => ({ name: c.name, arguments: c.rawArguments })) }];
  return m.results.map((r) => ({ role: 'tool', content: r.content }));
}

/** The server's view without what only some wire formats carry (ids, names, signatures, empty texts). */
function comparable(messages: FakeMessage[]): unknown[] {
  return messages.map((m) => {
    if (m.role === 'tool') return { role: 'tool', content: m.content };
    if (m.role === 'assistant') return { role: 'assistant', text: m.text.trim(), toolCalls: m.toolCalls.map((c) => ({ name: c.name, arguments: JSON.parse(c.arguments) as unknown })) };
    return m;
  });
}

describe.each(VARIANTS)('model calls recorded over $label', (variant) => {
  it('keeps each request as the server received it and each reply as it was sent, with usage and latency', async () => {
    const { server, context, error } = await play(variant, { policy: baselinePolicy(CODE) });
    expect(error).toBeUndefined();
    const { stored } = throughStore(context.calls);
    expect(stored).toHaveLength(3);
    stored.forEach((s, i) => {
      const received = server.requests[i]!;
      const call = s.call!;
      expect(call).toMatchObject({ provider: variant.id(server).split(':')[0], retries: [] });
      expect(call.error).toBeUndefined();
      expect(call.request.system).toBe(received.request.system);
      expect(call.request.tools).toEqual(received.request.tools);
      expect(comparable(call.request.messages.flatMap(asServerSaw))).toEqual(comparable(received.request.messages));
      expect(call.request.maxOutputTokens).toBe(received.request.maxTokens);
      expect(call.request.seed).toBe(3);
      expect(s).toMatchObject({ inputTokens: received.usage!.inputTokens, outputTokens: received.usage!.outputTokens, cached: false });
      expect(s.latencyMs).toBeGreaterThan(0);
    });
    // The replies as the policy wrote them: texts, tool names and the arguments' exact JSON.
    expect(stored.map((s) => s.call!.reply)).toEqual([
      { text: 'First, the layout of the data.', toolCalls: [{ id: expect.any(String), name: 'request_info', rawArguments: '{"topic":"data_structure"}' }], stopReason: 'tool_calls', model: expect.any(String) },
      { text: 'A first model, written to submission.csv.', toolCalls: [{ id: expect.any(String), name: 'execute_code', rawArguments: JSON.stringify({ code: CODE }) }], stopReason: 'tool_calls', model: expect.any(String) },
      { text: 'Submitting.', toolCalls: [{ id: expect.any(String), name: 'submit', rawArguments: '{}' }], stopReason: 'tool_calls', model: expect.any(String) },
    ]);
    // The third request holds the whole conversation so far: task, two replies, two results.
    expect(stored[2]!.call!.request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
  });

  it('records retried failures, the final provider error, and redacts a key planted in the prompt and in an error', async () => {
    const planted = `Use the key ${variant.key} nowhere.`;
    const faults = { 0: { kind: 'rate_limit' as const, retryAfterSec: 0 }, 1: { kind: 'server_error' as const, status: 503, message: `upstream refused key ${variant.key}` } };
    const first = await play(variant, { policy: baselinePolicy(CODE), faults }, { systemPrompt: planted });
    expect(first.error).toBeUndefined();
    const { stored, file } = throughStore(first.context.calls);
    expect(stored[0]!.call!.retries.map((r) => [r.kind, r.status])).toEqual([
      ['rate_limit', 429],
      ['server', 503],
    ]);
    expect(stored[0]!.call!.retries[1]!.message).toContain('upstream refused key [redacted]');
    expect(stored[0]!.call!.request.system).toBe('Use the key [redacted] nowhere.');
    expect(stored.slice(1).every((s) => s.call!.retries.length === 0)).toBe(true);

    const down = await play(variant, { policy: baselinePolicy(CODE), faults: () => ({ kind: 'server_error', status: 500, message: `boom ${variant.key}` }) }, { systemPrompt: planted });
    expect(down.error).toMatchObject({ name: 'ProviderError', kind: 'server' });
    const failed = throughStore(down.context.calls);
    expect(failed.stored).toHaveLength(1);
    expect(failed.stored[0]!.call!.reply).toBeUndefined();
    expect(failed.stored[0]!.call!.error).toMatchObject({ kind: 'server', status: 500 });
    expect(failed.stored[0]!.call!.error!.message).toMatch(/boom \[redacted\].*gave up after 3 attempts/);
    expect(failed.stored[0]!.call!.retries).toHaveLength(2);

    // Nowhere in either file, compressed or not, is the key.
    for (const f of [file, failed.file]) {
      const db = new Database(f, { readonly: true });
      const texts = (db.prepare('SELECT data FROM blobs').all() as { data: Buffer }[]).length;
      db.close();
      expect(texts).toBeGreaterThan(0);
      const reader = new RunStore(f, 'run', { readonly: true });
      expect(JSON.stringify(reader.modelCalls('s/t/a/seed-0'))).not.toContain(variant.key);
      reader.close();
    }
  });
});

describe('model call records', () => {
  it('marks a reply from the cache and keeps its content', async () => {
    const cacheDir = scratch.make('llm-recording-cache-');
    const first = await play(OPENAI, { policy: baselinePolicy(CODE) }, { cacheDir });
    const again = await play(OPENAI, { policy: baselinePolicy(CODE) }, { cacheDir });
    const [paid, replayed] = [throughStore(first.context.calls).stored, throughStore(again.context.calls).stored];
    expect(replayed.map((s) => s.cached)).toEqual([true, true, true]);
    expect(replayed.map((s) => s.call!.reply)).toEqual(paid.map((s) => s.call!.reply));
  });

  it('stores a 200-call episode in a small multiple of its distinct text, not of the histories re-sent', async () => {
    const steps = 199;
    const { context, error } = await play(OPENAI, { policy: longEpisodePolicy(steps, 1200) }, { maxModelCalls: 250 }, { maxSteps: 250 });
    expect(error).toBeUndefined();
    expect(context.calls).toHaveLength(steps + 1);
    const { stored, file } = throughStore(context.calls);
    const sent = stored.reduce((n, s) => n + JSON.stringify(s.call!.request).length, 0);
    const size = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    // The requests re-send the history: ~50 MB in all; what is new per call is ~1.5 KB.
    expect(sent).toBeGreaterThan(20_000_000);
    expect(size).toBeLessThan(sent / 50);
    expect(size / stored.length).toBeLessThan(4096);
    expect(stored.at(-1)!.call!.request.messages.length).toBeGreaterThan(10);
  }, 120_000);
});
