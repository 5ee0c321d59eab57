import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFigures } from '../../harness/report/figures.js';
import { renderHtml } from '../../harness/report/html.js';
import { ReportModel, type ReportModelInput } from '../../harness/report/model.js';
import { writeReport } from '../../harness/report/write.js';
import { scratchDirs } from '../agents/scratch-dirs.js';
import { fixtureModel } from './fixture.js';

/**
 * report.html lists a bounded number of episodes and links to the rest, so its size does not grow
 * with the run: ten times the episodes give (about) the same file, and 100,000 stay under 5 MB.
 */

const scratch = scratchDirs();
afterAll(() => scratch.removeAll());

/** The fixture with its episodes repeated over seeds until there are about `count`. */
function withEpisodes(count: number): ReportModelInput {
  const model = fixtureModel();
  const base = model.episodes!;
  const copies = Math.ceil(count / base.length);
  model.episodes = Array.from({ length: copies }, (_, seed) => base.map((e) => ({ ...e, id: `${e.id}/seed-${seed}`, seed }))).flat().slice(0, count);
  return model;
}

async function reportSize(count: number): Promise<number> {
  const model = ReportModel.parse(withEpisodes(count));
  return (await renderHtml(model, buildFigures(model))).length;
}

describe('report.html size', () => {
  it('is about the same for 10 times the episodes, and under 5 MB at 100,000', async () => {
    const [small, large, huge] = [await reportSize(1_000), await reportSize(10_000), await reportSize(100_000)];
    expect(large).toBeLessThan(small * 1.1);
    expect(huge).toBeLessThan(small * 1.1);
    expect(huge).toBeLessThan(5_000_000);
  }, 300_000);

  it('links every listed episode to a page written beside it', async () => {
    const out = path.join(scratch.make('report-size-'), 'report');
    await writeReport(withEpisodes(2_000), out);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const links = [...html.matchAll(/<a href="(episodes\/[^"]+\.html)">/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(50);
    expect(links.length).toBeLessThan(2_000);
    for (const link of links) expect(existsSync(path.join(out, link)), link).toBe(true);
    expect(readFileSync(path.join(out, links[0]!), 'utf8')).toContain('<div class="head">code</div>');
  }, 300_000);
});
