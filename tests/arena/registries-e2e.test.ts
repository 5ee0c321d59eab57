import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgentKind, UnknownAgentError } from '../../harness/arena/agent-registry.js';
import { RunStore } from '../../harness/arena/run-store.js';
import { runEval } from '../../harness/arena/runner.js';
import { readTranscript, transcriptFile } from '../../harness/arena/transcript.js';
import type { Agent } from '../../harness/arena/types.js';
import { OpenAiChatProvider } from '../../harness/llm/openai-chat.js';
import { registerProvider } from '../../harness/llm/provider-registry.js';
import { getBackend, registerBackend } from '../../harness/sandbox/registry.js';
import { baselinePolicy } from '../fake-provider/policies.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { ExecOnlySandbox } from '../sandbox/exec-only-sandbox.js';

// Each registry extended from here alone, by one registration, and used through runEval as any
// eval would: the new agent kind, backend or provider needs no line anywhere else.

const COPY_SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";
let suiteDir = '';
let fake: FakeProvider;
const saved = { ...process.env };

beforeAll(async () => {
  suiteDir = (await preparedSuite(['iris-species'], 'registries-suite')).dir;
  fake = await startFakeProvider({ policy: baselinePolicy(COPY_SAMPLE), apiKey: 'acme-key-123456' });
});

afterAll(async () => {
  process.env = saved;
  await fake?.close();
});

const run = (agents: string[], runtime = 'local') => runEval({ suites: [suiteDir], agents, seeds: 1, concurrency: 1, runtime, outDir: path.join(tempDir('registries-run-'), 'run') });

describe('runEval and ids no registry knows', () => {
  it.each([
    [['baseline:nope'], 'local', /^unknown baseline "baseline:nope": use one of baseline:trivial, /],
    [['baseline:trivial', 'nope:model'], 'local', /^unknown agent "nope:model": use openai:<model>, .*replay:<file>/],
    [['baseline:trivial'], 'nope', /^unknown sandbox backend "nope": use one of local, docker/],
  ])('refuses %j on %s before any work: no run directory is written', async (agents, runtime, message) => {
    const outDir = path.join(tempDir('registries-refused-'), 'run');
    await expect(runEval({ suites: [suiteDir], agents, seeds: 1, concurrency: 1, runtime, outDir })).rejects.toThrow(message);
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('registries, extended by one registration each and used end to end', () => {
  it('an agent kind registered here plays an eval, recorded under its own kind', async () => {
    registerAgentKind({
      prefix: 'scripted',
      usage: 'scripted:<name>',
      check(id) {
        if (id !== 'scripted:copy') throw new UnknownAgentError(`unknown scripted agent "${id}": use scripted:copy`);
      },
      async create(id): Promise<Agent> {
        return {
          id,
          kind: 'scripted',
          async play(env) {
            await env.start();
            await env.step({ type: 'execute_code', code: COPY_SAMPLE });
            await env.step({ type: 'submit' });
          },
        };
      },
    });
    const { runDir, episodes } = await run(['scripted:copy']);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ agent_id: 'scripted:copy', agent_kind: 'scripted', status: 'completed', valid: 1, steps: 2 });
    const header = (await readTranscript(transcriptFile(runDir, episodes[0]!.id)).next()).value!;
    expect(header.record).toMatchObject({ kind: 'episode', agentKind: 'scripted' });
  });

  it('a backend registered here runs the episodes of an eval given its name', async () => {
    const created: string[] = [];
    registerBackend('exec-only', async () => {
      const local = await getBackend('local');
      return {
        name: 'exec-only',
        check: async () => ({ ...(await local.check()), backend: 'exec-only' }),
        // The harness reaches this sandbox's workspace through exec alone.
        async create(spec) {
          created.push(spec.name);
          return new ExecOnlySandbox(await local.create(spec));
        },
        gc: () => local.gc(),
      };
    });
    const { episodes } = await run(['baseline:trivial'], 'exec-only');
    expect(episodes[0]).toMatchObject({ status: 'completed', valid: 1 });
    expect(created).toHaveLength(1);
  });

  it('a provider registered here is an agent kind at once, and its agents answer through the fake provider', async () => {
    Object.assign(process.env, { ACME_API_KEY: 'acme-key-123456', ACME_BASE_URL: `${fake.url}/v1` });
    registerProvider({ name: 'acme', usage: 'acme:<model>', apiKeyVariables: ['ACME_API_KEY'], baseUrlVariable: 'ACME_BASE_URL', create: (o) => new OpenAiChatProvider({ ...o, flavor: 'openai-compat' }) });
    const { runDir, episodes } = await run(['acme:small-1']);
    expect(episodes[0], episodes[0]!.error ?? '').toMatchObject({ agent_id: 'acme:small-1', agent_kind: 'llm', status: 'completed', valid: 1 });
    expect(fake.requests.map((r) => [r.request.format, r.request.model, r.headers['authorization'], r.status])).toEqual([
      ['openai-chat', 'small-1', 'Bearer acme-key-123456', 200],
      ['openai-chat', 'small-1', 'Bearer acme-key-123456', 200],
      ['openai-chat', 'small-1', 'Bearer acme-key-123456', 200],
    ]);
    const store = new RunStore(path.join(runDir, 'run.sqlite'), 'run', { readonly: true });
    try {
      expect(store.stepsOf(episodes[0]!.id).map((s) => s.action)).toEqual(['request_info', 'execute_code', 'submit']);
      // Not in agents/models.json: its calls are counted and cost nothing.
      expect(store.modelCalls(episodes[0]!.id).map((c) => [c.model, c.costUsd])).toEqual([
        ['small-1', 0],
        ['small-1', 0],
        ['small-1', 0],
      ]);
    } finally {
      store.close();
    }
  });
});
