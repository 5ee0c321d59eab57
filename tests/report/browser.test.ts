import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { writeReport } from '../../harness/report/write.js';
import { fixtureModel, HOSTILE } from './fixture.js';

/**
 * Opens the written report in headless Chromium from a file:// URL, as a reader would, and checks
 * that every chart drew, nothing logged an error, hostile text stayed text, and the drill-down
 * opens. Keeps a full-page screenshot as a test artifact.
 */

const CHROMIUM = process.env.ARENA_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, '.arena', 'test-artifacts');

let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'arena-report-browser-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('report in Chromium', () => {
  it('renders every chart without errors, keeps hostile text inert and opens the drill-down', async () => {
    const out = path.join(tmp, 'report');
    await writeReport(fixtureModel({ hostile: HOSTILE }), out);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) problems.push(`request: ${req.url()}`);
    });

    await page.goto(pathToFileURL(path.join(out, 'report.html')).href, { waitUntil: 'load' });
    const charts = page.locator('div.chart');
    const count = await charts.count();
    expect(count).toBeGreaterThanOrEqual(14);
    await page.waitForFunction((n) => document.querySelectorAll('div.chart[data-rendered]').length === n, count, { timeout: 60_000 });
    expect(await page.locator('div.chart[data-rendered="error"]').count()).toBe(0);

    const charted = await page.$$eval('div.chart', (els) =>
      els.map((el) => ({
        id: el.id,
        svg: el.querySelector('svg') !== null,
        marks: el.querySelectorAll('svg g.mark-rect path, svg g.mark-symbol path, svg g.mark-line path, svg g.mark-rule line, svg g.mark-text text').length,
        width: el.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })),
    );
    for (const c of charted) {
      expect(c.svg, `${c.id} has an svg`).toBe(true);
      expect(c.marks, `${c.id} has marks`).toBeGreaterThan(0);
      expect(c.width, `${c.id} has a width`).toBeGreaterThan(100);
    }

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#tasks').innerText()).toContain(HOSTILE.slice(0, 20));

    const first = page.locator('details.episode').first();
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await first.locator('summary').click();
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await expect.poll(() => first.locator('table.steps').isVisible()).toBe(true);

    const header = page.locator('#task-table thead th', { hasText: 'baseline:gbm' });
    await header.click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');

    await page.fill('#episode-filter', 'baseline:ladder');
    const visible = await page.$$eval('details.episode', (ds) => ds.filter((d) => !(d as HTMLElement).hidden).map((d) => d.getAttribute('data-key')));
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((k) => k!.includes('baseline:ladder'))).toBe(true);
    await page.fill('#episode-filter', '');

    // An episode's code and output are on its own page beside the report, opened offline from the link.
    const link = first.locator('a', { hasText: 'Code, output and errors' });
    const [sidecar] = await Promise.all([page.context().waitForEvent('page'), link.click({ modifiers: ['Shift'] })]);
    await sidecar.waitForLoadState('load');
    expect(sidecar.url()).toMatch(/^file:.*\/episodes\/[^/]+\.html$/);
    await expect.poll(() => sidecar.locator('pre').first().isVisible()).toBe(true);
    expect(await sidecar.locator('.step').count()).toBeGreaterThan(1);
    await sidecar.close();

    // From the top, so the sticky navigation bar sits where a reader first sees it.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelectorAll('.table-wrap').forEach((w) => (w.scrollLeft = 0));
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report screenshot: ${shot}`);
    expect(problems).toEqual([]);
    await page.close();
  });
});
