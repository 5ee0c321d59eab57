import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunDir } from '../harness/cli/commands/eval.js';
import { arenaHome } from '../harness/util/paths.js';
import { manifest, tempDir, writeGradableTask } from './helpers/fixture-task.js';

const BIN = path.resolve('bin/arena.js');

function arena(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('node', [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ARENA_HOME: tempDir('arena-home-') } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('arena CLI', () => {
  const commands = [[], ['eval'], ['runs'], ['runs', 'list'], ['runs', 'show'], ['sandbox'], ['sandbox', 'check'], ['sandbox', 'run'], ['sandbox', 'gc'], ['sandbox', 'build-image'], ['datasets'], ['datasets', 'list'], ['datasets', 'fetch'], ['datasets', 'show'], ['tasks'], ['tasks', 'validate'], ['tasks', 'prepare'], ['tasks', 'import'], ['grade']];
  it.each(commands)('%s --help prints usage and exits 0', (...cmd) => {
    const r = arena(...cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/arena/);
    expect(r.stdout).toMatch(/--help/);
  });

  it('reads options from a --config JSON file', () => {
    const config = path.join(tempDir(), 'arena.json');
    writeFileSync(config, JSON.stringify({ json: true }));
    const r = arena('runs', 'list', '--config', config);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ runs: [] });
  });

  it('refuses an unknown agent at eval with exit 2', () => {
    const r = arena('eval', '--suite', 'tasks/human-v1', '--models', 'baseline:trivial,gpt4');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown agent "gpt4"/);
  });

  it('eval --help documents the LLM settings', () => {
    const r = arena('eval', '--help');
    for (const flag of ['--temperature', '--max-output-tokens', '--openai-api']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/"chat", "responses"/);
  });

  it('refuses eval settings out of range (the LLM ones included), from flags or --config, with exit 2', () => {
    const evalArgs = ['eval', '--suite', 'tasks/human-v1', '--models', 'openai:gpt-4o,anthropic:claude-sonnet-4'];
    const cases: [string[], RegExp][] = [
      [['--temperature', '2.5'], /--temperature must be between 0 and 2/],
      [['--temperature', '-0.1'], /--temperature must be between 0 and 2/],
      [['--temperature', '1.5'], /at most 1 for anthropic: models/],
      [['--max-output-tokens', '0'], /--max-output-tokens must be a positive integer/],
      [['--max-output-tokens', '100.5'], /--max-output-tokens must be a positive integer/],
      [['--openai-api', 'completions'], /openai-api/],
      [['--seeds', '0'], /--seeds must be a positive integer/],
    ];
    for (const [flags, message] of cases) {
      const r = arena(...evalArgs, ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const config = path.join(tempDir(), 'eval.json');
    writeFileSync(config, JSON.stringify({ 'max-output-tokens': -5 }));
    const fromConfig = arena(...evalArgs, '--config', config);
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toMatch(/--max-output-tokens must be a positive integer/);
  });

  it('keys the default eval run directory on the LLM settings, and only when they are set', () => {
    const suites = ['tasks/human-v1'];
    const agents = ['openai:gpt-4o'];
    const plain = defaultRunDir(suites, agents, 2, 'local');
    // A command without LLM settings keeps the directory it had before they existed, so old runs still resume.
    const before = createHash('sha256').update(JSON.stringify({ suites: suites.map((s) => path.resolve(s)), agents, seeds: 2, runtime: 'local', maxSteps: null })).digest('hex').slice(0, 10);
    expect(plain).toBe(path.join(arenaHome(), 'runs', `eval-${before}`));
    expect(defaultRunDir(suites, agents, 2, 'local', undefined, { temperature: undefined })).toBe(plain);
    const settings = [{ temperature: 0.2 }, { temperature: 0.3 }, { maxOutputTokens: 512 }, { openaiApi: 'responses' as const }, { temperature: 0.2, openaiApi: 'responses' as const }];
    const dirs = settings.map((llm) => defaultRunDir(suites, agents, 2, 'local', undefined, llm));
    expect(new Set([plain, ...dirs]).size).toBe(settings.length + 1);
    expect(defaultRunDir(suites, agents, 2, 'local', undefined, { temperature: 0.2 })).toBe(dirs[0]);
  });

  it('exits 2 on bad usage with a message, not a stack trace', () => {
    for (const args of [['frobnicate'], ['grade', '--task', 'x'], ['tasks', 'import', 'dir', '--from', 'kaggle', '--out', 'o'], []]) {
      const r = arena(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^arena: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('grade prints the JSON report and exits 0 for a valid submission, 1 for an invalid one', () => {
    const root = tempDir();
    const dir = writeGradableTask(root, manifest({ id: 'cli-task' }), [
      { id: '1', target: 'a', board: 'public' },
      { id: '2', target: 'b', board: 'private' },
      { id: '3', target: 'c', board: 'private' },
    ]);
    const good = path.join(root, 'good.csv');
    writeFileSync(good, 'id,label\n1,a\n2,b\n3,a\n');
    const ok = arena('grade', '--task', dir, '--submission', good, '--json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ valid: true, score: 0.5, publicScore: 1, metric: 'accuracy', higherIsBetter: true, errors: [] });

    const bad = path.join(root, 'bad.csv');
    writeFileSync(bad, 'id,label\n1,a\n2,zebra\n');
    const rejected = arena('grade', '--task', dir, '--submission', bad, '--json');
    expect(rejected.code).toBe(1);
    const codes = JSON.parse(rejected.stdout).errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(['unknown_label', 'missing_id']);

    const human = arena('grade', '--task', dir, '--submission', bad);
    expect(human.stdout).toMatch(/\[unknown_label\] line 3: "zebra"/);
  });

  it('reports a broken task as a one-line error naming the file, exit 1', () => {
    const r = arena('grade', '--task', path.join(tempDir(), 'missing-task'), '--submission', 'x.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^arena: .*missing-task: not a directory/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('tasks validate exits 1 and names the problem for an invalid task', () => {
    const root = tempDir();
    const dir = writeGradableTask(root, manifest({ id: 'no-description', metric: { name: 'accuracy', higherIsBetter: false, params: {} } }), [{ id: '1', target: 'a', board: 'public' }]);
    const r = arena('tasks', 'validate', dir, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.tasks[0].problems.join('\n')).toMatch(/description\.md: missing/);
    expect(out.tasks[0].problems.join('\n')).toMatch(/field metric\.higherIsBetter: accuracy is higher-is-better/);
  });
});
