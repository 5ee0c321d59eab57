import { fmt, fmtInt, fmtPercent, fmtUsd } from '../report/format.js';
import { html } from '../report/html-template.js';
import { page } from './layout.js';
import type { AgentTotals } from './run-reader.js';

/** The start page: the runs shown, how far they got, the agents' totals, and the report if one was given. */
export function overviewPage(runDirs: string[], status: Record<string, number>, agents: AgentTotals[], hasReport: boolean, liveStatus: string): string {
  const total = Object.values(status).reduce((a, b) => a + b, 0);
  const body = html`<h1>Runs</h1>
<ul>${runDirs.map((d) => html`<li><code>${d}</code></li>`)}</ul>
<p>${fmtInt(total)} episodes: ${Object.entries(status).map(([s, n]) => html`<a href="/episodes?status=${s}">${fmtInt(n)} ${s}</a> `)} · <a href="/episodes">all episodes</a>${hasReport ? html` · <a href="/report/report.html">the report</a> (statistics and figures)` : ''}</p>
<h2>Agents</h2>
<table id="agents"><thead><tr><th>agent</th><th class="num">episodes</th><th class="num">completed</th><th class="num">valid</th><th class="num">mean score</th><th class="num">tokens</th><th class="num">cost</th></tr></thead>
<tbody>${agents.map(
    (a) => html`<tr><td><a href="/episodes?agent=${encodeURIComponent(a.agent)}">${a.agent}</a></td><td class="num">${fmtInt(a.episodes)}</td><td class="num">${fmtInt(a.completed)}</td>
<td class="num">${a.episodes ? fmtPercent(a.valid / a.episodes) : '—'}</td><td class="num">${fmt(a.meanScore, 4)}</td><td class="num">${fmtInt(a.inputTokens + a.outputTokens)}</td><td class="num">${fmtUsd(a.costUsd)}</td></tr>`,
  )}</tbody></table>
<p class="note">Mean raw score over valid completed episodes (task metrics differ: compare agents on one task, or read the report's normalized scores and ratings).</p>`;
  return page('Runs', body, { liveStatus });
}
