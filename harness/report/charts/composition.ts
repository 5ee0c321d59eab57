import type { CompositionRow } from '../model.js';
import { topLevel, type TopLevelSpec } from './theme.js';

/**
 * Suite composition along one dimension (the paper's Figure 2): task counts per value, one bar per
 * suite side by side, values ordered by total count so the common ones lead.
 */

/** Suites get their own colours, distinct from the agent palette. */
const SUITE_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

export function compositionChart(dimension: string, rows: CompositionRow[]): TopLevelSpec {
  const values = rows.filter((r) => r.dimension === dimension);
  const suites = [...new Set(values.map((r) => r.suite))];
  const totals = new Map<string, number>();
  for (const r of values) totals.set(r.value, (totals.get(r.value) ?? 0) + r.count);
  const order = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
  const band = suites.length * 11 + 8;
  const encoding = {
    y: { field: 'value', type: 'nominal', sort: order, title: null },
    yOffset: { field: 'suite', type: 'nominal', sort: suites },
    x: { field: 'count', type: 'quantitative', title: 'tasks', axis: { tickMinStep: 1, format: 'd' } },
  };
  return topLevel({
    title: { text: `Tasks by ${dimension}`, subtitle: `${order.length} distinct value${order.length === 1 ? '' : 's'} across ${suites.length} suite${suites.length === 1 ? '' : 's'}` },
    width: 380,
    height: Math.max(60, band * order.length),
    data: { values },
    encoding,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: { field: 'suite', type: 'nominal', title: 'suite', sort: suites, scale: { domain: suites, range: suites.map((_, i) => SUITE_COLOURS[i % SUITE_COLOURS.length]!) }, legend: { orient: 'bottom' } },
          tooltip: [
            { field: 'suite', type: 'nominal' },
            { field: 'value', type: 'nominal', title: dimension },
            { field: 'count', type: 'quantitative', title: 'tasks' },
          ],
        },
      },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#333' }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  });
}
