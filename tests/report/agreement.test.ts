import { describe, expect, it } from 'vitest';
import { paperComparisons, suiteAgreement } from '../../harness/report/agreement.js';
import { buildFigures } from '../../harness/report/figures.js';
import { renderHtml } from '../../harness/report/html.js';
import { renderMarkdown } from '../../harness/report/markdown.js';
import { renderSvg } from '../../harness/report/render.js';
import { buildTables, toCsv } from '../../harness/report/tables.js';
import { validateModel } from '../../harness/report/write.js';
import { agentProfiles } from '../../harness/report/profiles.js';
import { taskResults, type EpisodeOutcome } from '../../harness/stats/index.js';
import { py, tournament } from '../stats/reference-python.js';
import { fixtureModel } from './fixture.js';

const SKILLS = [-0.9, -0.7, -0.5, -0.35, -0.2, -0.1, 0, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9];

describe('the paper beside ours', () => {
  it("recomputes the MLE-Smith table from the committed Elo CSV: Spearman 0.952 and Kendall τ-b 0.857 over 8 models", async () => {
    const [dojoSmith] = await paperComparisons();
    expect(dojoSmith!.label).toBe('Dojo set vs Smith set');
    expect(dojoSmith!.n).toBe(8);
    const byName = Object.fromEntries(dojoSmith!.coefficients.map((c) => [c.name, c]));
    expect(byName.spearman).toMatchObject({ quoted: 0.952, reproduced: true });
    expect(byName.kendall).toMatchObject({ quoted: 0.857, reproduced: true });
    expect(byName.spearman!.recomputed.toFixed(3)).toBe('0.952');
  });
});

describe('human vs generated agreement', () => {
  const human = tournament({ seed: 1, skills: SKILLS, tasks: 30, prefix: 'h', taskNoise: 0.3 });
  const generated = tournament({ seed: 2, skills: SKILLS, tasks: 40, prefix: 'g', taskNoise: 0.3 });

  it('gives every coefficient with a task-bootstrap interval, the point values as scipy computes them on the ratings', async () => {
    const a = suiteAgreement(human, generated, { x: 'human', y: 'generated' }, { resamples: 300 })!;
    expect(a.tasks).toEqual([30, 40]);
    expect(a.agents).toHaveLength(SKILLS.length);
    expect(a.coefficients.map((c) => c.name)).toEqual(['pearson', 'spearman', 'kendall', 'ccc']);
    const x = a.agents.map((g) => g.x.elo);
    const y = a.agents.map((g) => g.y.elo);
    const scipy = await py<{ pearson: number[]; spearman: number[]; kendall: number[] }>(
      "import json,sys\nfrom scipy import stats\nd=json.load(sys.stdin)\nx,y=d['x'],d['y']\nprint(json.dumps({k:[float(v) for v in f(x,y)] for k,f in [('pearson',stats.pearsonr),('spearman',stats.spearmanr),('kendall',stats.kendalltau)]}))",
      { x, y },
    );
    for (const name of ['pearson', 'spearman', 'kendall'] as const) {
      const c = a.coefficients.find((k) => k.name === name)!;
      expect(c.value).toBeCloseTo(scipy[name][0]!, 10);
      expect(c.p).toBeCloseTo(scipy[name][1]!, 6);
      expect(c.lo!).toBeLessThanOrEqual(c.value!);
      expect(c.hi!).toBeGreaterThanOrEqual(c.value!);
    }
    const tau = a.coefficients.find((c) => c.name === 'kendall')!;
    // Graded agents on 30 + 40 tasks: informative, far from [-1, 1].
    expect(tau.lo!).toBeGreaterThan(0.3);
    expect(tau.hi! - tau.lo!).toBeLessThan(0.6);
    expect(a.sure).toContain(`is ${tau.value!.toFixed(2)}`);
    expect(a.sure).toContain(`[${tau.lo!.toFixed(2)}, ${tau.hi!.toFixed(2)}]`);
    expect(a.sure).toContain('The interval excludes 0');
    expect(a.sure).toContain(a.tasksNeeded.method);
  });

  it('says so when the sets do not agree', () => {
    const unrelated = tournament({ seed: 3, skills: [...SKILLS].reverse(), tasks: 20, prefix: 'u', taskNoise: 0.3 });
    const a = suiteAgreement(human, unrelated, { x: 'human', y: 'generated' }, { resamples: 200 })!;
    const tau = a.coefficients.find((c) => c.name === 'kendall')!;
    expect(tau.value!).toBeLessThan(0);
    expect(a.sure).toContain('cannot be told from none');
  });
});

