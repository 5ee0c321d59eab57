import { coefficientText } from './charts/correlation.js';
import { ALPHA, orientPair } from './charts/paired.js';
import type { Figure, SectionId } from './figures.js';
import { fmt, fmtDuration, fmtEstimate, fmtInt, fmtP, fmtPercent, fmtUsd, rankLeaderboard } from './format.js';
import { html, type Markup } from './html-template.js';
import type { ReportModel } from './model.js';

/**
 * The page's sections above the per-task table: each pairs its figures with the numbers behind
 * them as a table, because a reader quoting a result needs the digits, not a bar length.
 */

/** A right-aligned numeric cell whose data-v lets the table sort by value. */
export function num(value: number | null | undefined, text: string): Markup {
  const v = value === null || value === undefined || !Number.isFinite(value) ? '' : String(value);
  return html`<td class="num" data-v="${v}">${text}</td>`;
}

export function figureBlock(f: Figure): Markup {
  return html`<figure>
<div class="chart" id="fig-${f.name}" role="img" aria-label="${f.caption}"></div>
<figcaption>${f.caption} · <a href="figures/${f.name}.svg">SVG</a> · <a href="figures/${f.name}.png">PNG</a></figcaption>
</figure>`;
}

function figuresOf(figures: Figure[], section: SectionId): Figure[] {
  return figures.filter((f) => f.section === section);
}

export function summarySection(model: ReportModel): Markup {
  const tasks = model.suites.reduce((n, s) => n + s.taskCount, 0);
  const flagged = model.tasks.filter((t) => t.flags.length > 0).length;
  const top = rankLeaderboard(model.leaderboard)[0];
  const card = (n: string | number, label: string) => html`<div class="card"><div class="n">${n}</div><div class="l">${label}</div></div>`;
  return html`<section id="summary"><h2>Summary</h2>
${model.offline ? html`<p class="note"><strong>Offline run${model.labels.length ? `: ${model.labels.join(', ')}` : ''}.</strong> No hosted model was called; these numbers show the harness working end to end, not the standing of frontier agents.</p>` : ''}
<div class="cards">
${card(model.leaderboard.length, 'agents')}${card(tasks, 'tasks')}${card(model.suites.length, 'suites')}${card(fmtInt(model.leaderboard.reduce((n, r) => n + r.episodes, 0)), 'episodes')}${card(flagged, 'flagged tasks')}
</div>
${top ? html`<p>Best agent: <strong>${top.agent}</strong> — normalized ${fmtEstimate(top.normalized)}${top.elo ? html`, Elo ${fmtEstimate(top.elo, 0)}` : ''}.</p>` : ''}
${model.correlations.map((c) => html`<p>${c.y} vs ${c.x} (${c.measure}): ${coefficientText('r', c.pearson)}; ${coefficientText('ρ', c.spearman)}; ${coefficientText('τ', c.kendall)}.</p>`)}
<div class="grid2">
<div><h3>Suites</h3><table><thead><tr><th>suite</th><th>origin</th><th class="num">tasks</th></tr></thead><tbody>
${model.suites.map((s) => html`<tr><td>${s.name}</td><td>${s.origin}</td>${num(s.taskCount, String(s.taskCount))}</tr>`)}
</tbody></table></div>
<div><h3>Runs</h3><table><thead><tr><th>run</th><th>directory</th></tr></thead><tbody>
${model.runs.map((r) => html`<tr><td>${r.id}</td><td><code>${r.dir}</code></td></tr>`)}
</tbody></table></div>
</div></section>`;
}

export function leaderboardSection(model: ReportModel, figures: Figure[]): Markup {
  const rows = rankLeaderboard(model.leaderboard);
  return html`<section id="leaderboard"><h2>Leaderboard</h2>
<p class="note">Normalized score: 0 = trivial baseline, 1 = reference baseline, mean over tasks. Elo: Bradley–Terry on pairwise task outcomes (ties count half), 400·θ + 1000. Brackets: 95% bootstrap intervals over tasks.</p>
<div class="table-wrap"><table class="sortable"><thead><tr>
<th class="num">#</th><th>agent</th><th class="num">normalized [95%]</th><th class="num">Elo [95%]</th><th class="num">valid</th><th class="num">input tokens</th><th class="num">output tokens</th><th class="num">cost</th><th class="num">wall time</th><th class="num">episodes</th>
</tr></thead><tbody>
${rows.map((r, i) => html`<tr>${num(i + 1, String(i + 1))}<td>${r.agent}</td>${num(r.normalized.value, fmtEstimate(r.normalized))}${num(r.elo?.value, fmtEstimate(r.elo, 0))}${num(r.validRate, fmtPercent(r.validRate))}${num(r.inputTokens, fmtInt(r.inputTokens))}${num(r.outputTokens, fmtInt(r.outputTokens))}${num(r.costUsd, fmtUsd(r.costUsd))}${num(r.wallTimeSec, fmtDuration(r.wallTimeSec))}${num(r.episodes, fmtInt(r.episodes))}</tr>`)}
</tbody></table></div>
<div class="figures">${figuresOf(figures, 'leaderboard').map(figureBlock)}</div>
</section>`;
}

