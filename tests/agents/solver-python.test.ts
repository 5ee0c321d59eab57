import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve('agents/baselines/python');
const modules = readdirSync(path.join(root, 'tests')).filter((f) => /^test_.*\.py$/.test(f)).map((f) => f.slice(0, -3));

// The solver package's own tests (unittest: Debian's Python has no pytest), one module at a time
// so a failure names its module; Debian's Python, as in the sandbox.
describe('arena_solvers Python tests', () => {
  it('finds the test modules', () => {
    expect(modules).toEqual(expect.arrayContaining(['test_config', 'test_features', 'test_models', 'test_naive', 'test_objectives', 'test_step']));
  });

  it.each(modules)('%s passes', { timeout: 180_000 }, async (module) => {
    const result = await run('/usr/bin/python3', ['-m', 'unittest', '-v', `tests.${module}`], {
      cwd: root,
      env: { PATH: '/usr/bin:/bin', PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' },
      maxBuffer: 16 << 20,
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${module} failed: ${err.message}\n${err.stderr ?? ''}${err.stdout ?? ''}`);
    });
    // unittest reports on stderr: "Ran N tests ... OK"
    expect(result.stderr).toMatch(/\nOK\s*$/);
  });
});
