import { textHash } from '../arena/blob-store.js';
import type { RecordedMessage } from '../arena/model-call.js';
import type { StoredModelCall } from '../arena/run-store.js';
import { fmt, fmtDuration, fmtInt, fmtUsd } from '../report/format.js';
import { html, type Markup } from '../report/html-template.js';
import { highlightPython } from './highlight.js';
import { episodeHref, page } from './layout.js';
import type { EpisodeStepView, EpisodeView } from './run-reader.js';

/**
 * One episode whole: its outcome, the scores over its steps, and its timeline — each model call
 * (what it was newly sent, its reply and tool calls, usage, retries, errors) interleaved with the
 * executions its tool calls caused (code, output, submission scores). The full request of any call
 * is one link away, so the page grows with the episode, not with the square of its history.
 */

function codeOrText(label: string, text: string | undefined, python = false): Markup | '' {
  if (!text) return '';
  return html`<div class="msg"><div class="role">${label}</div><pre${label === 'stderr' ? html` class="error"` : ''}>${python ? highlightPython(text) : text}</pre></div>`;
}

/** A tool call's arguments: the code highlighted when they are a JSON object with code, else the raw text. */
function toolCallBlock(call: { name: string; rawArguments: string }): Markup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.rawArguments);
  } catch {
    parsed = undefined;
  }
  const args = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  if (args && typeof args.code === 'string') {
    const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'code'));
    return html`<div class="msg"><div class="role">tool call: ${call.name}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''}</div><pre>${highlightPython(args.code)}</pre></div>`;
  }
  return html`<div class="msg"><div class="role">tool call: ${call.name}${args ? '' : ' (arguments not a JSON object)'}</div><pre>${call.rawArguments}</pre></div>`;
}

export function messageBlock(m: RecordedMessage): Markup {
  if (m.role === 'user') return html`<div class="msg"><div class="role">user</div><pre>${m.text}</pre></div>`;
  if (m.role === 'tool') return html`${m.results.map((r) => html`<div class="msg"><div class="role">tool result: ${r.name}</div><pre>${r.content}</pre></div>`)}`;
  return html`<div class="msg"><div class="role">assistant</div>${m.text ? html`<pre>${m.text}</pre>` : ''}</div>${m.toolCalls.map(toolCallBlock)}`;
}

/** The messages a call was sent after the last reply it carries: the task, tool results, corrections. */
function newlySent(messages: RecordedMessage[]): RecordedMessage[] {
  const lastReply = messages.map((m) => m.role).lastIndexOf('assistant');
  return messages.slice(lastReply + 1);
}

function callBlock(e: EpisodeView, c: StoredModelCall): Markup {
  const call = c.call;
  const meta = html`model call ${c.seq + 1} · ${c.model} · ${fmtInt(c.inputTokens)} in / ${fmtInt(c.outputTokens)} out · ${fmtUsd(c.costUsd)} · ${fmtDuration(c.latencyMs / 1000)}${c.cached ? ' · from the cache' : ''}${call?.reply ? ` · stop: ${call.reply.stopReason}` : ''}`;
  if (!call) return html`<div class="item call"><div class="head">${meta}</div><p class="note">This run did not keep the call's messages (recorded before transcripts were kept).</p></div>`;
  const sent = newlySent(call.request.messages);
  const omitted = call.request.messages.length - sent.length;
  return html`<div class="item call" id="call-${c.seq}">
<div class="head">${meta} · <a href="${episodeHref(e.row.id, e.run, c.seq)}">the request as sent (${call.request.messages.length} messages)</a></div>
${sent.length ? html`<details${c.seq === 0 ? html` open` : ''}><summary class="meta">sent: ${sent.length} new message${sent.length === 1 ? '' : 's'}${omitted ? ` after ${omitted} earlier` : ''}</summary>${sent.map(messageBlock)}</details>` : ''}
${call.retries.map((r) => html`<div class="fail">retried after ${r.kind}${r.status ? ` (HTTP ${r.status})` : ''}: ${r.message}${r.delayMs === undefined ? '' : ` — waited ${fmtDuration(r.delayMs / 1000)}`}</div>`)}
${call.error ? html`<div class="fail"><strong>failed: ${call.error.kind}${call.error.status ? ` (HTTP ${call.error.status})` : ''}</strong> ${call.error.message}</div>` : ''}
${call.reply ? messageBlock({ role: 'assistant', text: call.reply.text, toolCalls: call.reply.toolCalls }) : ''}
</div>`;
}

function stepBlock(s: EpisodeStepView, showCode: boolean): Markup {
  const g = s.grade;
  const scores = g ? (g.valid ? ` · submission valid · public ${fmt(g.publicScore, 4)} · private ${fmt(g.privateScore, 4)}` : ' · submission invalid') : '';
  return html`<div class="item step${s.ok ? '' : ' bad'}" id="step-${s.seq}">
<div class="head">step ${s.step} · <strong>${s.action}</strong>${s.topic ? ` (${s.topic})` : ''} · <span class="${s.ok ? 'ok' : 'fail'}">${s.ok ? 'ok' : `failed: ${s.errorKind ?? 'error'}`}</span>${s.wallMs === null ? '' : ` · ${fmtDuration(s.wallMs / 1000)}`}${scores}</div>
${s.errorMessage ? html`<pre class="error">${s.errorMessage}</pre>` : ''}
${showCode ? codeOrText('code', s.texts.code, true) : ''}${codeOrText('stdout', s.texts.stdout)}${codeOrText('stderr', s.texts.stderr)}
${!s.texts.stdout && !s.texts.stderr ? codeOrText('observation', s.texts.observation) : ''}
</div>`;
}

