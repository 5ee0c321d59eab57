import { beforeAll, describe, expect, it } from 'vitest';
import { isKindOfUnit } from '../../harness/smith/measurement.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { chooseFeatures } from '../../harness/smith/roles/heuristic-designer.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// The eighth reading: the penguins' sex task dropped `species` as "another outcome of the study,
// measured with or after the target". vega-datasets' card makes species the outcome (what the
// measurements tell apart), but a penguin's species is known before it is measured.
const profiles = new Map<string, DatasetProfile>();
beforeAll(async () => {
  for (const name of ['penguins', 'mass-crabs']) profiles.set(name, await profileDataset(name));
}, 300_000);

describe('a kind of unit is no other outcome', () => {
  it("reads the cards' species columns, and no measured outcome", () => {
    expect(isKindOfUnit('Penguin species (Adelie, Gentoo, or Chinstrap)')).toBe(true);
    expect(isKindOfUnit('species - "B" or "O" for blue or orange.')).toBe(true);
    expect(isKindOfUnit('number of species observed in the plot')).toBe(false);
    expect(isKindOfUnit('Body mass in grams')).toBe(false);
  });

  for (const [name, column, target] of [['penguins', 'species', 'sex'], ['mass-crabs', 'sp', 'sex']] as const) {
    it(`keeps ${name}' \`${column}\` as an input of the ${target} task`, () => {
      const profile = profiles.get(name)!;
      expect(profile.card.columns.find((c) => c.name === column)?.role).toBe('outcome');
      const proposal = brainstormHeuristic(profile, 4).proposals.find((p) => p.target === target);
      expect(proposal, `a ${target} proposal`).toBeDefined();
      const { features, dropped } = chooseFeatures(profile, proposal!, {});
      expect(features).toContain(column);
      expect(dropped.map((d) => d.column)).not.toContain(column);
    });
  }
});
