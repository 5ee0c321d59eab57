import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../../../harness/util/paths.js';
import { runPython } from '../../../harness/util/python.js';

it('our mlebench compatibility modules agree with reference computations written in the test (python3 -m unittest)', async () => {
  const result = await runPython(['-m', 'unittest', 'discover', '-s', path.join('tests', 'task', 'import-peers'), '-p', 'test_*.py'], { cwd: REPO_ROOT });
  expect(result.stderr).toMatch(/\nOK\n?$/);
  expect(result.code).toBe(0);
});
