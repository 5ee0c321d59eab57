import type { Config, TopLevelSpec } from 'vega-lite';

/**
 * Look shared by every figure. Sizes are fixed (no `container` width) so the SVG and PNG files
 * match what the HTML page shows; the font is one that exists on Debian (fonts-dejavu), so the
 * PNG rasterizer and the browser draw the same glyphs the layout was measured for.
 */

export type { TopLevelSpec };

export const FONT = 'DejaVu Sans';
export const FONT_STACK = `${FONT}, Verdana, Arial, sans-serif`;

export const CHART_WIDTH = 420;
/** Height of one agent's band in charts with an agent per row. */
export const ROW_HEIGHT = 26;

export const CONFIG: Config = {
  font: FONT_STACK,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
};

/** Tableau 10, then its lighter partners: each agent keeps one colour across all figures. */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
];

/** Colours by position in the full agent order; `shown` limits the domain (and legend) to some agents. */
export function agentColorScale(agents: string[], shown: string[] = agents): { domain: string[]; range: string[] } {
  const colour = (agent: string) => PALETTE[Math.max(0, agents.indexOf(agent)) % PALETTE.length]!;
  return { domain: shown, range: shown.map(colour) };
}

/** Wraps a spec body with the schema and shared config. */
export function topLevel(body: Record<string, unknown>): TopLevelSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...body } as TopLevelSpec;
}
