import type { AgentProfile } from '../model-agreement.js';
import { ROW_HEIGHT, topLevel, type TopLevelSpec } from './theme.js';

/**
 * Where each agent is strong or weak: one row per agent, one column per modality and objective,
 * coloured by its mean normalized score minus the mean of all agents on that category.
 */
export function profileChart(profiles: AgentProfile[], agents: string[]): TopLevelSpec {
  const values = profiles.flatMap((p) =>
    p.cells.map((c) => ({ agent: p.agent, category: `${c.kind}: ${c.value}`, kind: c.kind, delta: c.mean - c.population, mean: c.mean, population: c.population, tasks: c.tasks })),
  );
  const categories = [...new Set(values.map((v) => v.category))];
  const extent = Math.max(0.1, ...values.map((v) => Math.abs(v.delta)));
  return topLevel({
    title: { text: 'Agent profiles by modality and objective', subtitle: 'mean normalized score minus the mean of all agents on the category (blue: stronger, red: weaker)' },
    width: Math.max(240, 34 * categories.length),
    height: ROW_HEIGHT * profiles.length,
    data: { values },
    mark: { type: 'rect', stroke: 'white' },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: categories, title: null, axis: { labelAngle: -40 } },
      y: { field: 'agent', type: 'nominal', sort: agents, title: null },
      color: { field: 'delta', type: 'quantitative', title: 'vs all agents', scale: { scheme: 'redblue', domain: [-extent, extent] } },
      tooltip: [
        { field: 'agent', type: 'nominal' },
        { field: 'category', type: 'nominal' },
        { field: 'mean', type: 'quantitative', format: '.3f', title: 'mean normalized' },
        { field: 'population', type: 'quantitative', format: '.3f', title: 'all agents' },
        { field: 'tasks', type: 'quantitative' },
      ],
    },
  });
}
