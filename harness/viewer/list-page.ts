import { fmt, fmtDuration, fmtInt } from '../report/format.js';
import { html } from '../report/html-template.js';
import { STATUSES, type EpisodeQuery, type SortKey } from './episode-query.js';
import { episodeHref, page } from './layout.js';
import type { ListRow } from './run-reader.js';

/** The episode list: the filter form, one page of rows, and the pager; every state is in the URL. */

const COLUMNS: { label: string; sort?: SortKey; num?: boolean }[] = [
  { label: 'task', sort: 'task' },
  { label: 'agent', sort: 'agent' },
  { label: 'seed', num: true },
  { label: 'status', sort: 'status' },
  { label: 'score', sort: 'score', num: true },
  { label: 'public', num: true },
  { label: 'steps', num: true },
  { label: 'tokens', num: true },
  { label: 'time', num: true },
  { label: 'finished', sort: 'finished' },
];

function urlWith(query: EpisodeQuery, change: Partial<Record<keyof EpisodeQuery, string | number | undefined>>): string {
  const merged = { ...query, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/episodes?${params}`;
}

export function listPage(query: EpisodeQuery, result: { rows: ListRow[]; total: number }, choices: { errorKinds: string[]; runs: number; liveStatus: string }): string {
  const pages = Math.max(1, Math.ceil(result.total / query.size));
  const input = (name: keyof EpisodeQuery, label: string, size = 14) =>
    html`<label>${label}<input name="${name}" value="${query[name] === undefined ? '' : String(query[name])}" size="${size}"></label>`;
  const select = (name: keyof EpisodeQuery, label: string, options: readonly string[]) =>
    html`<label>${label}<select name="${name}"><option value="">any</option>${options.map((o) => html`<option${query[name] === o ? html` selected` : ''}>${o}</option>`)}</select></label>`;
  const header = COLUMNS.map((c) => {
    if (!c.sort) return html`<th${c.num ? html` class="num"` : ''}>${c.label}</th>`;
    const active = query.sort === c.sort;
    const dir = active && query.dir === 'asc' ? 'desc' : 'asc';
    const mark = active ? (query.dir === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th${c.num ? html` class="num"` : ''} aria-sort="${active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none'}"><a href="${urlWith(query, { sort: c.sort, dir, page: 1 })}">${c.label}${mark}</a></th>`;
  });
  const rows = result.rows.map((r) => {
    const good = r.status === 'completed' && r.valid === 1;
    return html`<tr>
<td><a href="${episodeHref(r.id, r.run)}">${r.task_id}</a>${choices.runs > 1 ? html` <span class="meta">run ${r.run + 1}</span>` : ''}</td><td>${r.agent_id}</td><td class="num">${r.seed}</td>
<td class="${good ? 'ok' : r.status === 'completed' ? '' : 'fail'}">${r.status}${r.error ? html` <span class="meta" title="${r.error}">(${r.error.slice(0, 60)})</span>` : ''}</td>
<td class="num">${fmt(r.score, 4)}</td><td class="num">${fmt(r.public_score, 4)}</td><td class="num">${r.steps ?? '—'}</td>
<td class="num">${fmtInt(r.input_tokens + r.output_tokens)}</td><td class="num">${r.wall_ms === null ? '—' : fmtDuration(r.wall_ms / 1000)}</td><td class="meta">${r.finished_at ?? ''}</td>
</tr>`;
  });
  const body = html`<h1>Episodes</h1>
<form class="filters" method="get" action="/episodes">
${input('task', 'task')}${input('agent', 'agent')}${input('seed', 'seed', 4)}${select('status', 'status', STATUSES)}${select('error', 'error kind', choices.errorKinds)}
${input('minScore', 'score ≥', 6)}${input('maxScore', 'score ≤', 6)}${input('q', 'text in code or output', 22)}
<input type="hidden" name="sort" value="${query.sort}"><input type="hidden" name="dir" value="${query.dir}">
<button type="submit">Filter</button> <a href="/episodes">clear</a>
</form>
<p class="meta" id="count">${fmtInt(result.total)} episode${result.total === 1 ? '' : 's'} match · page ${query.page} of ${fmtInt(pages)}. The task box matches a part of the id, the agent box the whole id; either takes a glob with * ? [ ].</p>
<table id="episodes"><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table>
<div class="pager">${query.page > 1 ? html`<a href="${urlWith(query, { page: query.page - 1 })}" rel="prev">← previous</a>` : ''}<span>page ${query.page} of ${fmtInt(pages)}</span>${query.page < pages ? html`<a href="${urlWith(query, { page: query.page + 1 })}" rel="next">next →</a>` : ''}</div>`;
  return page('Episodes', body, { liveStatus: choices.liveStatus });
}
