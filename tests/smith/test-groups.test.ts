import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { splitGroups, testFractionFor, testGroups, WANTED_TEST_GROUPS } from '../../harness/smith/task-policy.js';
import type { Proposal } from '../../harness/smith/types.js';
import { tempDir } from '../helpers/fixture-task.js';
import { realProfiles } from './real-profiles.js';

// Enough test groups to rank agents (issue #12, the seventh reading): a group split of 23
// salamander sites put 6 in the test set, 27 owl nests 8, 18 OECD countries 7. The test share grows
// up to 40% to reach 20 test groups; under 15 a task is rejected. Asserted on the real datasets.
const NAMES = ['glmmtmb-salamanders', 'plm-produc', 'mlmrev-contraception', 'plm-males'] as const;
const of = realProfiles(NAMES);
const proposal = (name: (typeof NAMES)[number], target: string): Proposal => {
  const found = brainstormHeuristic(of(name), 3).proposals.find((p) => p.target === target);
  if (!found) throw new Error(`${name}: no proposal for ${target}`);
  return found;
};

describe('the test share of a group split', () => {
  it('grows to reach 20 test groups, at most 40%, and never shrinks below the rows rule', () => {
    expect(testFractionFor(6000, 1000)).toBe(0.25);
    expect(testFractionFor(6000, 60)).toBeCloseTo(WANTED_TEST_GROUPS / 60, 12);
    expect(testFractionFor(6000, 23)).toBe(0.4);
    expect(testFractionFor(300, 1000)).toBe(0.4);
  });

  it("counts the groups the documentation's tables have: 48 states of Produc, 60 districts of Bangladesh, 545 men of Males, 23 sites", () => {
    expect(splitGroups(of('plm-produc'), proposal('plm-produc', 'gsp'))).toBe(48);
    expect(splitGroups(of('mlmrev-contraception'), proposal('mlmrev-contraception', 'use'))).toBe(60);
    expect(splitGroups(of('plm-males'), proposal('plm-males', 'wage'))).toBe(545);
    expect(splitGroups(of('glmmtmb-salamanders'), proposal('glmmtmb-salamanders', 'count'))).toBe(23);
  });

  it('gives Produc 40% of its states (19 of 48) and contraception a third of its districts (20 of 60); Males keeps a quarter', () => {
    const share = (name: (typeof NAMES)[number], target: string) => designHeuristic(of(name), proposal(name, target), {}).design.testFraction;
    expect(share('plm-produc', 'gsp')).toBe(0.4);
    expect(testGroups(48, share('plm-produc', 'gsp'))).toBe(19);
    expect(testGroups(60, share('mlmrev-contraception', 'use'))).toBe(20);
    expect(share('plm-males', 'wage')).toBe(0.25);
  });
});

describe('a group split with too few test groups', () => {
  it("is rejected by the review, naming the count: Salamanders' 23 sites give 9 at 40%", { timeout: 900_000 }, async () => {
    const out = path.join(tempDir('arena-test-groups-'), 'suite');
    chmodSync(path.dirname(out), 0o755); // prepare and the baselines run under an unprivileged uid
    await generate({ datasets: ['glmmtmb-salamanders'], outDir: out, roles: heuristicRoles, perDataset: 2, concurrency: 2, runtime: 'local', maxRetries: 0 });
    const state = JSON.parse(readFileSync(path.join(out, '.smith', 'state.json'), 'utf8')) as { candidates: Record<string, { verdict: string; reasons: { check: string; message: string }[] }> };
    const grouped = Object.entries(state.candidates).filter(([id]) => id.startsWith('glmmtmb-salamanders-'));
    expect(grouped.length).toBeGreaterThan(0);
    for (const [id, c] of grouped) {
      expect(c.verdict, id).toBe('rejected');
      expect(c.reasons.find((r) => r.check === 'review-non-trivial')?.message, id).toContain('about 9 of the 23 groups of `site` are in the test set (needs 15');
    }
  });
});
