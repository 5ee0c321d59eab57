import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';

const BIN = path.resolve('bin/arena.js');
const arena = (...args: string[]) => spawnSync('node', [BIN, 'run', ...args], { encoding: 'utf8' });

describe('arena run usage', () => {
  it('refuses a sample of a suite it is asked to generate, and unknown agents, with exit code 2', () => {
    const both = arena('--datasets', 'iris', '--suite', 'tasks/x', '--sample', '3', '--models', 'baseline:trivial');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--sample samples an existing --suite');
    const unknown = arena('--suite', 'tasks/smith-v1', '--models', 'baseline:nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('baseline:nope');
  });

  it('takes the executor options of `arena eval`, refused the same way', () => {
    const alone = arena('--suite', 'tasks/smith-v1', '--models', 'baseline:trivial', '--array-size', '2');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--partition and --array-size need --executor slurm');
    const zero = arena('--suite', 'tasks/smith-v1', '--models', 'baseline:trivial', '--executor', 'slurm', '--array-size', '0');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('--array-size must be a positive integer');
    const unknown = arena('--suite', 'tasks/smith-v1', '--models', 'baseline:trivial', '--executor', 'kubernetes');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Invalid values:[\s\S]*executor/);
  });

  it('takes its options from a config file, flags on the command line winning', () => {
    const config = path.join(tempDir('arena-run-config-'), 'run.json');
    writeFileSync(config, JSON.stringify({ suite: 'tasks/smith-v1', models: 'baseline:trivial', sample: 0 }));
    const fromFile = arena('--config', config);
    expect(fromFile.status).toBe(2);
    expect(fromFile.stderr).toContain('--sample must be a positive integer');
    // The flag's sample passes the checks; the file's models are overridden too, and refused by name.
    const overridden = arena('--config', config, '--sample', '2', '--models', 'baseline:nope');
    expect(overridden.status).toBe(2);
    expect(overridden.stderr).not.toContain('--sample');
    expect(overridden.stderr).toContain('baseline:nope');
  });
});
