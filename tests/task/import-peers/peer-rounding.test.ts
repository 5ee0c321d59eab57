import { describe, expect, it } from 'vitest';
import { asPeerReports, pythonRound } from '../../../harness/grading/peer/peer-rounding.js';
import { runPython } from '../../../harness/util/python.js';

/** Values where naive rounding goes wrong: exact binary ties, near-ties, tiny, huge, negative. */
const VALUES = [0.015625, 0.046875, 2.675, 1.000005, 0.123455, 0.123465, 1e-7, 5e-6, 1.5e-5, 12345.678905, -0.015625, -2.675, 0, 0.1 + 0.2, 1 / 3, 2 / 3, 0.999995, 7.0000049999999];

describe('peer rounding', () => {
  it("pythonRound gives Python's round(x, n) on exact ties and near-ties (python3 itself computes the expectation)", async () => {
    const r = await runPython(['-c', `import json,sys; v=json.loads(sys.argv[1]); print(json.dumps([[round(x, n) for n in (0, 2, 5)] for x in v]))`, JSON.stringify(VALUES)]);
    expect(r.code, r.stderr).toBe(0);
    const expected = JSON.parse(r.stdout) as number[][];
    VALUES.forEach((x, i) => expect([0, 2, 5].map((n) => pythonRound(x, n)), String(x)).toEqual(expected[i]));
  });

  it('MLE-bench reports its grade to 5 places, MLE-Dojo as the metric returns it', () => {
    expect(asPeerReports('mle-bench', 0.015625)).toBe(0.01562);
    expect(asPeerReports('mle-dojo', 0.015625)).toBe(0.015625);
  });
});
