import { describe, expect, it } from 'vitest';
import { buildFigures } from '../../harness/report/figures.js';
import { fmtEstimate } from '../../harness/report/format.js';
import { renderMarkdown } from '../../harness/report/markdown.js';
import { ReportModel } from '../../harness/report/model.js';
import { AGENTS, fixtureModel, HOSTILE } from './fixture.js';

describe('summary.md', () => {
  const model = ReportModel.parse(fixtureModel({ hostile: HOSTILE }));
  const md = renderMarkdown(model, buildFigures(model));

  it('has the leaderboard as a table, best agent first, with intervals', () => {
    const lines = md.split('\n');
    const start = lines.indexOf('## Leaderboard');
    expect(start).toBeGreaterThan(0);
    const header = lines[start + 2]!;
    expect(header).toMatch(/^\| # \| agent \| normalized \[95%\] \| Elo \[95%\] \|/);
    const rows = lines.slice(start + 4, start + 4 + AGENTS.length);
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(expect.arrayContaining(AGENTS));
    const best = model.leaderboard.slice().sort((a, b) => b.elo!.value - a.elo!.value)[0]!;
    expect(rows[0]).toContain(best.agent);
    expect(rows[0]).toContain(fmtEstimate(best.normalized));
  });

  it('states the offline label, correlations, flags and figure files', () => {
    expect(md).toContain('**Offline run**: baseline agents, heuristic roles — offline default');
    expect(md).toMatch(/\*\*human vs generated\*\* \(normalized score, n = 5\): r = /);
    expect(md).toContain('## Flagged tasks');
    expect(md).toContain('unsolved, non-discriminating');
    expect(md).toContain('(figures/leaderboard-elo.svg)');
  });

  it('escapes hostile names for table cells and HTML-passing renderers', () => {
    expect(md).not.toContain('<img');
    expect(md).not.toContain('</script>');
  });

  it('says when there is no correlation', () => {
    const m = ReportModel.parse(fixtureModel({ generatedOnly: true }));
    expect(renderMarkdown(m, buildFigures(m))).toContain('Not available: no human-designed set');
  });
});
