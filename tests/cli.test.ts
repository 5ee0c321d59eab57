import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
