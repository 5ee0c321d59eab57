import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { expertTargets } from '../../harness/smith/targets.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// A documented series that is zero most of the time is no forecast target (issue #12's reading:
// MASE on Hamilton's oil price shocks, 0 in 83% of the months of Stock & Watson's USMacroSWM).
let profile: DatasetProfile;
let sunspots: DatasetProfile;
beforeAll(async () => {
  profile = await profileDataset('aer-usmacroswm');
  sunspots = await profileDataset('sunspots');
}, 240_000);

describe('series of a time-series card as forecast targets', () => {
  it('leaves out the oil price shocks, with the share of zero months, and keeps the other series', () => {
    const { ideas, rejected } = expertTargets(profile);
    expect(ideas.map((i) => i.source)).not.toContain('oil');
    expect(rejected.find((r) => r.target === 'oil')?.reason).toMatch(/^a series that is 0 in 8[0-9]% of its steps \(oil price shocks/);
    const forecasts = ideas.filter((i) => i.kind === 'forecast').map((i) => i.source);
    expect(forecasts.length).toBeGreaterThan(0);
    for (const s of forecasts) expect(profile.columns.find((c) => c.name === s)?.top?.find((t) => Number(t.value) === 0)?.count ?? 0).toBeLessThan(profile.rows / 2);
  });
});

describe('a MASE task says which naive forecast scales it (the reading: a seasonal scale described as "the last value seen")', () => {
  const evaluation = (p: DatasetProfile, target: string) => {
    const proposal = brainstormHeuristic(p, 4).proposals.find((x) => x.target === target)!;
    expect(proposal.metric.name).toBe('mase');
    return /## Evaluation\n\n(.*)/.exec(designHeuristic(p, proposal, {}).description)![1]!;
  };
  it('monthly CPI: the value 12 months earlier', () => {
    expect(evaluation(profile, 'cpi')).toContain('Here the naive forecast is the value 12 months earlier (m = 12, the series\' season), and its scale is measured on the training period.');
  });
  it('yearly sunspots: the previous year\'s value', () => {
    expect(evaluation(sunspots, 'SUNACTIVITY')).toContain("Here the naive forecast is the previous year's value (m = 1: the series has no season)");
  });
});
