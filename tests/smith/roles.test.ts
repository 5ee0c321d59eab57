import { describe, expect, it } from 'vitest';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { chooseFeatures, designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { missingSections } from '../../harness/smith/roles/refactor.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import type { ColumnStats, DatasetProfile } from '../../harness/smith/types.js';

function column(name: string, type: ColumnStats['type'], extra: Partial<ColumnStats> = {}): ColumnStats {
  return { name, type, missing: 0, distinct: 100, idLike: false, constant: false, ...extra };
}

function profile(columns: ColumnStats[], extra: Partial<DatasetProfile> = {}): DatasetProfile {
  return {
    dataset: 'fixture',
    dir: '/nonexistent',
    title: 'Fixture data',
    description: 'A fixture table for the role tests.',
    source: 'test',
    license: 'CC0',
    modality: 'tabular',
    domain: 'testing',
    table: 'data.csv',
    rows: 1000,
    columns,
    knownTargets: [],
    sha256: { 'data.csv': 'a'.repeat(64) },
    dataDigest: 'b'.repeat(64),
    ...extra,
  };
}

const classes = (pairs: [string, number][]) => pairs.map(([value, count]) => ({ value, count }));

describe('the heuristic Brainstormer', () => {
  it('proposes documented targets first and explains what it leaves out', () => {
    const p = profile(
      [
        column('row_id', 'integer', { idLike: true, distinct: 1000 }),
        column('grade', 'string', { distinct: 3, top: classes([['a', 500], ['b', 300], ['c', 200]]) }),
        column('price', 'number', { distinct: 900, mean: 10, std: 3, min: 1, max: 30, skew: 0.2 }),
        column('V7', 'number', { distinct: 800 }),
        column('rare', 'string', { distinct: 2, top: classes([['x', 995], ['y', 5]]) }),
      ],
      { knownTargets: ['price'] },
    );
    const { proposals, rejected } = brainstormHeuristic(p, 3);
    expect(proposals.map((x) => x.target)).toEqual(['price', 'grade']);
    expect(proposals[0]).toMatchObject({ objective: 'regression', metric: { name: 'rmse', form: 'values' } });
    expect(proposals[1]).toMatchObject({ objective: 'multiclass', split: { kind: 'stratified' } });
    // A meaningless name is never a target unless documented; a class with 5 rows is not enough.
    expect(proposals.some((x) => x.target === 'V7')).toBe(false);
    expect(rejected.find((r) => r.target === 'rare')!.reason).toMatch(/1 usable classes/);
  });

  it('forecasts series over their time axis, never a calendar column', () => {
    const p = profile(
      [column('date', 'datetime', { distinct: 1000 }), column('month', 'integer', { distinct: 12 }), column('births', 'integer', { distinct: 700, min: 100, max: 900 })],
      { modality: 'time-series' },
    );
    const { proposals } = brainstormHeuristic(p, 3);
    expect(proposals.map((x) => x.target)).toEqual(['births']);
    expect(proposals[0]).toMatchObject({ objective: 'forecasting', split: { kind: 'temporal', timeColumn: 'date' }, metric: { name: 'mape' } });
    const { features, dropped } = chooseFeatures(p, proposals[0]!, { date: 'predicts the target alone (tree R^2 0.999)' });
    // The time axis is the input of a forecast even when it fits the past perfectly.
    expect(features).toEqual(['date', 'month']);
    expect(dropped).toEqual([]);
  });

  it('refuses a table too small for a meaningful test set', () => {
    const { proposals, rejected } = brainstormHeuristic(profile([column('y', 'number')], { rows: 90 }), 3);
    expect(proposals).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/90 rows, fewer than the 150/);
  });
});

describe('the heuristic Designer and Refactor', () => {
  const p = profile([
    column('species', 'string', { distinct: 3, top: classes([['b', 300], ['a', 400], ['c', 300]]) }),
    column('copy', 'string', { distinct: 3 }),
    column('name', 'string', { idLike: true, distinct: 990 }),
    column('length', 'number'),
  ]);

  it('drops unsafe and identifier columns with their reasons, and sorts classes', () => {
    const [proposal] = brainstormHeuristic(p, 1).proposals;
    const draft = designHeuristic(p, proposal!, { copy: 'an exact copy of the target' });
    expect(draft.design.features).toEqual(['length']);
    expect(draft.design.classes).toEqual(['a', 'b', 'c']);
    expect(draft.design.dropped.map((d) => d.column)).toEqual(['copy', 'name']);
    expect(draft.description).toContain('`copy`: leaks the target: an exact copy of the target');
    expect(draft.prepareScript).toContain('FEATURES = ["length"]');
    expect(missingSections(draft.description)).toEqual([]);
  });

  it('the offline Refactor restores the unified sections of a description that lost them', async () => {
    const [proposal] = brainstormHeuristic(p, 1).proposals;
    const draft = designHeuristic(p, proposal!, {});
    const broken = { ...draft, description: draft.description.replace('## Evaluation', '## How it is scored').replace('## Task', '## Goal') };
    expect(missingSections(broken.description)).toEqual(['Task', 'Evaluation']);
    const fixed = await heuristicRoles.refactor(p, broken, ['description.md lacks sections']);
    expect(missingSections(fixed.description)).toEqual([]);
    expect(fixed.roles.refactor).toEqual({ by: 'heuristic' });
  });
});
