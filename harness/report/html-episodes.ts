import { clipMiddle } from './escape.js';
import { fmt, fmtDuration } from './format.js';
import { html, type Markup } from './html-template.js';
import { STEP_TEXT_CHARS, type Episode, type EpisodeStep, type ReportModel } from './model.js';

/**
 * The episode drill-down: one collapsible <details> per episode with every step's action, code,
 * output, error and scores. Agent code and output are untrusted and unbounded, so each is clipped
 * (head and tail kept) and the whole drill-down has a size budget; the page says what it left out.
 */

export interface DrilldownLimits {
  maxEpisodes: number;
  maxCodeChars: number;
  maxOutputChars: number;
  /** Stop adding episodes once the drill-down's markup passes this many characters. */
  maxTotalChars: number;
}

export const DEFAULT_DRILLDOWN_LIMITS: DrilldownLimits = {
  maxEpisodes: 400,
  maxCodeChars: 4000,
  maxOutputChars: 2000,
  maxTotalChars: 4_000_000,
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

function episodeBlock(e: Episode, limits: DrilldownLimits): Markup {
  const good = e.status === 'completed' && e.score !== null;
  const key = [e.agent, e.task, e.suite ?? '', e.status, `seed ${e.seed}`].join(' ').toLowerCase();
  return html`<details class="episode" data-key="${key}">
<summary><strong>${e.agent}</strong> · ${e.task} · seed ${e.seed} · <span class="${good ? 'ok' : 'fail'}">${e.status}</span> · score ${fmt(e.score, 4)} (normalized ${fmt(e.normalized, 3)}) · ${e.steps.length} step${e.steps.length === 1 ? '' : 's'}</summary>
<div class="meta">episode ${e.id}${e.suite ? ` · suite ${e.suite}` : ''}${e.stopReason ? ` · stopped: ${e.stopReason}` : ''}${e.wallTimeSec === undefined ? '' : ` · ${fmtDuration(e.wallTimeSec)}`}</div>
${e.steps.length ? e.steps.map((s) => stepBlock(s, limits)) : html`<p class="note">No steps recorded.</p>`}
</details>`;
}

function byTaskAgentSeed(a: Episode, b: Episode): number {
  return (a.suite ?? '').localeCompare(b.suite ?? '') || a.task.localeCompare(b.task) || a.agent.localeCompare(b.agent) || a.seed - b.seed;
}

export function episodesSection(model: ReportModel, limits: DrilldownLimits): Markup {
  const all = model.episodes.slice().sort(byTaskAgentSeed);
  const blocks: Markup[] = [];
  let size = 0;
  for (const e of all) {
    if (blocks.length >= limits.maxEpisodes || size >= limits.maxTotalChars) break;
    const block = episodeBlock(e, limits);
    size += block.html.length;
    blocks.push(block);
  }
  const left = all.length - blocks.length;
  return html`<section id="episodes"><h2>Episodes</h2>
<p class="note">One entry per episode (task × agent × seed). Open one for its steps: action, code, output, and the public score the agent saw next to the private score it did not. Code over ${limits.maxCodeChars.toLocaleString('en-US')} and output over ${limits.maxOutputChars.toLocaleString('en-US')} characters are shortened in the middle.</p>
${left > 0 ? html`<p class="clipped">Showing ${blocks.length} of ${all.length} episodes to keep this file small; all are listed in data/episodes.csv.</p>` : ''}
${all.length ? html`<input id="episode-filter" type="search" placeholder="filter by agent, task, status…" aria-label="filter episodes">` : html`<p class="note">No episodes.</p>`}
<div id="episode-list">${blocks}</div>
</section>`;
}
