import type { Curve } from '../model.js';
import { agentColorScale, topLevel, type TopLevelSpec } from './theme.js';

/**
 * Step-wise curves (the paper's Figure 5): best-so-far normalized score against step, one line per
 * agent, one panel per category of a kind (e.g. each modality), each panel naming its task count.
 */

/** The distinct kinds (`modality`, `objective`…) in first-seen order: one figure each. */
export function curveKinds(curves: Curve[]): string[] {
  return [...new Set(curves.map((c) => c.kind))];
}

export function panelLabel(c: Curve): string {
  return `${c.value} (${c.nTasks} task${c.nTasks === 1 ? '' : 's'})`;
}

export function curvesChart(kind: string, curves: Curve[], agents: string[]): TopLevelSpec {
  const panels = curves.filter((c) => c.kind === kind);
  const values = panels.flatMap((c) => c.points.map((p) => ({ ...p, panel: panelLabel(c) })));
  const present = agents.filter((a) => values.some((v) => v.agent === a));
  return topLevel({
    title: { text: `Step-wise performance by ${kind}`, subtitle: 'best-so-far normalized score (private rows), mean over the tasks of each panel; bands: 95% task bootstrap' },
    data: { values },
    facet: { field: 'panel', type: 'nominal', sort: panels.map(panelLabel), title: null },
    columns: Math.min(3, panels.length),
    spec: {
      width: 230,
      height: 170,
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step', axis: { tickMinStep: 1, format: 'd' } },
        color: { field: 'agent', type: 'nominal', title: 'agent', scale: agentColorScale(agents, present), legend: { orient: 'bottom', columns: 3 } },
      },
      layer: [
        // The task-bootstrap band of each agent's mean, faint so overlapping bands stay readable.
        ...(values.some((v) => v.lo !== undefined)
          ? [{ mark: { type: 'area', opacity: 0.12 }, encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } }]
          : []),
        {
          mark: { type: 'line', point: { filled: true, size: 30 }, strokeWidth: 2 },
          encoding: {
            y: { field: 'mean', type: 'quantitative', title: 'best-so-far normalized', scale: { domainMin: 0 } },
            tooltip: [
              { field: 'agent', type: 'nominal' },
              { field: 'step', type: 'quantitative' },
              { field: 'mean', type: 'quantitative', format: '.3f', title: 'best-so-far' },
              { field: 'lo', type: 'quantitative', format: '.3f', title: '95% low' },
              { field: 'hi', type: 'quantitative', format: '.3f', title: '95% high' },
            ],
          },
        },
      ],
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
  });
}
