import { beforeAll, describe, expect, it } from 'vitest';
import { orderedLevels } from '../../harness/datasets/card.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// An ordinal target's classes are its documented levels in order (quadratic weighted kappa scores
// by distance between them), on the real CHFLS data: ?CHFLS documents R_happy as "an ordered factor
// with levels Very unhappy < Not too happy < Somewhat happy < Very happy".
let chfls: DatasetProfile;

beforeAll(async () => {
  chfls = await profileDataset('hsaur3-chfls');
}, 600_000);

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
