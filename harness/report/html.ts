import { randomBytes } from 'node:crypto';
import { browserLibraries } from './assets.js';
import { scriptJson } from './escape.js';
import type { Figure } from './figures.js';
import { agentOrder } from './format.js';
import { CLIENT_SCRIPT, STYLE } from './html-assets.js';
import { agreementBlock, paperTable, profilesSection } from './html-agreement.js';
import { DEFAULT_DRILLDOWN_LIMITS, episodesSection, type DrilldownLimits } from './html-episodes.js';
import {
  compositionSection,
  correlationSection,
  curvesSection,
  leaderboardSection,
  pairedSection,
  summarySection,
  winLossSection,
} from './html-sections.js';
import { tasksSection } from './html-tasks.js';
import { html, raw } from './html-template.js';
import type { ReportModel } from './model.js';

/**
 * The report as ONE self-contained HTML file: styles, the Vega libraries, the figure specs and the
 * page script are all inline, so it opens offline from anywhere. Untrusted text is escaped by the
 * html template; the specs travel as JSON in a data element; and a Content-Security-Policy admits
 * only scripts carrying this page's nonce, so even a missed escape could not run injected script.
 */

export interface HtmlOptions {
  drilldown?: Partial<DrilldownLimits>;
  /** Rows of the per-task table; the rest are in data/tasks.csv. */
  maxTaskRows?: number;
}

const NAV = [
  ['summary', 'Summary'],
  ['leaderboard', 'Leaderboard'],
  ['winloss', 'Win–loss'],
  ['correlation', 'Correlation'],
  ['curves', 'Step curves'],
  ['profiles', 'Profiles'],
  ['composition', 'Composition'],
  ['paired', 'Paired'],
  ['tasks', 'Tasks'],
  ['episodes', 'Episodes'],
] as const;

export async function renderHtml(model: ReportModel, figures: Figure[], options: HtmlOptions = {}): Promise<string> {
  const libraries = await browserLibraries();
  const nonce = randomBytes(16).toString('base64');
  // Vega compiles its expressions with Function(), hence 'unsafe-eval'; inline scripts still need the nonce.
  const csp = `default-src 'none'; script-src 'nonce-${nonce}' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:`;
  const agents = agentOrder(model);
  const specs = Object.fromEntries(figures.map((f) => [f.name, f.spec]));
  const limits = { ...DEFAULT_DRILLDOWN_LIMITS, ...options.drilldown };

  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="MLE Arena">
<title>${model.title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
<h1>${model.title}</h1>
<div class="meta">Generated ${model.generatedAt} · ${model.runs.length} run${model.runs.length === 1 ? '' : 's'} · ${model.suites.map((s) => s.name).join(', ')}</div>
<div>${model.offline ? html`<span class="badge offline">offline</span>` : ''}${model.labels.map((l) => html`<span class="badge">${l}</span>`)}</div>
</header>
<nav>${NAV.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>
<main>
${summarySection(model)}
${leaderboardSection(model, figures)}
${winLossSection(model, figures)}
${correlationSection(model, figures, html`${agreementBlock(model)}${paperTable(model)}`)}
${curvesSection(model, figures)}
${profilesSection(model, figures)}
${compositionSection(figures)}
${pairedSection(model, figures)}
${tasksSection(model, agents, options.maxTaskRows ?? 2000)}
${episodesSection(model, limits)}
<footer class="meta" style="margin-top:32px">MLE Arena report. Figures drawn in the page with ${libraries.map((l) => `${l.name} ${l.version}`).join(', ')} (inlined); the same figures are in figures/ as SVG and PNG, every number in data/ as CSV and JSON.</footer>
</main>
<script type="application/json" id="figure-specs">${raw(scriptJson(specs))}</script>
${libraries.map((l) => html`<script nonce="${nonce}">${raw(l.code)}</script>\n`)}
<script nonce="${nonce}">${raw(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
  return page.html;
}
