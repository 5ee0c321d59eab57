import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeIssues } from '../util/json-file.js';
import { buildFigures } from './figures.js';
import { DEFAULT_DRILLDOWN_LIMITS, episodePages } from './html-episodes.js';
import { renderHtml, type HtmlOptions } from './html.js';
import { renderMarkdown } from './markdown.js';
import { ReportModel, type ReportModelInput } from './model.js';
import { renderSvg, svgToPng } from './render.js';
import { buildTables, toCsv, toRecords } from './tables.js';

/**
 * Writes a whole report directory from a model:
 *
 *   report.html                 the self-contained page
 *   summary.md                  headline numbers in Markdown
 *   figures/<name>.svg, .png    every figure of the page
 *   data/<table>.csv, .json     every number (leaderboard, win–loss per set, correlations, curves,
 *                               composition, tasks, episodes, paired comparisons…)
 *   episodes/<id>.html          the steps, code and output of each episode report.html lists
 *
 * Files are overwritten; files of an earlier report that this one does not produce are left alone.
 */

export interface WriteReportOptions extends HtmlOptions {
  /** PNG resolution multiplier (default 2). */
  pngScale?: number;
  /** Vega/Vega-Lite warnings per figure (e.g. a dropped encoding); ignored when absent. */
  onWarning?: (figure: string, message: string) => void;
}

/** The model failed validation; the message lists each field and problem. */
export class ReportModelError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid report model: ${problems.join('; ')}`);
    this.name = 'ReportModelError';
  }
}

export function validateModel(input: ReportModelInput): ReportModel {
  const parsed = ReportModel.safeParse(input);
  if (!parsed.success) throw new ReportModelError(describeIssues(parsed.error));
  return parsed.data;
}

/**
 * Writes the report into outDir (created if needed) and returns the absolute paths written. The
 * files are written into a staging folder inside outDir first, then moved into place with
 * report.html removed before and put back last: a run killed at any point leaves either a whole
 * report behind its report.html, or no report.html; never a page over another run's figures.
 */
export async function writeReport(input: ReportModelInput, outDir: string, options: WriteReportOptions = {}): Promise<string[]> {
  const model = validateModel(input);
  const root = path.resolve(outDir);
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root)) if (entry.startsWith(STAGING_PREFIX)) await rm(path.join(root, entry), { recursive: true, force: true });
  const staging = path.join(root, `${STAGING_PREFIX}${randomBytes(4).toString('hex')}`);
  try {
    const written = await writeReportFiles(model, staging, options);
    await rm(path.join(root, PAGE), { force: true });
    const entries = (await readdir(staging)).filter((e) => e !== PAGE);
    for (const entry of [...entries, PAGE]) {
      await rm(path.join(root, entry), { recursive: true, force: true });
      await rename(path.join(staging, entry), path.join(root, entry));
    }
    return written.map((f) => path.join(root, path.relative(staging, f)));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The report's page, moved into place last. */
const PAGE = 'report.html';

/** Staging folders inside a report's folder (left behind only by a killed run, swept by the next). */
export const STAGING_PREFIX = '.writing-';

async function writeReportFiles(model: ReportModel, root: string, options: WriteReportOptions): Promise<string[]> {
  const figuresDir = path.join(root, 'figures');
  const dataDir = path.join(root, 'data');
  await mkdir(figuresDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });

  const written: string[] = [];
  const put = async (file: string, content: string | Buffer) => {
    await writeFile(file, content);
    written.push(file);
  };

  const figures = buildFigures(model);
  for (const figure of figures) {
    const { svg, warnings } = await renderSvg(figure.spec);
    for (const w of warnings) options.onWarning?.(figure.name, w);
    await put(path.join(figuresDir, `${figure.name}.svg`), svg);
    await put(path.join(figuresDir, `${figure.name}.png`), svgToPng(svg, figure.name, options.pngScale));
  }

  for (const table of buildTables(model)) {
    await put(path.join(dataDir, `${table.name}.csv`), toCsv(table));
    await put(path.join(dataDir, `${table.name}.json`), JSON.stringify(toRecords(table), null, 1) + '\n');
  }

  await mkdir(path.join(root, 'episodes'), { recursive: true });
  for (const page of episodePages(model, { ...DEFAULT_DRILLDOWN_LIMITS, ...options.drilldown })) await put(path.join(root, page.file), page.html);
  await put(path.join(root, PAGE), await renderHtml(model, figures, options));
  await put(path.join(root, 'summary.md'), renderMarkdown(model, figures));
  return written;
}
