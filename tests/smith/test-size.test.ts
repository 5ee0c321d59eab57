import path from 'node:path';
import { chmodSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { testFractionFor, WANTED_TEST_ROWS } from '../../harness/smith/task-policy.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

// Enough test rows to rank agents: the fourth reading marked tasks on 36–140 test rows WEAK (noise
// decides the ranking). Small data get up to half their rows as the test set; under 100 test rows
// a task is rejected. MASS cpus (209 machines) had 53 test rows at a quarter; robustbase foodstamp
// (150 people) cannot reach 100.
type State = { candidates: Record<string, { verdict: string; reasons: { check: string; message: string }[] }> };
const out = path.join(tempDir('arena-test-size-'), 'suite');
let state: State;

beforeAll(async () => {
  chmodSync(path.dirname(out), 0o755); // prepare and the baselines run under an unprivileged uid
  await generate({ datasets: ['mass-cpus', 'robustbase-foodstamp'], outDir: out, roles: heuristicRoles, perDataset: 1, concurrency: 2, runtime: 'local', maxRetries: 0 });
  state = JSON.parse(readFileSync(path.join(out, '.smith', 'state.json'), 'utf8')) as State;
}, 900_000);

describe('the test share', () => {
  it('is a quarter for data of 600 rows or more, more below, and at most half', () => {
    expect(testFractionFor(6000)).toBe(0.25);
    expect(testFractionFor(600)).toBe(0.25);
    expect(testFractionFor(400)).toBeCloseTo(WANTED_TEST_ROWS / 400, 12);
    expect(testFractionFor(209)).toBe(0.5);
  });

  it('gives MASS cpus about half its 209 machines as the test set (100 or more), and says why', () => {
    const id = Object.keys(state.candidates).find((k) => k.startsWith('mass-cpus-'))!;
    const dir = state.candidates[id]!.verdict === 'verified' ? path.join(out, id) : path.join(out, '.smith', 'build', id);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
    expect(manifest.split.rows.test).toBeGreaterThanOrEqual(100);
    expect(manifest.split.rows.test).toBeLessThanOrEqual(105);
    expect(readFileSync(path.join(dir, 'description.md'), 'utf8')).toMatch(/50% form the test set \(more than the usual quarter/);
  });

  it('rejects robustbase foodstamp, whose 150 rows cannot give 100 test rows, naming the count', () => {
    const [id, candidate] = Object.entries(state.candidates).find(([k]) => k.startsWith('robustbase-foodstamp-'))!;
    expect(candidate.verdict, id).toBe('rejected');
    const reason = candidate.reasons.find((r) => r.check === 'review-non-trivial');
    expect(reason?.message).toMatch(/only \d\d test rows \(needs 100/);
  });
});
