import { describe, expect, it } from 'vitest';
import { buildFigures, type Figure } from '../../harness/report/figures.js';
import { ReportModel } from '../../harness/report/model.js';
import { compileSpec, renderSvg } from '../../harness/report/render.js';
import { AGENTS, fixtureModel } from './fixture.js';

const model = ReportModel.parse(fixtureModel());
const figures = buildFigures(model);

/** What each figure's SVG must contain: Vega's mark classes and the labels a reader needs. */
function expectations(f: Figure): string[] {
  if (f.name === 'leaderboard-elo') return ['mark-rule', 'mark-symbol', 'Elo rating', ...AGENTS];
  if (f.name === 'leaderboard-normalized') return ['mark-rect', 'mark-rule', 'normalized score', ...AGENTS];
  if (f.section === 'winloss') return ['mark-rect', 'mark-text', 'Win–loss', 'opponent', 'win rate', ...AGENTS];
  if (f.section === 'correlation') return ['mark-symbol', 'mark-text', 'mark-line', 'r = ', 'ρ = ', 'τ = ', ...AGENTS];
  if (f.section === 'curves') return ['mark-line', 'best-so-far normalized', 'step', ' tasks)', ...AGENTS];
  if (f.section === 'composition') return ['mark-rect', 'tasks', 'human-v1', 'smith-v1'];
  if (f.section === 'paired') return ['mark-rule', 'mark-symbol', 'baseline:ladder − baseline:trivial', 'significant'];
  throw new Error(`no expectations for ${f.name}`);
}

describe('chart specs', () => {
  it('yields every figure of the report, with unique names', () => {
    expect(figures.map((f) => f.name)).toEqual([
      'leaderboard-elo',
      'leaderboard-normalized',
      'winloss-generated',
      'winloss-human',
      'winloss-combined',
      'correlation-generated-vs-human-normalized-score',
      'correlation-generated-vs-human-elo',
      'curves-modality',
      'curves-objective',
      'composition-modality',
      'composition-objective',
      'composition-domain',
      'composition-metric',
      'paired-combined',
    ]);
  });

  it.each(figures.map((f) => [f.name, f] as const))('%s compiles without warnings and renders its marks and labels', async (_name, figure) => {
    expect(compileSpec(figure.spec).warnings).toEqual([]);
    const { svg, warnings } = await renderSvg(figure.spec);
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.length).toBeGreaterThan(2000);
    for (const text of expectations(figure)) expect(svg, `${figure.name} should contain ${text}`).toContain(text);
  });

  it('puts r, ρ and τ with intervals and p-values in the correlation title', async () => {
    const { svg } = await renderSvg(figures.find((f) => f.section === 'correlation')!.spec);
    const c = model.correlations[0]!;
    expect(svg).toContain(`r = ${c.pearson.value.toFixed(3)} [`);
    expect(svg).toMatch(/p = 0\.004/);
  });

  it('writes win counts into the heatmap cells, diagonal left blank', async () => {
    const set = model.sets[0]!;
    const { svg } = await renderSvg(figures.find((f) => f.name === 'winloss-generated')!.spec);
    const textMarks = svg.split('mark-text')[1] ?? '';
    const i = set.winLoss.agents.indexOf('baseline:gbm');
    const j = set.winLoss.agents.indexOf('baseline:trivial');
    expect(textMarks).toContain(`>${set.winLoss.wins[i]![j]}<`);
  });

  it('drops the correlation figures and extra sets when there is no human suite', () => {
    const names = buildFigures(ReportModel.parse(fixtureModel({ generatedOnly: true }))).map((f) => f.name);
    expect(names.some((n) => n.startsWith('correlation'))).toBe(false);
    expect(names.filter((n) => n.startsWith('winloss'))).toEqual(['winloss-generated']);
  });

  it('skips figures with nothing to draw', () => {
    const base = fixtureModel();
    const lonely = ReportModel.parse({
      ...base,
      sets: [{ name: 'solo', taskCount: 3, winLoss: { agents: ['a'], wins: [[0]], ties: [[0]] }, scores: [] }],
      correlations: [],
      curves: [{ kind: 'modality', value: 'tabular', nTasks: 0, points: [] }],
      paired: [],
    });
    const names = buildFigures(lonely).map((f) => f.name);
    expect(names.some((n) => /^(winloss|correlation|curves|paired)/.test(n))).toBe(false);
  });

  it('scales the heatmap to sixteen agents', async () => {
    const agents = Array.from({ length: 16 }, (_, i) => `openai:model-${i}`);
    const wins = agents.map((_, i) => agents.map((_, j) => (i === j ? 0 : i < j ? 600 : 380)));
    const ties = agents.map((_, i) => agents.map((_, j) => (i === j ? 0 : 20)));
    const set = { name: 'combined', taskCount: 1000, winLoss: { agents, wins, ties }, scores: [] };
    const figure = buildFigures(ReportModel.parse({ ...fixtureModel(), sets: [set] })).find((f) => f.section === 'winloss')!;
    const { svg, warnings } = await renderSvg(figure.spec);
    expect(warnings).toEqual([]);
    expect(svg).toContain('openai:model-15');
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeLessThan(900);
  });

  it('keeps each agent in one colour across figures', () => {
    const colourOf = (f: Figure) => {
      const layers = JSON.stringify(f.spec);
      const m = /"domain":(\[[^\]]*\]),"range":(\[[^\]]*\])/.exec(layers)!;
      const domain = JSON.parse(m[1]!) as string[];
      const range = JSON.parse(m[2]!) as string[];
      return range[domain.indexOf('baseline:gbm')];
    };
    const colours = figures.filter((f) => ['leaderboard-elo', 'curves-modality', 'correlation-generated-vs-human-elo'].includes(f.name)).map(colourOf);
    expect(new Set(colours).size).toBe(1);
  });
});
