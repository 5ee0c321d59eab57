import { describe, expect, it } from 'vitest';
import { clipMiddle, escapeHtml, scriptJson } from '../../harness/report/escape.js';
import { buildFigures } from '../../harness/report/figures.js';
import { DEFAULT_DRILLDOWN_LIMITS, episodePages } from '../../harness/report/html-episodes.js';
import { renderHtml } from '../../harness/report/html.js';
import { ReportModel } from '../../harness/report/model.js';
import { fixtureModel, HOSTILE } from './fixture.js';

async function page(options: Parameters<typeof fixtureModel>[0] = {}, htmlOptions: Parameters<typeof renderHtml>[2] = {}) {
  const model = ReportModel.parse(fixtureModel(options));
  const html = await renderHtml(model, buildFigures(model), htmlOptions);
  return { model, html, own: ownMarkup(html) };
}

/** The page minus the three inlined libraries, whose code is not ours to inspect. */
function ownMarkup(html: string): string {
  return html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/g, '<script></script>');
}

describe('escaping', () => {
  it('escapes text and attribute values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('writes JSON that cannot end a script element and parses back unchanged', () => {
    const value = { s: '</script><!-- \u2028 & >' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('clips the middle of long text and says how much', () => {
    const clipped = clipMiddle('a'.repeat(50) + 'b'.repeat(50), 20);
    expect(clipped.omitted).toBe(80);
    expect(clipped.text.startsWith('a'.repeat(10))).toBe(true);
    expect(clipped.text.endsWith('b'.repeat(10))).toBe(true);
    expect(clipped.text).toContain('[80 characters omitted]');
  });
});

describe('report.html', () => {
  it('has every section, the offline label and the inlined libraries', async () => {
    const { html, own } = await page();
    for (const id of ['summary', 'leaderboard', 'winloss', 'correlation', 'curves', 'composition', 'paired', 'tasks', 'episodes']) {
      expect(own).toContain(`<section id="${id}">`);
    }
    expect(own).toContain('<span class="badge offline">offline</span>');
    expect(own).toContain('heuristic roles — offline default');
    expect(own).toMatch(/vega 6\.\d+\.\d+, vega-lite 6\.\d+\.\d+, vega-embed 7\.\d+\.\d+/);
    expect(html.includes('vegaEmbed(el, specs[name]')).toBe(true);
    expect(own).toContain('<details class="episode"');
  });

  it('loads nothing from the network', async () => {
    const { own } = await page();
    expect(own).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)="(https?:)?\/\//i);
    expect(own).not.toContain('<link');
    expect(own).toContain(`Content-Security-Policy`);
  });

  it('escapes hostile task names, titles, labels, code, output and errors', async () => {
    const { html, own, model } = await page({ hostile: HOSTILE });
    expect(model.episodes.some((e) => e.steps.some((s) => s.code?.includes(HOSTILE)))).toBe(true);
    // includes() rather than toContain: a failure should not print a megabyte of inlined code.
    expect(html.includes(HOSTILE)).toBe(false);
    const pages = episodePages(model, DEFAULT_DRILLDOWN_LIMITS).map((p) => p.html).join('');
    expect(pages.includes(HOSTILE)).toBe(false);
    expect(pages.includes('&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;')).toBe(true);
    expect(own.includes('<img')).toBe(false);
    expect(own.includes('onerror="')).toBe(false);
    expect(own.includes('&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;')).toBe(true);
    // Only the page's own script elements: the spec data, three libraries and the page script.
    expect(html.match(/<script/g)).toHaveLength(5);
    expect(html.match(/<\/script>/g)).toHaveLength(5);
    const specs = /<script type="application\/json" id="figure-specs">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(specs)).toHaveProperty('leaderboard-elo');
  });

  it('shortens long code and output on the episode pages and says so; report.html holds no code', async () => {
    const { own, model } = await page();
    const pages = episodePages(model, { ...DEFAULT_DRILLDOWN_LIMITS, maxCodeChars: 300, maxOutputChars: 200 });
    expect(pages).toHaveLength(model.episodes.length);
    const text = pages.map((p) => p.html).join('');
    expect(text).toMatch(/code truncated: [\d,]+ of [\d,]+ characters omitted/);
    expect(text).toMatch(/output truncated: [\d,]+ of [\d,]+ characters omitted/);
    expect(own.includes('GradientBoostingClassifier')).toBe(false);
    for (const p of pages) expect(own).toContain(`<a href="${p.file}">`);
  });

  it('caps the episode list and points to the viewer and the full list', async () => {
    const { own, model } = await page({}, { drilldown: { maxEpisodes: 2 } });
    expect(own.match(/<details class="episode"/g)).toHaveLength(2);
    expect(own).toContain(`All ${model.episodes.length} episodes`);
    expect(own).toContain('the first 2 by task, agent and seed');
    expect(own).toContain('<code>arena view .arena/runs/run-1</code>');
  });

  it('explains a missing correlation instead of leaving a hole', async () => {
    const { own } = await page({ generatedOnly: true });
    expect(own).toContain('Not available: these runs have no human-designed set');
  });
});
