import { beforeAll, describe, expect, it } from 'vitest';
import { orderedLevels } from '../../harness/datasets/card.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { targetKind } from '../../harness/smith/targets.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// The scale a target is scored on, from the real data. An ordinal target's classes are its
// documented levels in order (quadratic weighted kappa scores by distance between them): ?CHFLS
// documents R_happy as "an ordered factor with levels Very unhappy < Not too happy < Somewhat happy
// < Very happy". A positive amount is scored by its relative errors (RMSLE) only where log(1 + y)
// acts as a log and the values vary by a factor of five or more.
let chfls: DatasetProfile;
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  chfls = await profileDataset('hsaur3-chfls');
  for (const name of ['aer-municipalities', 'plm-gasoline', 'aer-houseprices', 'ggplot2-diamonds']) profiles.set(name, await profileDataset(name));
}, 600_000);

const kindOf = (name: string, column: string) => {
  const profile = profiles.get(name)!;
  const stats = profile.columns.find((c) => c.name === column)!;
  return { kind: targetKind(stats, profile.rows, profile.card.columns.find((c) => c.name === column)), stats };
};

describe('relative or absolute errors', () => {
  it("Municipalities' expenditures (0.012 to 0.034 a head) and Gasoline's log consumption are scored on their scale, not by RMSLE", () => {
    const spending = kindOf('aer-municipalities', 'expenditures');
    expect(spending.stats.max!).toBeLessThan(0.05);
    expect(spending.kind).toBe('continuous');
    expect(kindOf('plm-gasoline', 'lgaspcar').kind).toBe('continuous');
  });

  it('house prices (25,000 to 190,000) and diamond prices (326 to 18,823) keep relative errors', () => {
    expect(kindOf('aer-houseprices', 'price').kind).toBe('positive');
    expect(kindOf('ggplot2-diamonds', 'price').kind).toBe('positive');
  });
});

describe('ordinal classes', () => {
  it("CHFLS's happiness keeps the documented order, not the alphabet's (which put Very unhappy next to Very happy)", () => {
    const card = chfls.card.columns.find((c) => c.name === 'R_happy')!;
    expect(orderedLevels(card)).toEqual(['Very unhappy', 'Not too happy', 'Somewhat happy', 'Very happy']);
    const proposal = brainstormHeuristic(chfls, 3).proposals.find((p) => p.target === 'R_happy');
    expect(proposal?.objective).toBe('ordinal');
    const classes = designHeuristic(chfls, proposal!, {}).design.classes!;
    expect(classes.at(-1)).toBe('Very happy');
    expect(classes).toEqual(['Very unhappy', 'Not too happy', 'Somewhat happy', 'Very happy'].filter((c) => classes.includes(c)));
  });

  it('reads no order from an unordered factor', () => {
    expect(orderedLevels({ name: 'x', meaning: '', coding: 'levels: b, a', type: 'factor', role: 'input', origin: 'inferred' })).toBeNull();
  });
});
