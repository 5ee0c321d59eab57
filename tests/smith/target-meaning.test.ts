import { beforeAll, describe, expect, it } from 'vitest';
import { renderDescription, targetMeaningText } from '../../harness/smith/description.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import type { DatasetProfile, Design } from '../../harness/smith/types.js';

// The eighth reading: USSeatBelts' task asked for `fatalities` and never said what it counts. The
// Task section now says what the target is in the card's words (AER's ?USSeatBelts: "number of
// fatalities per million of traffic miles"), and for a derived target what it is made from.
const profiles = new Map<string, DatasetProfile>();
beforeAll(async () => {
  for (const name of ['aer-usseatbelts', 'aer-affairs']) profiles.set(name, await profileDataset(name));
}, 300_000);

function designs(name: string): Design[] {
  const profile = profiles.get(name)!;
  return brainstormHeuristic(profile, 4).proposals.map((p) => designHeuristic(profile, p, {}).design);
}

describe("the target's meaning in the Task section", () => {
  it("quotes USSeatBelts' help page for `fatalities`", () => {
    const profile = profiles.get('aer-usseatbelts')!;
    const design = designs('aer-usseatbelts').find((d) => d.proposal.target === 'fatalities')!;
    expect(targetMeaningText(profile, design)).toBe('`fatalities` is documented as: number of fatalities per million of traffic miles (absolute frequencies of fatalities = fatalities times miles).');
    const task = /## Task\n\n([^\n]+)/.exec(renderDescription(profile, design))![1]!;
    expect(task).toContain('Predict `fatalities` for every row of `test.csv` (regression). `fatalities` is documented as: number of fatalities per million of traffic miles');
  });

  it("says what a derived target is made from: Fair's affairs > 0 from the count of affairs", () => {
    const profile = profiles.get('aer-affairs')!;
    const design = designs('aer-affairs').find((d) => d.proposal.derive.kind === 'threshold')!;
    expect(design.proposal.source).toBe('affairs');
    const card = profile.card.columns.find((c) => c.name === 'affairs')!;
    expect(targetMeaningText(profile, design)).toBe(`It is made from \`affairs\`, documented as: ${card.meaning.trim().replace(/\s+/g, ' ').replace(/[.,;:]+$/, '')}.`);
    expect(card.meaning).toMatch(/extramarital/i);
  });
});