describe('agent profiles', () => {
  const ep = (taskId: string, modality: string, agentId: string, score: number): EpisodeOutcome => ({
    suite: 's', taskId, agentId, seed: 0, valid: true, score, higherIsBetter: true,
    anchors: { trivial: 0, reference: 1, optimum: 1 }, category: { modality, objective: 'binary' },
  });
  // A is strong on text (0.9 vs a mean of 0.5), weak on tabular (0.2 vs 0.5); B the reverse; C average.
  const episodes = [
    ep('t1', 'tabular', 'A', 0.2), ep('t1', 'tabular', 'B', 0.8), ep('t1', 'tabular', 'C', 0.5),
    ep('t2', 'text', 'A', 0.9), ep('t2', 'text', 'B', 0.1), ep('t2', 'text', 'C', 0.5),
  ];

  it('names the categories where an agent is furthest above or below the mean of all agents', () => {
    const profiles = agentProfiles(taskResults(episodes));
    const a = profiles.find((p) => p.agent === 'A')!;
    expect(a.strong).toEqual(['modality: text']);
    expect(a.weak).toEqual(['modality: tabular']);
    expect(profiles.find((p) => p.agent === 'B')!.strong).toEqual(['modality: tabular']);
    const c = profiles.find((p) => p.agent === 'C')!;
    expect([c.strong, c.weak]).toEqual([[], []]);
    // Objective: every agent on the same tasks, so everyone sits at the population mean.
    const binary = a.cells.find((x) => x.kind === 'objective')!;
    expect(binary.mean).toBeCloseTo(0.55, 12);
    expect(binary.population).toBeCloseTo((0.55 + 0.45 + 0.5) / 3, 12);
  });

  it('shows the agreement, the paper, how sure we are and the profiles on the page and in summary.md', async () => {
    const agreement = suiteAgreement(tournament({ seed: 1, skills: SKILLS.slice(0, 5), tasks: 12, prefix: 'h' }), tournament({ seed: 2, skills: SKILLS.slice(0, 5), tasks: 12, prefix: 'g' }), { x: 'human', y: 'generated' }, { resamples: 200 })!;
    const model = validateModel({ ...fixtureModel(), agreement, paper: await paperComparisons(), profiles: agentProfiles(taskResults(episodes)) });
    const figures = buildFigures(model);
    expect(figures.map((f) => f.name)).toContain('profiles');
    const page = await renderHtml(model, figures);
    expect(page).toContain('<p id="how-sure">');
    expect(page).toContain('0.952'); // the paper's Spearman, quoted
    expect(page).toContain('<section id="profiles">');
    // The new figures draw without Vega warnings: the profile heatmap, and curves with their bands.
    const banded = validateModel({ ...model, curves: [{ kind: 'modality', value: 'tabular', nTasks: 3, points: [1, 2, 3].map((step) => ({ agent: 'baseline:gbm', step, mean: 0.2 * step, lo: 0.1 * step, hi: 0.3 * step })) }] });
    for (const f of buildFigures(banded).filter((x) => x.section === 'profiles' || x.section === 'curves')) {
      const { svg, warnings } = await renderSvg(f.spec);
      expect(warnings, f.name).toEqual([]);
      expect(svg).toContain('<svg');
      if (f.section === 'curves') expect(svg).toMatch(/opacity="0.12"|fill-opacity="0.12"|opacity: 0.12/);
    }
    const tables = Object.fromEntries(buildTables(model).map((t) => [t.name, t]));
    expect(tables.agreement!.rows.map((r) => r[4])).toEqual(['pearson', 'spearman', 'kendall', 'ccc']);
    expect(tables['agreement-ranks']!.rows).toHaveLength(5);
    expect(toCsv(tables.paper!)).toContain('Dojo set vs Smith set,8,kendall,0.857,');
    expect(tables.profiles!.rows.filter((r) => r[6] === true).map((r) => [r[0], r[2]])).toEqual([['A', 'text'], ['B', 'tabular']]);
    const md = renderMarkdown(model, figures);
    expect(md).toContain('**How sure are we.**');
    expect(md).toMatch(/\| Kendall τ-b \| -?\d\.\d{3} \| \[-?\d\.\d\d, -?\d\.\d\d\] \|/);
  });
});
