import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';

// The Python tests of the R package reader (harness/datasets/python/rpkg/tests), with Debian's Python.

describe('rpkg, the R package reader', () => {
  it('passes its Python tests', async () => {
    const result = await runPython(['-m', 'unittest', 'discover', '-s', 'rpkg/tests', '-t', '.'], {
      cwd: path.join(REPO_ROOT, 'harness', 'datasets', 'python'),
      env: { RPKG_UNPACKED: path.join(REPO_ROOT, '.cache', 'debian-r') },
    });
    expect(result.stderr).toMatch(/\nOK\s*$/);
    expect(result.code).toBe(0);
    expect(Number(/Ran (\d+) tests/.exec(result.stderr)?.[1])).toBeGreaterThanOrEqual(30);
  }, 120_000);
});
