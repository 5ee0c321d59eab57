import { ALPHA, orientPair } from './charts/paired.js';
import { coefficientText } from './charts/correlation.js';
import type { Figure } from './figures.js';
import { fmt, fmtDuration, fmtEstimate, fmtInt, fmtP, fmtPercent, fmtUsd, rankLeaderboard } from './format.js';
import type { ReportModel } from './model.js';

/**
 * summary.md: the headline numbers in Markdown, for a pull request, a lab notebook or a terminal.
 * Names are escaped for table cells (`|`) and for renderers that pass HTML through (`<`, `&`).
 */

export function mdText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function table(header: string[], rows: string[][], numeric: boolean[] = []): string {
  const align = header.map((_, i) => (numeric[i] ? '---:' : '---'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function renderMarkdown(model: ReportModel, figures: Figure[]): string {
  const out: string[] = [`# ${mdText(model.title)}`, '', `Generated ${mdText(model.generatedAt)}.`];
  if (model.offline) {
    out.push('', `**Offline run**${model.labels.length ? `: ${model.labels.map(mdText).join(', ')}` : ''}. No hosted model was called.`);
  } else if (model.labels.length) {
    out.push('', model.labels.map(mdText).join(', '));
  }

  out.push('', '## Suites', '', table(['suite', 'origin', 'tasks'], model.suites.map((s) => [mdText(s.name), s.origin, String(s.taskCount)]), [false, false, true]));

  out.push(
    '',
    '## Leaderboard',
    '',
    table(
      ['#', 'agent', 'normalized [95%]', 'Elo [95%]', 'valid', 'input tokens', 'output tokens', 'cost', 'wall time'],
      rankLeaderboard(model.leaderboard).map((r, i) => [
        String(i + 1), mdText(r.agent), fmtEstimate(r.normalized), fmtEstimate(r.elo, 0), fmtPercent(r.validRate),
        fmtInt(r.inputTokens), fmtInt(r.outputTokens), fmtUsd(r.costUsd), fmtDuration(r.wallTimeSec),
      ]),
      [true, false, true, true, true, true, true, true, true],
    ),
    '',
    'Normalized: 0 = trivial baseline, 1 = reference baseline. Elo: Bradley–Terry, 400·θ + 1000. Intervals: 95% bootstrap over tasks.',
  );

  if (model.sets.length) {
    const agents = rankLeaderboard(model.leaderboard).map((r) => r.agent);
    const cell = (set: (typeof model.sets)[number], agent: string) => {
      const s = set.scores.find((x) => x.agent === agent);
      return s ? fmt(s.aggregate, 1) : '—';
    };
    out.push(
      '',
      '## Win–loss aggregate score per set',
      '',
      table(['agent', ...model.sets.map((s) => `${mdText(s.name)} (${s.taskCount} tasks)`)], agents.map((a) => [mdText(a), ...model.sets.map((s) => cell(s, a))]), [false, ...model.sets.map(() => true)]),
    );
  }

  out.push('', '## Correlations', '');
  if (model.correlations.length === 0) out.push('Not available: no human-designed set or reference in these runs.');
  for (const c of model.correlations) {
    out.push(`- **${mdText(c.y)} vs ${mdText(c.x)}** (${mdText(c.measure)}, n = ${c.points.length}): ${coefficientText('r', c.pearson)}; ${coefficientText('ρ', c.spearman)}; ${coefficientText('τ', c.kendall)}`);
  }

  const a = model.agreement;
  if (a) {
    const paper = model.paper.find((p) => p.label === 'Dojo set vs Smith set');
    const range = (lo: number | null, hi: number | null) => (lo === null || hi === null ? '—' : `[${fmt(lo, 2)}, ${fmt(hi, 2)}]`);
    out.push(
      '',
      `### Human-designed vs generated (${a.agents.length} agents, ${a.tasks[0]} + ${a.tasks[1]} tasks; intervals: task bootstrap)`,
      '',
      table(
        ['coefficient', 'ours', '95% (tasks)', 'p', 'paper (quoted)', 'paper (recomputed)'],
        a.coefficients.map((c) => {
          const q = paper?.coefficients.find((k) => k.name === c.name);
          return [c.label, fmt(c.value), range(c.lo, c.hi), c.p === null ? '—' : fmtP(c.p), fmt(q?.quoted), fmt(q?.recomputed)];
        }),
        [false, true, true, true, true, true],
      ),
      '',
      `**How sure are we.** ${mdText(a.sure)}`,
    );
  }

  const significant = model.paired.filter((p) => p.pHolm < ALPHA).map(orientPair).sort((a, b) => b.meanDiff - a.meanDiff);
  if (model.paired.length) {
    out.push('', `## Paired comparisons`, '', `${significant.length} of ${model.paired.length} pairs differ significantly after Holm's correction (p < ${ALPHA}).`);
    for (const p of significant) {
      out.push(`- ${p.set ? `${mdText(p.set)}: ` : ''}${mdText(p.a)} − ${mdText(p.b)} = ${fmt(p.meanDiff)} [${fmt(p.lo)}, ${fmt(p.hi)}], Holm p = ${p.pHolm < 0.001 ? p.pHolm.toExponential(1) : fmt(p.pHolm)}`);
    }
  }

  const flagged = model.tasks.filter((t) => t.flags.length > 0);
  out.push('', '## Flagged tasks', '');
  if (flagged.length === 0) out.push('None: every task separates at least some agents.');
  else out.push(table(['suite', 'task', 'flags'], flagged.map((t) => [mdText(t.suite), mdText(t.task), t.flags.join(', ')])));

  if (figures.length) {
    out.push('', '## Figures', '', ...figures.map((f) => `- [${mdText(f.caption)}](figures/${f.name}.svg) ([PNG](figures/${f.name}.png))`));
  }
  out.push('', 'The full report is in report.html; every number is in data/ as CSV and JSON.', '');
  return out.join('\n');
}