/** Public and private scores of each graded step, drawn as two lines of dots. */
function scoreChart(steps: EpisodeStepView[]): Markup | '' {
  const points = steps.filter((s) => s.grade?.valid && s.grade.publicScore !== null);
  if (points.length === 0) return '';
  const values = points.flatMap((s) => [s.grade!.publicScore, s.grade!.privateScore].filter((v): v is number => v !== null));
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const maxStep = Math.max(...points.map((s) => s.step), 1);
  const [w, h, pad] = [560, 160, 28];
  const x = (step: number) => pad + ((w - 2 * pad) * step) / maxStep;
  const y = (v: number) => h - pad - ((h - 2 * pad) * (v - lo)) / (hi - lo || 1);
  const series = (key: 'publicScore' | 'privateScore', color: string) => {
    const pts = points.filter((s) => s.grade![key] !== null).map((s) => [x(s.step), y(s.grade![key]!)] as const);
    return html`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>${pts.map(([a, b]) => html`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${color}"/>`)}`;
  };
  return html`<h2>Scores over steps</h2><svg class="scores" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="public and private score by step">
<text x="${pad}" y="14" font-size="11" fill="#1f4e79">● public (seen by the agent)</text><text x="${pad + 200}" y="14" font-size="11" fill="#c0392b">● private (hidden)</text>
<text x="2" y="${y(hi) + 4}" font-size="10">${fmt(hi, 3)}</text><text x="2" y="${y(lo) + 4}" font-size="10">${fmt(lo, 3)}</text>
<text x="${w - pad}" y="${h - 8}" font-size="10" text-anchor="end">step ${maxStep}</text>
${series('publicScore', '#1f4e79')}${series('privateScore', '#c0392b')}</svg>`;
}

/** The system prompts the calls were sent, each once, named by hash. */
function systemPrompts(calls: StoredModelCall[]): Markup | '' {
  const prompts = new Map<string, string>();
  for (const c of calls) if (c.call) prompts.set(textHash(c.call.request.system), c.call.request.system);
  return html`${[...prompts].map(([hash, text]) => html`<details class="item"><summary class="meta">system prompt ${hash.slice(0, 12)} (${fmtInt(text.length)} characters)</summary><pre>${text}</pre></details>`)}`;
}

export function episodePage(e: EpisodeView): string {
  const r = e.row;
  const good = r.status === 'completed' && r.valid === 1;
  // Steps come after the call whose tool calls caused them; both carry the time they were recorded.
  const items = [
    ...e.calls.map((c) => ({ at: c.at, order: 0, seq: c.seq, block: () => callBlock(e, c) })),
    // The code is shown with the call that wrote it when the run kept the call; else with the step.
    ...e.steps.map((s) => ({ at: s.at, order: 1, seq: s.seq, block: () => stepBlock(s, e.calls.every((c) => !c.call)) })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order || a.seq - b.seq));
  const body = html`<h1>${r.agent_id} · ${r.task_id} · seed ${r.seed}</h1>
<p class="meta">episode ${r.id} · suite ${r.suite} · run ${e.runDir}</p>
<table><tbody>
<tr><th>status</th><td class="${good ? 'ok' : 'fail'}">${r.status}${r.stop_reason ? ` (${r.stop_reason})` : ''}</td><th>score (private)</th><td class="num">${fmt(r.score, 4)}</td><th>public score</th><td class="num">${fmt(r.public_score, 4)}</td></tr>
<tr><th>steps</th><td class="num">${r.steps ?? '—'}</td><th>final step</th><td class="num">${r.final_step ?? '—'}</td><th>time</th><td class="num">${r.wall_ms === null ? '—' : fmtDuration(r.wall_ms / 1000)}</td></tr>
<tr><th>model calls</th><td class="num">${e.calls.length}</td><th>tokens</th><td class="num">${fmtInt(r.input_tokens)} in / ${fmtInt(r.output_tokens)} out</td><th>cost</th><td class="num">${fmtUsd(r.cost_usd)}</td></tr>
</tbody></table>
${r.error ? html`<pre class="error">${r.error}</pre>` : ''}
${e.transcriptNotes.map((n) => html`<p class="note">${n}</p>`)}
${scoreChart(e.steps)}
<h2>Timeline</h2>
${systemPrompts(e.calls)}
${items.length ? items.map((i) => i.block()) : html`<p class="note">Nothing recorded yet.</p>`}`;
  return page(`${r.agent_id} · ${r.task_id}`, body, r.status === 'running' || r.status === 'pending' ? { liveStatus: r.status } : {});
}

/** One call's whole request as the model was sent it, and its reply. */
export function callPage(e: EpisodeView, seq: number): string | undefined {
  const c = e.calls.find((x) => x.seq === seq);
  if (!c?.call) return undefined;
  const { request, reply } = c.call;
  const body = html`<h1>Model call ${seq + 1} of <a href="${episodeHref(e.row.id, e.run)}#call-${seq}">${e.row.agent_id} · ${e.row.task_id} · seed ${e.row.seed}</a></h1>
<p class="meta">${c.call.provider} (${c.call.api}) · tools ${request.tools.join(', ')} · max output ${fmtInt(request.maxOutputTokens)} tokens${request.temperature === undefined ? '' : ` · temperature ${request.temperature}`}${request.seed === undefined ? '' : ` · seed ${request.seed}`}</p>
<details class="item"><summary class="meta">system prompt ${textHash(request.system).slice(0, 12)}</summary><pre>${request.system}</pre></details>
<h2>Sent: ${request.messages.length} messages</h2>
${request.messages.map(messageBlock)}
<h2>Reply</h2>
${reply ? messageBlock({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls }) : html`<p class="fail">No reply: ${c.call.error?.message ?? 'failed'}</p>`}`;
  return page(`call ${seq + 1}`, body);
}