export function winLossSection(model: ReportModel, figures: Figure[]): Markup {
  const blocks = model.sets.map((set, i) => {
    const figure = figures.find((f) => f.section === 'winloss' && f.subject === set.name);
    const scores = set.scores.slice().sort((a, b) => b.aggregate - a.aggregate);
    return html`<div id="set-${i}"><h3>${set.name} <span class="meta">(${set.taskCount} tasks)</span></h3><div class="grid2">
${figure ? figureBlock(figure) : ''}
<table><thead><tr><th>agent</th><th class="num">aggregate</th><th class="num">normalized</th><th class="num">Elo [95%]</th></tr></thead><tbody>
${scores.map((s) => html`<tr><td>${s.agent}</td>${num(s.aggregate, fmt(s.aggregate, 1))}${num(s.normalizedMean, fmt(s.normalizedMean))}${num(s.elo?.value, fmtEstimate(s.elo, 0))}</tr>`)}
</tbody></table></div></div>`;
  });
  return html`<section id="winloss"><h2>Win–loss matrices</h2>
<p class="note">Cell (row, column): tasks on which the row agent beats the column agent (mean over seeds, direction-aware, ties within tolerance). Aggregate = 1 per win + 0.5 per tie.</p>
${blocks.length ? blocks : html`<p class="note">No pairwise results: fewer than two agents.</p>`}
</section>`;
}

/** `agreement`: the task-bootstrap agreement and the paper's table, shown first (html-agreement.ts). */
export function correlationSection(model: ReportModel, figures: Figure[], agreement: Markup = html``): Markup {
  if (model.correlations.length === 0) {
    return html`<section id="correlation"><h2>Correlation with human-designed benchmarks</h2>
<p class="note">Not available: these runs have no human-designed set and no reference file. Run a human suite (e.g. tasks/human-v1) or pass <code>--human &lt;run-dir|reference.csv&gt;</code>.</p></section>`;
  }
  const cell = (c: { value: number; p?: number; lo?: number; hi?: number }) =>
    html`${num(c.value, fmt(c.value))}<td class="num">${c.lo !== undefined && c.hi !== undefined ? `[${fmt(c.lo, 2)}, ${fmt(c.hi, 2)}]` : '—'}</td>${num(c.p, fmtP(c.p))}`;
  return html`<section id="correlation"><h2>Correlation with human-designed benchmarks</h2>
${agreement}
<h3>Every comparison</h3>
<p class="note">Per-model values on two sets (or against published figures). Pearson r, Spearman ρ, Kendall τ-b, with p-values and 95% bootstrap intervals: over each set's tasks (ratings refitted) for human vs generated Elo, over models otherwise.</p>
<div class="figures">${figuresOf(figures, 'correlation').map(figureBlock)}</div>
<div class="table-wrap"><table><thead><tr><th>x</th><th>y</th><th>measure</th><th class="num">n</th><th class="num">r</th><th class="num">95%</th><th class="num">p</th><th class="num">ρ</th><th class="num">95%</th><th class="num">p</th><th class="num">τ</th><th class="num">95%</th><th class="num">p</th></tr></thead><tbody>
${model.correlations.map((c) => html`<tr><td>${c.x}</td><td>${c.y}</td><td>${c.measure}</td>${num(c.points.length, String(c.points.length))}${cell(c.pearson)}${cell(c.spearman)}${cell(c.kendall)}</tr>`)}
</tbody></table></div></section>`;
}

export function curvesSection(model: ReportModel, figures: Figure[]): Markup {
  const figs = figuresOf(figures, 'curves');
  return html`<section id="curves"><h2>Step-wise performance</h2>
<p class="note">Best-so-far normalized score on the private rows after each step (information requests excluded), averaged over the tasks of each category.</p>
${figs.length ? html`<div class="figures">${figs.map(figureBlock)}</div>` : html`<p class="note">No step logs in these runs.</p>`}
</section>`;
}

export function compositionSection(figures: Figure[]): Markup {
  const figs = figuresOf(figures, 'composition');
  return html`<section id="composition"><h2>Suite composition</h2>
${figs.length ? html`<div class="figures">${figs.map(figureBlock)}</div>` : html`<p class="note">No task metadata in these runs.</p>`}
</section>`;
}

export function pairedSection(model: ReportModel, figures: Figure[]): Markup {
  if (model.paired.length === 0) {
    return html`<section id="paired"><h2>Paired comparisons</h2><p class="note">No paired comparisons: fewer than two agents.</p></section>`;
  }
  const rows = model.paired.map(orientPair).sort((a, b) => a.pHolm - b.pHolm || b.meanDiff - a.meanDiff);
  return html`<section id="paired"><h2>Paired comparisons</h2>
<p class="note">Each pair written better − worse: mean difference of normalized scores on the tasks both attempted, 95% bootstrap interval; p-values adjusted by Holm's method across all pairs (significant: p &lt; ${ALPHA}).</p>
<div class="figures">${figuresOf(figures, 'paired').map(figureBlock)}</div>
<div class="table-wrap"><table class="sortable"><thead><tr><th>set</th><th>a</th><th>b</th><th class="num">n</th><th class="num">lead (a − b)</th><th class="num">95%</th><th class="num">p</th><th class="num">p (Holm)</th><th>verdict</th></tr></thead><tbody>
${rows.map((p) => html`<tr><td>${p.set ?? ''}</td><td>${p.a}</td><td>${p.b}</td>${num(p.n, p.n === undefined ? '—' : String(p.n))}${num(p.meanDiff, fmt(p.meanDiff))}<td class="num">[${fmt(p.lo)}, ${fmt(p.hi)}]</td>${num(p.p, fmtP(p.p))}${num(p.pHolm, fmtP(p.pHolm))}<td>${p.pHolm < ALPHA ? html`<strong>significant</strong>` : 'not significant'}</td></tr>`)}
</tbody></table></div></section>`;
}
