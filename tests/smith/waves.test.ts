import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { chooseFeatures } from '../../harness/smith/roles/heuristic-designer.js';
import type { DatasetProfile } from '../../harness/smith/types.js';
import { columnWaves } from '../../harness/smith/waves.js';

// The eighth reading: Project STAR's grade-2 reading task kept the grade-3 columns (measured after
// it; their gaps are attrition after grade 2) and dropped the kindergarten and grade-1 scores, a
// competitor's best inputs. AER's ?STAR documents each column's grade ("in kindergarten", "in 2nd grade").
const profiles = new Map<string, DatasetProfile>();
beforeAll(async () => {
  for (const name of ['aer-star', 'psych-bfi', 'caret-segmentationdata']) profiles.set(name, await profileDataset(name));
}, 300_000);

describe('the waves of a wide panel', () => {
  it("reads STAR's kindergarten and grades 1–3 from the column names and the card's meanings", () => {
    const waves = columnWaves(profiles.get('aer-star')!.card);
    expect(waves.get('readk')).toEqual({ stem: 'read', suffix: 'k', order: 0 });
    expect(waves.get('star3')).toEqual({ stem: 'star', suffix: '3', order: 3 });
    expect(new Set([...waves.values()].map((w) => w.stem))).toEqual(new Set(['star', 'read', 'math', 'lunch', 'school', 'degree', 'ladder', 'experience', 'tethnicity', 'system', 'schoolid']));
    expect(waves.has('gender')).toBe(false);
  });

  it('finds none among numbered items or channels (the Big Five items, cell-image channels)', () => {
    expect(columnWaves(profiles.get('psych-bfi')!.card).size).toBe(0);
    expect(columnWaves(profiles.get('caret-segmentationdata')!.card).size).toBe(0);
  });

  it("keeps a grade-2 target's earlier scores and drops every later-wave column", () => {
    const profile = profiles.get('aer-star')!;
    const proposal = brainstormHeuristic(profile, 8).proposals.find((p) => p.target === 'read2');
    expect(proposal, 'a read2 proposal').toBeDefined();
    const { features, dropped } = chooseFeatures(profile, proposal!, {});
    expect(features).toEqual(expect.arrayContaining(['readk', 'read1', 'mathk', 'math1', 'star2', 'lunch2']));
    const why = new Map(dropped.map((d) => [d.column, d.reason]));
    for (const later of ['read3', 'math3', 'star3', 'lunch3', 'school3']) expect(why.get(later), later).toMatch(/^recorded in a later wave \(`\w+3`, wave 3\) than the target \(wave 2\)/);
    expect(why.get('math2')).toMatch(/outcome|measured with/);
  });
});
