import { COEFFICIENT_LABEL } from './agreement.js';
import type { Figure } from './figures.js';
import { fmt, fmtP } from './format.js';
import { figureBlock, num } from './html-sections.js';
import { html, type Markup } from './html-template.js';
import { PROFILE_MARGIN } from './profiles.js';
import type { ReportModel } from './model.js';

/**
 * The human-vs-generated agreement with task-bootstrap intervals beside the paper's own figures,
 * the paragraph that says how sure the numbers are, the rank intervals behind them; and the
 * per-agent profiles.
 */

const interval = (lo: number | null, hi: number | null) => (lo === null || hi === null ? '—' : `[${fmt(lo, 2)}, ${fmt(hi, 2)}]`);

export function agreementBlock(model: ReportModel): Markup {
  const a = model.agreement;
  const paper = model.paper.find((p) => p.label === 'Dojo set vs Smith set');
  if (!a) return html``;
  const pct = `${Math.round(a.level * 100)}%`;
  const rows = a.coefficients.map((c) => {
    const quoted = paper?.coefficients.find((p) => p.name === c.name);
    return html`<tr><td>${c.label}</td>${num(c.value, c.value === null ? `— (${c.reason ?? 'undefined'})` : fmt(c.value))}<td class="num">${interval(c.lo, c.hi)}</td>${num(c.p, fmtP(c.p ?? undefined))}${num(quoted?.quoted, fmt(quoted?.quoted))}${num(quoted?.recomputed, fmt(quoted?.recomputed))}</tr>`;
  });
  return html`<h3>Human-designed vs generated tasks: ${a.agents.length} agents, ${a.tasks[0]} + ${a.tasks[1]} tasks</h3>
<p class="note">Ours: correlation between each agent's Elo on the ${a.x} and the ${a.y} set; ${pct} intervals from redrawing each set's tasks with replacement (${a.resamples} resamples, both sets' Bradley–Terry ratings refitted each time); p-values over the agents, ratings held fixed. The paper (MLE-Smith, Dojo set vs Smith set): 8 LLMs on 50 + 50 tasks, quoted without intervals, and recomputed here from its Elo table (reports/reference/mle-smith-elo.csv).</p>
<div class="table-wrap"><table><thead><tr><th>coefficient</th><th class="num">ours</th><th class="num">${pct} (tasks)</th><th class="num">p</th><th class="num">paper (quoted)</th><th class="num">paper (recomputed, n = ${paper?.n ?? '—'})</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<h3>How sure are we</h3>
<p id="how-sure">${a.sure}</p>
<details><summary>Ranks per agent, with their ${pct} intervals over the task resamples</summary>
<div class="table-wrap"><table class="sortable"><thead><tr><th>agent</th><th class="num">Elo (${a.x})</th><th class="num">rank</th><th class="num">${pct}</th><th class="num">Elo (${a.y})</th><th class="num">rank</th><th class="num">${pct}</th></tr></thead><tbody>
${a.agents.map((g) => html`<tr><td>${g.agent}</td>${num(g.x.elo, fmt(g.x.elo, 0))}${num(g.x.rank, fmt(g.x.rank, 1))}<td class="num">${interval(g.x.rankLo, g.x.rankHi).replace(/\.00/g, '')}</td>${num(g.y.elo, fmt(g.y.elo, 0))}${num(g.y.rank, fmt(g.y.rank, 1))}<td class="num">${interval(g.y.rankLo, g.y.rankHi).replace(/\.00/g, '')}</td></tr>`)}
</tbody></table></div></details>`;
}

/** The paper's whole table (every comparison it quotes), quoted and recomputed. */
export function paperTable(model: ReportModel): Markup {
  if (model.paper.length === 0) return html``;
  const names = Object.keys(COEFFICIENT_LABEL) as (keyof typeof COEFFICIENT_LABEL)[];
  return html`<details><summary>The paper's correlation table, recomputed from its Elo table</summary>
<div class="table-wrap"><table><thead><tr><th>comparison</th><th class="num">n</th>${names.map((c) => html`<th class="num">${COEFFICIENT_LABEL[c]} quoted</th><th class="num">recomputed</th>`)}</tr></thead><tbody>
${model.paper.map((p) => html`<tr><td>${p.label}</td>${num(p.n, String(p.n))}${names.map((c) => {
    const k = p.coefficients.find((x) => x.name === c)!;
    return html`${num(k.quoted, fmt(k.quoted))}${num(k.recomputed, `${fmt(k.recomputed)}${k.reproduced ? ' ✓' : ''}`)}`;
  })}</tr>`)}
</tbody></table></div><p class="note">✓: the recomputed value rounds to the quoted one at three decimals.</p></details>`;
}

export function profilesSection(model: ReportModel, figures: Figure[]): Markup {
  const figs = figures.filter((f) => f.section === 'profiles');
  if (model.profiles.length === 0) return html`<section id="profiles"><h2>Agent profiles</h2><p class="note">No per-task results.</p></section>`;
  const list = (items: string[]) => (items.length ? items.join('; ') : '—');
  return html`<section id="profiles"><h2>Agent profiles</h2>
<p class="note">Per modality and objective, each agent's mean normalized score against the mean of all agents there: strong or weak where it is more than ${PROFILE_MARGIN} above or below (at most three named).</p>
<div class="figures">${figs.map(figureBlock)}</div>
<div class="table-wrap"><table class="sortable"><thead><tr><th>agent</th><th>strong</th><th>weak</th></tr></thead><tbody>
${model.profiles.map((p) => html`<tr><td>${p.agent}</td><td>${list(p.strong)}</td><td>${list(p.weak)}</td></tr>`)}
</tbody></table></div></section>`;
}
