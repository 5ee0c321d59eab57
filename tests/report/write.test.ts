import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFigures } from '../../harness/report/figures.js';
import { ReportModel } from '../../harness/report/model.js';
import { ReportModelError, writeReport } from '../../harness/report/write.js';
import { fixtureModel } from './fixture.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arena-report-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('writeReport', () => {
  it('writes the page, the summary, every figure as SVG and PNG, and every table as CSV and JSON', async () => {
    const out = path.join(tempDir(), 'report');
    const warnings: string[] = [];
    const files = await writeReport(fixtureModel(), out, { onWarning: (f, w) => warnings.push(`${f}: ${w}`) });
    expect(warnings).toEqual([]);
    const rel = files.map((f) => path.relative(out, f));
    expect(rel).toContain('report.html');
    expect(rel).toContain('summary.md');
    for (const f of buildFigures(ReportModel.parse(fixtureModel()))) {
      expect(rel).toContain(`figures/${f.name}.svg`);
      expect(rel).toContain(`figures/${f.name}.png`);
    }
    for (const t of ['leaderboard', 'winloss-generated', 'winloss-human', 'winloss-combined', 'correlations', 'curves', 'tasks', 'episodes', 'paired', 'composition']) {
      expect(rel).toContain(`data/${t}.csv`);
      expect(rel).toContain(`data/${t}.json`);
    }
    for (const f of files) expect(statSync(f).size, f).toBeGreaterThan(0);
    expect(new Set(files).size).toBe(files.length);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    // Bounded: the three libraries are ~830 kB; the rest of a fixture report is small.
    expect(html.length).toBeLessThan(1_600_000);
  });

  it('rejects an invalid model, naming the field', async () => {
    const bad = fixtureModel();
    bad.sets![0]!.winLoss.wins.pop();
    const out = tempDir();
    await expect(writeReport(bad, out)).rejects.toThrow(ReportModelError);
    await expect(writeReport(bad, out)).rejects.toThrow(/sets\[0\]\.winLoss\.wins: must be 5×5/);
    expect(existsSync(path.join(out, 'report.html'))).toBe(false);
  });

  it('writes a report with only a leaderboard', async () => {
    const m = fixtureModel();
    const minimal = { title: 'minimal', generatedAt: m.generatedAt, offline: false, leaderboard: m.leaderboard };
    const out = tempDir();
    const files = await writeReport(minimal, out);
    expect(files.map((f) => path.relative(out, f))).toEqual(expect.arrayContaining(['report.html', 'summary.md', 'figures/leaderboard-elo.png']));
  });
});
