import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';

// An id no registry knows is a usage error (exit 2) said before any work, naming the known ones:
// the suites here do not exist, so any work begun would fail with another message.
function arena(...args: string[]): { code: number; stderr: string } {
  const r = spawnSync('node', [path.resolve('bin/arena.js'), ...args], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: tempDir('arena-home-') } });
  return { code: r.status ?? -1, stderr: r.stderr };
}

const MISSING_SUITE = '/nonexistent/suite';
const EVERY_AGENT_KIND = ['openai:<model>', 'anthropic:<model>', 'google:<model>', 'openai-compat:<model>@<base-url>', 'baseline:<name> (baseline:* for all of them)', 'replay:<file>'];

describe('unknown ids are refused before any work, with exit 2 and the known ones', () => {
  it.each([
    ['eval', ['eval', '--suite', MISSING_SUITE]],
    ['run', ['run', '--suite', MISSING_SUITE]],
  ])('arena %s --models foo:bar names every agent kind', (_command, args) => {
    const r = arena(...args, '--models', 'baseline:trivial,foo:bar');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('unknown agent "foo:bar": use ');
    for (const kind of EVERY_AGENT_KIND) expect(r.stderr).toContain(kind);
  });

  it.each([
    ['eval', ['eval', '--suite', MISSING_SUITE]],
    ['run', ['run', '--suite', MISSING_SUITE]],
  ])('arena %s refuses an unknown baseline and a malformed LLM id the same way', (_command, args) => {
    const baseline = arena(...args, '--models', 'baseline:nope');
    expect(baseline.code, baseline.stderr).toBe(2);
    expect(baseline.stderr).toMatch(/unknown baseline "baseline:nope": use one of baseline:trivial, .*baseline:gbm/);
    const noUrl = arena(...args, '--models', 'openai-compat:llama3');
    expect(noUrl.code, noUrl.stderr).toBe(2);
    expect(noUrl.stderr).toContain('unknown LLM agent "openai-compat:llama3"');
    expect(noUrl.stderr).toContain('needs a model and a base URL');
  });

  it.each([
    ['eval', ['eval', '--suite', MISSING_SUITE, '--models', 'baseline:trivial']],
    ['run', ['run', '--suite', MISSING_SUITE, '--models', 'baseline:trivial']],
    ['generate', ['generate', '--datasets', 'iris', '--out', MISSING_SUITE]],
  ])('arena %s --runtime nope lists the registered backends', (_command, args) => {
    const r = arena(...args, '--runtime', 'nope');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/Invalid values:[\s\S]*runtime, Given: "nope", Choices: "local", "docker"/);
  });

  it.each([
    ['generate', ['generate', '--datasets', 'iris', '--out', MISSING_SUITE]],
    ['run', ['run', '--datasets', 'iris', '--suite', MISSING_SUITE, '--models', 'baseline:trivial']],
  ])('arena %s --roles nope:x names the providers and heuristic', (_command, args) => {
    const r = arena(...args, '--roles', 'nope:x');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--roles nope:x: unknown LLM agent "nope:x": use openai:<model>, anthropic:<model>, google:<model> or openai-compat:<model>@<base-url> (or heuristic, the offline roles)');
  });

  it.each([
    ['generate', ['generate', '--datasets', 'penguins,pengiuns', '--out', MISSING_SUITE]],
    ['run', ['run', '--datasets', 'pengiuns', '--suite', MISSING_SUITE, '--models', 'baseline:trivial']],
  ])('arena %s refuses a misspelt dataset before any work, with the closest name', (_command, args) => {
    const r = arena(...args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('unknown dataset "pengiuns". Did you mean "penguins"');
  });
});
