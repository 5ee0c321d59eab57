import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

// A module that registers an agent kind, a backend and a provider, loaded into the CLI with
// `node --import` and edited nowhere else: `arena eval` offers, checks and runs what it added.
const dist = (module: string) => pathToFileURL(path.resolve('dist', module)).href;
const root = tempDir('cli-registries-');
const log = path.join(root, 'relay.log');
const plugin = path.join(root, 'plugin.mjs');
writeFileSync(
  plugin,
  `import { appendFileSync } from 'node:fs';
import { registerAgentKind, UnknownAgentError } from ${JSON.stringify(dist('harness/arena/agent-registry.js'))};
import { registerProvider } from ${JSON.stringify(dist('harness/llm/provider-registry.js'))};
import { getBackend, registerBackend } from ${JSON.stringify(dist('harness/sandbox/registry.js'))};

const COPY = "import shutil\\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";
registerAgentKind({
  prefix: 'scripted',
  usage: 'scripted:<name>',
  check(id) {
    if (id !== 'scripted:copy') throw new UnknownAgentError('unknown scripted agent "' + id + '": use scripted:copy');
  },
  create: async (id) => ({ id, kind: 'scripted', async play(env) { await env.start(); await env.step({ type: 'execute_code', code: COPY }); await env.step({ type: 'submit' }); } }),
});
registerBackend('relay', async () => {
  const local = await getBackend('local');
  return {
    name: 'relay',
    check: async () => ({ ...(await local.check()), backend: 'relay' }),
    async create(spec) {
      appendFileSync(${JSON.stringify(log)}, spec.name + '\\n');
      return local.create(spec);
    },
    gc: () => local.gc(),
  };
});
registerProvider({ name: 'acme', usage: 'acme:<model>', apiKeyVariables: ['ACME_API_KEY'], maxTemperature: 0.5, create: () => { throw new Error('not called'); } });
`,
);

function arena(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['--import', pathToFileURL(plugin).href, path.resolve('bin/arena.js'), ...args], { env: { ...process.env, ARENA_HOME: tempDir('arena-home-') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let suiteDir = '';
beforeAll(async () => {
  suiteDir = (await preparedSuite(['iris-species'], 'cli-registries-suite')).dir;
});

describe('arena eval with an agent kind, a backend and a provider registered by a module of their own', () => {
  it('offers them in --help and names them among the known ones when refusing an unknown id', async () => {
    const help = await arena('eval', '--help');
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/--models comma-separated agents: scripted:<name>, acme:<model>, openai:<model>, .*, baseline:<name> .*, replay:<file>/);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--temperature sampling temperature of LLM agents, 0..2 (0..0.5 for acme:, 0..1 for anthropic:)');
    expect(help.stdout).toMatch(/--runtime .*\[choices: "local", "docker", "docker-copy", "relay"\]/s);
    const unknown = await arena('eval', '--suite', suiteDir, '--models', 'nope:model');
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/unknown agent "nope:model": use scripted:<name>, acme:<model>, openai:<model>, .*, baseline:<name> .*, replay:<file>/);
    const scripted = await arena('eval', '--suite', suiteDir, '--models', 'scripted:nope');
    expect(scripted.code, scripted.stderr).toBe(2);
    expect(scripted.stderr).toContain('unknown scripted agent "scripted:nope": use scripted:copy');
    const runtime = await arena('eval', '--suite', suiteDir, '--models', 'baseline:trivial', '--runtime', 'nope');
    expect(runtime.code, runtime.stderr).toBe(2);
    expect(runtime.stderr).toMatch(/runtime, Given: "nope", Choices: "local", "docker", "docker-copy", "relay"/);
  });

  it("refuses a temperature the registered provider does not take, by the provider's own limit", async () => {
    const r = await arena('eval', '--suite', suiteDir, '--models', 'acme:small-1', '--temperature', '0.7');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--temperature must be at most 0.5 for acme: models');
  });

  it('runs the registered agent kind in the registered backend', async () => {
    const out = path.join(root, 'run');
    const r = await arena('eval', '--suite', suiteDir, '--models', 'scripted:copy', '--runtime', 'relay', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const { episodes } = JSON.parse(r.stdout) as { episodes: { agent_kind: string; status: string; valid: number }[] };
    expect(episodes).toEqual([expect.objectContaining({ agent_kind: 'scripted', status: 'completed', valid: 1 })]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
