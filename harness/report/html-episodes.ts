import { clipMiddle } from './escape.js';
import { fmt, fmtDuration } from './format.js';
import { STYLE } from './html-assets.js';
import { html, raw, type Markup } from './html-template.js';
import { STEP_TEXT_CHARS, type Episode, type EpisodeStep, type ReportModel } from './model.js';

/**
 * Episodes in the report: report.html lists a bounded number of them (steps and scores only), each
 * with a page of its own beside the report holding every step's code, output and error. Agent code
 * and output are untrusted and unbounded, so each is clipped (head and tail kept); the whole run,
 * model calls included, is read in `arena view`.
 */

export interface DrilldownLimits {
  maxEpisodes: number;
  maxCodeChars: number;
  maxOutputChars: number;
  /** Stop listing episodes once report.html's list passes this many characters. */
  maxTotalChars: number;
}

export const DEFAULT_DRILLDOWN_LIMITS: DrilldownLimits = {
  maxEpisodes: 300,
  maxCodeChars: 4000,
  maxOutputChars: 2000,
  maxTotalChars: 500_000,
};

/** `fullChars`: the text's length before it was clipped on reading (to STEP_TEXT_CHARS), when it was. */
function clippedPre(label: string, text: string, max: number, className = '', fullChars?: number): Markup {
  // Text clipped on reading has a marker in its middle: clip it again within the ends it kept.
  const limit = fullChars === undefined ? max : Math.min(max, STEP_TEXT_CHARS);
  const total = fullChars ?? text.length;
  const { text: shown, omitted } = clipMiddle(text, limit, total);
  return html`<div class="head">${label}</div><pre class="${className}">${shown}</pre>${
    omitted > 0 ? html`<div class="clipped">${label} truncated: ${omitted.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters omitted (full text in the run store).</div>` : ''
  }`;
}

function stepBlock(s: EpisodeStep, limits: DrilldownLimits): Markup {
  const scores = [
    s.publicScore === undefined ? '' : ` · public ${fmt(s.publicScore, 4)}`,
    s.privateScore === undefined ? '' : ` · private ${fmt(s.privateScore, 4)}`,
  ].join('');
  return html`<div class="step${s.ok ? '' : ' bad'}">
<div class="head">step ${s.step} · <strong>${s.action}</strong> · <span class="${s.ok ? 'ok' : 'fail'}">${s.ok ? 'ok' : 'failed'}</span>${scores}</div>
${s.error ? clippedPre('error', s.error, limits.maxOutputChars, 'error', s.errorChars) : ''}
${s.code ? clippedPre('code', s.code, limits.maxCodeChars, '', s.codeChars) : ''}
${s.output ? clippedPre('output', s.output, limits.maxOutputChars, '', s.outputChars) : ''}
</div>`;
}

/** The sidecar page of an episode, relative to report.html. */
export function episodeFile(e: Episode): string {
  return `episodes/${e.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.html`;
}

function summaryLine(e: Episode): Markup {
  const good = e.status === 'completed' && e.score !== null;
  return html`<strong>${e.agent}</strong> · ${e.task} · seed ${e.seed} · <span class="${good ? 'ok' : 'fail'}">${e.status}</span> · score ${fmt(e.score, 4)} (normalized ${fmt(e.normalized, 3)}) · ${e.steps.length} step${e.steps.length === 1 ? '' : 's'}`;
}

function metaLine(e: Episode): Markup {
  return html`<div class="meta">episode ${e.id}${e.suite ? ` · suite ${e.suite}` : ''}${e.stopReason ? ` · stopped: ${e.stopReason}` : ''}${e.wallTimeSec === undefined ? '' : ` · ${fmtDuration(e.wallTimeSec)}`}</div>`;
}

/** The steps in one line each (action, outcome, scores): what the report keeps of an episode. */
function stepTable(e: Episode): Markup {
  if (e.steps.length === 0) return html`<p class="note">No steps recorded.</p>`;
  return html`<table class="steps"><thead><tr><th>step</th><th>action</th><th>outcome</th><th class="num">public</th><th class="num">private</th></tr></thead><tbody>${e.steps.map(
    (s) => html`<tr><td class="num">${s.step}</td><td>${s.action}</td><td class="${s.ok ? 'ok' : 'fail'}">${s.ok ? 'ok' : (s.error?.split(':')[0] ?? 'failed')}</td><td class="num">${fmt(s.publicScore, 4)}</td><td class="num">${fmt(s.privateScore, 4)}</td></tr>`,
  )}</tbody></table>`;
}

function episodeEntry(e: Episode): Markup {
  const key = [e.agent, e.task, e.suite ?? '', e.status, `seed ${e.seed}`].join(' ').toLowerCase();
  return html`<details class="episode" data-key="${key}">
<summary>${summaryLine(e)}</summary>
${metaLine(e)}
${stepTable(e)}
<p><a href="${episodeFile(e)}">Code, output and errors of every step</a></p>
</details>`;
}

function byTaskAgentSeed(a: Episode, b: Episode): number {
  return (a.suite ?? '').localeCompare(b.suite ?? '') || a.task.localeCompare(b.task) || a.agent.localeCompare(b.agent) || a.seed - b.seed;
}

/** The episodes the report lists (and writes a page for): the first ones by task, agent and seed, within the budget. */
export function listedEpisodes(model: ReportModel, limits: DrilldownLimits): Episode[] {
  const all = model.episodes.slice().sort(byTaskAgentSeed);
  const listed: Episode[] = [];
  let size = 0;
  for (const e of all) {
    if (listed.length >= limits.maxEpisodes || size >= limits.maxTotalChars) break;
    size += episodeEntry(e).html.length;
    listed.push(e);
  }
  return listed;
}

/** `arena view` over the report's runs: where every episode is read whole. */
function viewCommand(model: ReportModel): string {
  const quote = (d: string) => (/^[\w@%+=:,./-]+$/.test(d) ? d : `'${d.replaceAll("'", "'\\''")}'`);
  return `arena view ${model.runs.map((r) => quote(r.dir)).join(' ') || '<run-dir>'}`;
}

/**
 * The report's episode section: an index of a bounded number of episodes (steps and scores, a
 * link to each one's page beside the report), so report.html keeps its size whatever the run's;
 * every episode, with its model calls, is in the viewer.
 */
export function episodesSection(model: ReportModel, limits: DrilldownLimits): Markup {
  const all = model.episodes;
  const listed = listedEpisodes(model, limits);
  return html`<section id="episodes"><h2>Episodes</h2>
<p class="note">All ${all.length.toLocaleString('en-US')} episodes (task × agent × seed), with every model call, code and output, are read with <code>${viewCommand(model)}</code>, which pages, filters and searches them. Below, ${listed.length === all.length ? 'each of them' : `the first ${listed.length.toLocaleString('en-US')} by task, agent and seed`}: its steps, the public score the agent saw next to the private score it did not, and a page with its code and output (in episodes/ beside this file). All are listed in data/episodes.csv.</p>
${all.length ? html`<input id="episode-filter" type="search" placeholder="filter by agent, task, status…" aria-label="filter episodes">` : html`<p class="note">No episodes.</p>`}
<div id="episode-list">${listed.map(episodeEntry)}</div>
</section>`;
}

/** One episode's page: every step with its code, output and error (each clipped), self-contained and script-free. */
function episodePage(e: Episode, model: ReportModel, limits: DrilldownLimits): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e.agent} · ${e.task} · seed ${e.seed}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<p class="meta"><a href="../report.html#episodes">${model.title}</a></p>
<h2>${summaryLine(e)}</h2>
${metaLine(e)}
${e.steps.length ? e.steps.map((s) => stepBlock(s, limits)) : html`<p class="note">No steps recorded.</p>`}
<p class="note">The model's messages of an LLM episode are in the run: <code>${viewCommand(model)}</code>.</p>
</main>
</body>
</html>
`.html;
}

/** The pages of the listed episodes, by their path relative to report.html. */
export function episodePages(model: ReportModel, limits: DrilldownLimits): { file: string; html: string }[] {
  return listedEpisodes(model, limits).map((e) => ({ file: episodeFile(e), html: episodePage(e, model, limits) }));
}
