import type { SetResult } from '../model.js';
import { topLevel, type TopLevelSpec } from './theme.js';

/**
 * The pairwise win–loss heatmap of one task set (the paper's Figure 3): row agent vs column agent,
 * the number of tasks won written in each cell, coloured by the win rate counting ties as half.
 */

export interface WinLossCell {
  agent: string;
  opponent: string;
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties/2) / all decided-or-tied tasks; null on the diagonal or when they never met. */
  rate: number | null;
  label: string;
}

/** Counts are means over seeds, so they may be fractional; whole numbers stay whole. */
function count(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** The set's agents ordered by aggregated score, best first (stable for equal scores). */
export function setAgentOrder(set: SetResult): string[] {
  const aggregate = new Map(set.scores.map((s) => [s.agent, s.aggregate]));
  return set.winLoss.agents
    .map((agent, i) => ({ agent, i, score: aggregate.get(agent) ?? -Infinity }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.agent);
}

export function winLossCells(set: SetResult): WinLossCell[] {
  const { agents, wins, ties } = set.winLoss;
  const cells: WinLossCell[] = [];
  agents.forEach((agent, i) => {
    agents.forEach((opponent, j) => {
      const w = wins[i]![j]!;
      const t = ties[i]![j]!;
      const l = wins[j]![i]!;
      const total = w + t + l;
      const diagonal = i === j;
      cells.push({
        agent,
        opponent,
        wins: w,
        ties: t,
        losses: l,
        rate: diagonal || total === 0 ? null : (w + t / 2) / total,
        label: diagonal ? '' : count(w),
      });
    });
  });
  return cells;
}

export function winLossChart(set: SetResult): TopLevelSpec {
  const order = setAgentOrder(set);
  const n = order.length;
  const cell = Math.round(Math.min(64, Math.max(30, 560 / Math.max(n, 1))));
  const tooltip = [
    { field: 'agent', type: 'nominal', title: 'row agent' },
    { field: 'opponent', type: 'nominal', title: 'column agent' },
    { field: 'wins', type: 'quantitative', format: '.3~f' },
    { field: 'ties', type: 'quantitative', format: '.3~f' },
    { field: 'losses', type: 'quantitative', format: '.3~f' },
    { field: 'rate', type: 'quantitative', format: '.1%', title: 'win rate' },
  ];
  return topLevel({
    title: {
      text: `Win–loss: ${set.name} (${set.taskCount} tasks)`,
      subtitle: 'cell = tasks on which the row agent beats the column agent; colour = win rate, ties as half',
    },
    width: cell * n,
    height: cell * n,
    data: { values: winLossCells(set) },
    encoding: {
      x: { field: 'opponent', type: 'nominal', sort: order, title: 'opponent', axis: { labelAngle: -35, orient: 'top' } },
      y: { field: 'agent', type: 'nominal', sort: order, title: 'agent' },
    },
    layer: [
      {
        // 'show': keep the diagonal (null rate) so the condition paints it grey instead of dropping it.
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1, invalid: 'show' },
        encoding: {
          color: {
            condition: { test: 'datum.rate === null', value: '#eeeeee' },
            field: 'rate',
            type: 'quantitative',
            title: 'win rate',
            scale: { scheme: 'redblue', domain: [0, 1], domainMid: 0.5 },
            legend: { format: '.0%', gradientLength: Math.max(80, cell * n - 20) },
          },
          tooltip,
        },
      },
      {
        mark: { type: 'text', fontSize: cell >= 44 ? 13 : 11, fontWeight: 'bold' },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.rate !== null && (datum.rate > 0.8 || datum.rate < 0.2)', value: 'white' }, value: '#222' },
          tooltip,
        },
      },
    ],
  });
}
