import { describe, expect, it } from 'vitest';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { realProfiles } from './real-profiles.js';

// The 2026-12-04 reading: keeping one of each repeated row deleted real respondents where every
// column is coarse (Cowles' volunteers: 624 of 1,421; DoctorVisits: 1,320 of 5,190). Repeats are
// copies only where a near-unique column repeats with them (diamonds' prices and dimensions).
const of = realProfiles(['cardata-cowles', 'aer-doctorvisits', 'ggplot2-diamonds']);

const design = (name: 'cardata-cowles' | 'aer-doctorvisits' | 'ggplot2-diamonds', target: string) => {
  const proposal = brainstormHeuristic(of(name), 4).proposals.find((p) => p.target === target)!;
  return designHeuristic(of(name), proposal, {});
};

describe('repeated rows: copies or alike units', () => {
  it('Cowles and DoctorVisits keep every respondent, and say why', () => {
    for (const [name, target] of [['cardata-cowles', 'volunteer'], ['aer-doctorvisits', 'visits']] as const) {
      const draft = design(name, target);
      expect(draft.recipe!.dropRepeats, name).toBe(false);
      expect(draft.description).toContain('Rows that repeat every value are all kept: every column here is coarse');
    }
  });

  it('diamonds keeps one of each repeated row', () => {
    const draft = design('ggplot2-diamonds', 'price');
    expect(draft.recipe!.dropRepeats).toBe(true);
    expect(draft.description).toContain('Repeated rows are kept once');
  });
});
