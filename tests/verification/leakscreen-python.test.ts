import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arenaHome, REPO_ROOT } from '../../harness/util/paths.js';
import { runPython } from '../../harness/util/python.js';
import { LEAKAGE_DEFAULTS } from '../../harness/verification/leakage.js';

// The Python tests of the leak screens (harness/verification/python/leakscreen/tests), with Debian's
// Python, on real scikit-learn and statsmodels data. The thresholds they run with are leakage.ts's;
// the real datasets some of them read come from the same ARENA_HOME as the rest of the harness.

describe('leakscreen, the leak screens package', () => {
  it('passes its Python tests', async () => {
    const result = await runPython(['-m', 'unittest', 'discover', '-s', 'leakscreen/tests', '-t', '.'], {
      cwd: path.join(REPO_ROOT, 'harness', 'verification', 'python'),
      env: { LEAKSCREEN_DEFAULTS: JSON.stringify(LEAKAGE_DEFAULTS), ARENA_HOME: arenaHome(), OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    expect(result.stderr).toMatch(/\nOK\s*$/);
    expect(result.code).toBe(0);
    expect(Number(/Ran (\d+) tests/.exec(result.stderr)?.[1])).toBeGreaterThanOrEqual(70);
  }, 240_000);
});
