import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { FONT, type TopLevelSpec } from './charts/theme.js';

/**
 * Figures as files: Vega-Lite → Vega → SVG in Node (renderer `none`: no canvas needed), then SVG →
 * PNG with resvg. Warnings from both compilers are collected rather than printed, so a spec that
 * silently drops an encoding shows up in tests instead of as a half-empty chart.
 */

export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

/** A PNG that came out as one flat colour: fonts or marks failed to draw. */
export class BlankFigureError extends Error {
  constructor(readonly figure: string) {
    super(`figure ${figure} rendered to a blank PNG`);
    this.name = 'BlankFigureError';
  }
}

function collectingLogger(sink: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, undefined, (method, _level, args) => {
    sink.push(`${method}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  });
}

export function compileSpec(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const compiled = compile(spec, { logger: collectingLogger(warnings) });
  return { vega: compiled.spec, warnings };
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const { vega: vgSpec, warnings } = compileSpec(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger: collectingLogger(warnings) });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

/** Pixels that differ from the top-left (background) pixel, in RGBA data. */
export function inkPixels(rgba: Uint8Array): number {
  let ink = 0;
  for (let i = 4; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[0] || rgba[i + 1] !== rgba[1] || rgba[i + 2] !== rgba[2] || rgba[i + 3] !== rgba[3]) ink++;
  }
  return ink;
}

/** A chart always has axes, marks and text: far more than this many non-background pixels. */
const MIN_INK_PIXELS = 200;

/** Rasterizes at `scale`× (2 = crisp on high-density screens and in papers); throws on a blank result. */
export function svgToPng(svg: string, name: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  const image = resvg.render();
  if (inkPixels(image.pixels) < MIN_INK_PIXELS) throw new BlankFigureError(name);
  return image.asPng();
}
