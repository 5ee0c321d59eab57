import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../harness/arena/runner.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { scratchDirs } from '../agents/scratch-dirs.js';
import { baselinePolicy } from '../fake-provider/policies.js';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server.js';
import { preparedSuite } from '../helpers/prepared-task.js';

/**
 * `arena view` (the compiled CLI) over a real run: an LLM agent through the OpenAI SDK against the
 * fake provider and a baseline, in local sandboxes. Debian's Chromium opens the printed URL, lists
 * and filters the episodes, opens the LLM episode and reads its conversation; nothing logs an
 * error and no request leaves 127.0.0.1.
 */

const CHROMIUM = process.env.ARENA_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, '.arena', 'test-artifacts');
/** What the fake model writes: a real model fitted in the sandbox. */
const CODE = `import pandas as pd
from sklearn.linear_model import LogisticRegression
train = pd.read_csv('/data/train.csv'); test = pd.read_csv('/data/test.csv')
X = train.drop(columns=['id', 'species']); m = LogisticRegression(max_iter=1000).fit(X, train['species'])
sub = pd.DataFrame(m.predict_proba(test[X.columns]), columns=m.classes_); sub.insert(0, 'id', test['id'])
sub.to_csv('submission.csv', index=False)
print('quokka fitted on', len(train), 'rows')`;

const scratch = scratchDirs();
const saved = { ...process.env };
let fake: FakeProvider;
let browser: Browser;
let cli: ChildProcess;
let url = '';

beforeAll(async () => {
  const suite = await preparedSuite(['iris-species'], 'view-suite');
  scratch.keep(path.dirname(suite.dir));
  fake = await startFakeProvider({ policy: baselinePolicy(CODE) });
  Object.assign(process.env, { OPENAI_API_KEY: 'sk-fake-openai-viewer', OPENAI_BASE_URL: `${fake.url}/v1` });
  const out = path.join(scratch.make('viewer-run-'), 'run');
  const run = await runEval({ suites: [suite.dir], agents: ['openai:gpt-4o', 'baseline:trivial'], seeds: 1, concurrency: 1, runtime: 'local', outDir: out });
  expect(run.episodes.map((e) => e.status)).toEqual(['completed', 'completed']);
  cli = spawn('node', [path.join(REPO_ROOT, 'bin', 'arena.js'), 'view', out, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let text = '';
    cli.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.trim().endsWith('}')) resolve((JSON.parse(text) as { url: string }).url);
    });
    cli.once('exit', (code) => reject(new Error(`arena view exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  cli?.kill('SIGTERM');
  await fake?.close();
  process.env = saved;
  scratch.removeAll();
});

describe('arena view in Chromium', () => {
  it('lists the run, filters it, and shows the LLM episode with every model message', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('http://127.0.0.1:')) problems.push(`request: ${req.url()}`);
    });

    await page.goto(url);
    expect(await page.locator('#agents tbody tr').count()).toBe(2);
    await page.click('nav a[href="/episodes"]');
    expect(await page.locator('#episodes tbody tr').count()).toBe(2);

    await page.fill('input[name="agent"]', 'openai:*');
    await page.click('form.filters button[type="submit"]');
    await expect.poll(() => page.locator('#count').innerText()).toContain('1 episode match');
    await page.fill('input[name="agent"]', '');
    await page.fill('input[name="q"]', 'quokka');
    await page.click('form.filters button[type="submit"]');
    await expect.poll(() => page.locator('#episodes tbody td:nth-child(2)').allInnerTexts()).toEqual(['openai:gpt-4o']);

    await page.click('#episodes tbody a');
    await expect.poll(() => page.locator('h1').innerText()).toContain('openai:gpt-4o');
    const calls = page.locator('.item.call');
    expect(await calls.count()).toBe(3);
    const timeline = await page.locator('main').innerText();
    // The model's own words, its tool calls, and the results as it was sent them, in order.
    const order = ['First, the layout of the data.', 'tool call: request_info', 'A first model, written to submission.csv.', 'tool call: execute_code', 'Submitting.', 'tool call: submit'].map((t) => timeline.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await page.locator('.item.call .hl-k', { hasText: 'import' }).count()).toBeGreaterThan(0);
    expect(timeline).toContain('quokka fitted on');
    await calls.nth(2).locator('details summary').click();
    expect(await calls.nth(2).innerText()).toContain('tool result: execute_code');

    await calls.nth(2).locator('a', { hasText: 'the request as sent' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toContain('Model call 3');
    expect(await page.locator('.msg .role').allInnerTexts()).toEqual(expect.arrayContaining(['user', 'assistant', 'tool result: request_info', 'tool result: execute_code']));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.goBack();
    await page.screenshot({ path: path.join(ARTIFACTS, 'viewer-episode.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
