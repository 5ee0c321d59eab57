import { fmt, fmtP } from '../format.js';
import type { Coefficient, Correlation } from '../model.js';
import { agentColorScale, topLevel, type TopLevelSpec } from './theme.js';

/**
 * Per-model values on two sets against each other (the paper's Figure 4), each point labelled
 * with its model, a least-squares line for the eye, and r, ρ, τ with p-values and intervals in
 * the subtitle so the figure stands alone when copied out of the report.
 */

export function coefficientText(symbol: string, c: Coefficient): string {
  const interval = c.lo !== undefined && c.hi !== undefined ? ` [${fmt(c.lo, 2)}, ${fmt(c.hi, 2)}]` : '';
  const p = c.p !== undefined ? ` (p = ${fmtP(c.p)})` : '';
  return `${symbol} = ${fmt(c.value, 3)}${interval}${p}`;
}

export function correlationSubtitle(c: Correlation): string[] {
  return [
    `Pearson ${coefficientText('r', c.pearson)}`,
    `Spearman ${coefficientText('ρ', c.spearman)} · Kendall ${coefficientText('τ', c.kendall)}`,
    `n = ${c.points.length} models; 95% bootstrap intervals over ${c.bootstrap === 'tasks' ? 'each set’s tasks (ratings refitted)' : 'models'}`,
  ];
}

export function correlationChart(c: Correlation, agents: string[]): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: `${c.measure}: ${c.x}`, scale: { zero: false, nice: true, padding: 16 } };
  const y = { field: 'y', type: 'quantitative', title: `${c.measure}: ${c.y}`, scale: { zero: false, nice: true, padding: 16 } };
  const tooltip = [
    { field: 'agent', type: 'nominal' },
    { field: 'x', type: 'quantitative', format: '.3f', title: c.x },
    { field: 'y', type: 'quantitative', format: '.3f', title: c.y },
  ];
  return topLevel({
    title: { text: `${c.y} vs ${c.x} (${c.measure})`, subtitle: correlationSubtitle(c) },
    width: 420,
    height: 340,
    data: { values: c.points },
    encoding: { x, y },
    layer: [
      ...(c.points.length >= 2
        ? [{ transform: [{ regression: 'y', on: 'x' }], mark: { type: 'line', color: '#999', strokeDash: [5, 4] } }]
        : []),
      {
        mark: { type: 'point', filled: true, size: 110, opacity: 1 },
        encoding: { color: { field: 'agent', type: 'nominal', scale: agentColorScale(agents), legend: null }, tooltip },
      },
      {
        mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11, color: '#333' },
        encoding: { text: { field: 'agent', type: 'nominal' } },
      },
    ],
  });
}
