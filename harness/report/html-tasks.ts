import { fmt } from './format.js';
import { num } from './html-sections.js';
import { html, type Markup } from './html-template.js';
import type { ReportModel, TaskRow } from './model.js';

/**
 * The per-task table: one row per task, one normalized-score column per agent shaded by value, so
 * tasks nobody solves, tasks everybody saturates and tasks that separate the agents stand out.
 * Sortable by any column; raw scores are in each cell's tooltip.
 */

/** Light to mid blue over 0 → 1 (values above the reference stay at the darkest shade); text stays readable. */
function shade(normalized: number): string {
  const t = Math.max(0, Math.min(1, normalized));
  return `background:hsl(210,70%,${(98 - 20 * t).toFixed(0)}%)`;
}

function resultCell(task: TaskRow, agent: string): Markup {
  const r = task.results.find((x) => x.agent === agent);
  if (!r) return html`<td class="num" data-v="" title="not run">·</td>`;
  if (r.normalized === null) return html`<td class="num missing" data-v="" title="no valid submission">—</td>`;
  const title = r.score === null ? 'no raw score' : `score ${fmt(r.score, 4)}`;
  return html`<td class="num" data-v="${String(r.normalized)}" title="${title}" style="${shade(r.normalized)}">${fmt(r.normalized, 2)}</td>`;
}

export function tasksSection(model: ReportModel, agents: string[], maxRows: number): Markup {
  if (model.tasks.length === 0) return html`<section id="tasks"><h2>Tasks</h2><p class="note">No per-task results.</p></section>`;
  const rows = model.tasks.slice(0, maxRows);
  const clipped = model.tasks.length - rows.length;
  return html`<section id="tasks"><h2>Tasks</h2>
<p class="note">Normalized score per agent (mean over seeds; hover for the raw metric). Click a header to sort. Flags: <span class="flag">saturated</span> every agent reaches the reference; <span class="flag">unsolved</span> no agent beats the trivial anchor; <span class="flag">non-discriminating</span> scores do not separate the agents.</p>
${clipped > 0 ? html`<p class="clipped">Showing the first ${rows.length} of ${model.tasks.length} tasks; all are in data/tasks.csv.</p>` : ''}
<div class="table-wrap"><table class="sortable" id="task-table"><thead><tr>
<th>suite</th><th>task</th><th>modality</th><th>objective</th><th>metric</th><th class="num">trivial</th><th class="num">reference</th>
${agents.map((a) => html`<th class="num">${a}</th>`)}
<th class="num">discrimination</th><th>flags</th>
</tr></thead><tbody>
${rows.map((t) => html`<tr>
<td>${t.suite}</td><td title="${t.title ?? ''}">${t.task}</td><td>${t.modality}</td><td>${t.objective}</td><td>${t.metric}${t.higherIsBetter === undefined ? '' : t.higherIsBetter ? ' ↑' : ' ↓'}</td>
${num(t.anchors.trivial, fmt(t.anchors.trivial, 4))}${num(t.anchors.reference, fmt(t.anchors.reference, 4))}
${agents.map((a) => resultCell(t, a))}
${num(t.discrimination, fmt(t.discrimination, 2))}<td>${t.flags.map((f) => html`<span class="flag">${f}</span>`)}</td>
</tr>`)}
</tbody></table></div></section>`;
}
