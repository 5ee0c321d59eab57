import { describe, expect, it } from 'vitest';
import { buildFigures } from '../../harness/report/figures.js';
import { ReportModel } from '../../harness/report/model.js';
import { BlankFigureError, inkPixels, renderSvg, svgToPng } from '../../harness/report/render.js';
import { fixtureModel } from './fixture.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('figure rendering', () => {
  it('rasterizes a chart to a PNG with ink, at twice the SVG size', async () => {
    const figure = buildFigures(ReportModel.parse(fixtureModel()))[0]!;
    const { svg } = await renderSvg(figure.spec);
    const png = svgToPng(svg, figure.name);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(svgWidth * 2);
  });

  it('refuses a blank image', () => {
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="white"/></svg>';
    expect(() => svgToPng(blank, 'empty')).toThrow(BlankFigureError);
  });

  it('counts non-background pixels', () => {
    const rgba = new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255]);
    expect(inkPixels(rgba)).toBe(1);
  });

  it('draws text with an installed font (glyphs add ink beyond the marks)', async () => {
    const withText = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="10" y="40" font-family="DejaVu Sans, sans-serif" font-size="28">Elo rating</text></svg>';
    expect(() => svgToPng(withText, 'text')).not.toThrow();
  });
});
