import type { LeaderboardRow } from '../model.js';
import { CHART_WIDTH, ROW_HEIGHT, agentColorScale, topLevel, type TopLevelSpec } from './theme.js';

/**
 * The two leaderboard figures: ratings and normalized scores, one row per agent in leaderboard
 * order, each with its interval drawn (a rating without its interval invites over-reading).
 */

/** Elo points with 95% interval bars. Agents without a rating are left out. */
export function eloChart(rows: LeaderboardRow[], agents: string[]): TopLevelSpec {
  const values = rows.filter((r) => r.elo).map((r) => ({ agent: r.agent, elo: r.elo!.value, lo: r.elo!.lo, hi: r.elo!.hi }));
  const y = { field: 'agent', type: 'nominal', sort: agents, title: null };
  const tooltip = [
    { field: 'agent', type: 'nominal' },
    { field: 'elo', type: 'quantitative', format: '.0f', title: 'Elo' },
    { field: 'lo', type: 'quantitative', format: '.0f', title: '95% low' },
    { field: 'hi', type: 'quantitative', format: '.0f', title: '95% high' },
  ];
  return topLevel({
    title: { text: 'Bradley–Terry rating (Elo scale)', subtitle: '95% bootstrap interval over tasks' },
    width: CHART_WIDTH,
    height: Math.max(60, ROW_HEIGHT * values.length),
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2, color: '#888' },
        encoding: {
          x: { field: 'lo', type: 'quantitative', scale: { zero: false, nice: true }, title: 'Elo rating (400·θ + 1000)' },
          x2: { field: 'hi' },
          tooltip,
        },
      },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x: { field: 'elo', type: 'quantitative' },
          color: { field: 'agent', type: 'nominal', scale: agentColorScale(agents), legend: null },
          tooltip,
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 8, dy: -9, fontSize: 10, color: '#333' },
        encoding: { x: { field: 'elo', type: 'quantitative' }, text: { field: 'elo', type: 'quantitative', format: '.0f' } },
      },
    ],
  });
}

/** Mean normalized score bars with 95% intervals; the reference baseline's level (1) is marked. */
export function normalizedChart(rows: LeaderboardRow[], agents: string[]): TopLevelSpec {
  const values = rows.map((r) => ({ agent: r.agent, score: r.normalized.value, lo: r.normalized.lo, hi: r.normalized.hi }));
  const y = { field: 'agent', type: 'nominal', sort: agents, title: null };
  const tooltip = [
    { field: 'agent', type: 'nominal' },
    { field: 'score', type: 'quantitative', format: '.3f', title: 'normalized' },
    { field: 'lo', type: 'quantitative', format: '.3f', title: '95% low' },
    { field: 'hi', type: 'quantitative', format: '.3f', title: '95% high' },
  ];
  return topLevel({
    title: { text: 'Normalized score', subtitle: '0 = trivial baseline, 1 = reference baseline; mean over tasks with 95% interval' },
    width: CHART_WIDTH,
    height: Math.max(60, ROW_HEIGHT * values.length),
    layer: [
      {
        data: { values },
        encoding: { y },
        layer: [
          {
            mark: { type: 'bar', height: { band: 0.65 } },
            encoding: {
              x: { field: 'score', type: 'quantitative', title: 'normalized score', scale: { domainMin: 0 } },
              color: { field: 'agent', type: 'nominal', scale: agentColorScale(agents), legend: null },
              tooltip,
            },
          },
          { mark: { type: 'rule', strokeWidth: 1.5, color: '#222' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, tooltip } },
        ],
      },
      {
        data: { values: [{ level: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#666' },
        encoding: { x: { field: 'level', type: 'quantitative' } },
      },
    ],
  });
}
