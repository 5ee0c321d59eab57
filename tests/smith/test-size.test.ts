import path from 'node:path';
import { chmodSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { testFractionFor, WANTED_TEST_ROWS } from '../../harness/smith/task-policy.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

// Enough test rows to rank agents: the fourth reading marked tasks on 36–140 test rows WEAK (noise
// decides the ranking), the fifth halved data (Grunfeld 100/120) and yes/no tasks with under 30 test
// cases, and every reading since marked 150 test rows or fewer WEAK. Small data get up to 40% of their rows as the test set; under 150 test rows, or 30 test rows
// of a yes/no task's rarer class, a task is rejected. Project STAR's 303 districts (statsmodels) get
// 121 test rows; MASS cpus (209 machines) and robustbase foodstamp (150 people) cannot reach 100;
// KMsurv's kidney transplants (863 patients) leave too few deaths by 1,400 days in a test set.
type State = { candidates: Record<string, { verdict: string; reasons: { check: string; message: string }[] }> };
const out = path.join(tempDir('arena-test-size-'), 'suite');
let state: State;

beforeAll(async () => {
  chmodSync(path.dirname(out), 0o755); // prepare and the baselines run under an unprivileged uid
  await generate({ datasets: ['mass-cpus', 'robustbase-foodstamp', 'star98', 'kmsurv-kidtran', 'cardata-transact'], outDir: out, roles: heuristicRoles, perDataset: 1, concurrency: 2, runtime: 'local', maxRetries: 0 });
  state = JSON.parse(readFileSync(path.join(out, '.smith', 'state.json'), 'utf8')) as State;
}, 900_000);

describe('the test share', () => {
  it('is a quarter for data of 600 rows or more, more below, and at most 40%', () => {
    expect(testFractionFor(6000)).toBe(0.25);
    expect(testFractionFor(600)).toBe(0.25);
    expect(testFractionFor(400)).toBeCloseTo(WANTED_TEST_ROWS / 400, 12);
    expect(testFractionFor(303)).toBe(0.4);
    expect(testFractionFor(209)).toBe(0.4);
  });

  const candidate = (prefix: string) => Object.entries(state.candidates).find(([k]) => k.startsWith(prefix))!;
  const taskDir = (id: string) => (state.candidates[id]!.verdict === 'verified' ? path.join(out, id) : path.join(out, '.smith', 'build', id));

  it("gives Project STAR's 303 districts 40% as the test set (121 or 122 rows), and says why", () => {
    const [id] = candidate('star98-');
    const manifest = JSON.parse(readFileSync(path.join(taskDir(id), 'task.json'), 'utf8'));
    // 40% of 303 is 121.2: a whole row either way.
    expect(manifest.split.rows.test).toBeGreaterThanOrEqual(121);
    expect(manifest.split.rows.test).toBeLessThanOrEqual(122);
    expect(manifest.split.rows.train).toBe(303 - manifest.split.rows.test);
    expect(readFileSync(path.join(taskDir(id), 'description.md'), 'utf8')).toMatch(/40% form the test set \(more than the usual quarter/);
  });

  for (const [prefix, what] of [['mass-cpus-', '209 machines'], ['robustbase-foodstamp-', '150 people']] as const) {
    it(`rejects ${prefix.slice(0, -1)}, whose ${what} cannot give 150 test rows, naming the count`, () => {
      const [id, c] = candidate(prefix);
      expect(c.verdict, id).toBe('rejected');
      expect(c.reasons.find((r) => r.check === 'review-non-trivial')?.message).toMatch(/only \d\d test rows \(needs 150/);
    });
  }

  it("rejects Transact's time from its two inputs (the eighth reading: a plain OLS on t1 and t2 is the reference), naming them", () => {
    const [id, c] = candidate('cardata-transact-');
    expect(c.verdict, id).toBe('rejected');
    expect(c.reasons.find((r) => r.check === 'review-non-trivial')?.message).toMatch(/only 2 input columns \(`t1`, `t2`; needs 3\)/);
  });

  it("rejects kidtran's death by 1,400 days: too few test deaths to rank agents by, counted in answers.csv", () => {
    const [id, c] = candidate('kmsurv-kidtran-');
    expect(c.verdict, id).toBe('rejected');
    const message = c.reasons.find((r) => r.check === 'review-non-trivial')?.message ?? '';
    const [, count, rarer] = /only (\d+) test rows of the rarer class `([^`]+)`/.exec(message) ?? [];
    expect(Number(count)).toBeLessThan(30);
    const answers = readFileSync(path.join(taskDir(id), 'data', 'private', 'answers.csv'), 'utf8').trim().split('\n');
    const at = answers[0]!.split(',').indexOf(JSON.parse(readFileSync(path.join(taskDir(id), 'task.json'), 'utf8')).targetColumns[0]);
    expect(answers.slice(1).filter((line) => line.split(',')[at] === rarer)).toHaveLength(Number(count));
  });
});
