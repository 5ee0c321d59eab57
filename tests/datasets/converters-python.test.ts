import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';

// The Python tests of the dataset converters (harness/datasets/python/tests), with Debian's Python.

describe('the dataset converter scripts', () => {
  it('pass their Python tests', async () => {
    const result = await runPython(['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], { cwd: path.join(REPO_ROOT, 'harness', 'datasets', 'python') });
    expect(result.stderr).toMatch(/\nOK\s*$/);
    expect(result.code).toBe(0);
    expect(Number(/Ran (\d+) tests/.exec(result.stderr)?.[1])).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
