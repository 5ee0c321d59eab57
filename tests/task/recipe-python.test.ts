import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve('harness/task/python/recipe');
const modules = readdirSync(path.join(root, 'tests')).filter((f) => /^test_.*\.py$/.test(f)).map((f) => f.slice(0, -3));

// The recipe preparer's own tests (unittest), on Debian's Python as in the sandbox.
describe('recipe_prepare Python tests', () => {
  it('finds the test modules', () => {
    expect(modules).toEqual(expect.arrayContaining(['test_lags', 'test_prepare', 'test_split', 'test_table']));
  });

  it.each(modules)('%s passes', { timeout: 120_000 }, async (module) => {
    const result = await run('/usr/bin/python3', ['-m', 'unittest', '-v', `tests.${module}`], {
      cwd: root,
      env: { PATH: '/usr/bin:/bin', PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' },
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${module} failed: ${err.message}\n${err.stderr ?? ''}${err.stdout ?? ''}`);
    });
    expect(result.stderr).toMatch(/\nOK\s*$/);
  });
});
