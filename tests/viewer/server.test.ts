import { request } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../harness/arena/run-store.js';
import { parseQuery } from '../../harness/viewer/episode-query.js';
import { RunReader } from '../../harness/viewer/run-reader.js';
import { startViewer, type Viewer } from '../../harness/viewer/server.js';
import { scratchDirs } from '../agents/scratch-dirs.js';
import { MARK, syntheticRun, type SyntheticRun } from './synthetic-run.js';

/**
 * arena view over a synthetic run store of 20,000 episodes: pages of a fixed size whatever the
 * run's size, each read off an index of the run store, filters and search that agree with SQL on
 * the same file, and access only with the token, from this machine.
 */

const scratch = scratchDirs();
let big: SyntheticRun;
let small: SyntheticRun;
let viewer: Viewer;
let cookie = '';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { cookie, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

const base = () => `http://127.0.0.1:${viewer.port}`;
const api = async (query: string) => JSON.parse((await get(`${base()}/api/episodes?${query}`)).body) as { total: number; rows: Record<string, unknown>[] };

function sql(dir: string, text: string, ...params: unknown[]): unknown {
  const db = new Database(path.join(dir, 'run.sqlite'), { readonly: true });
  try {
    return db.prepare(text).pluck().get(...params);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  big = syntheticRun(path.join(scratch.make('viewer-big-'), 'run'), 20_000);
  small = syntheticRun(path.join(scratch.make('viewer-small-'), 'run'), 2_000);
  viewer = await startViewer({ runDirs: [big.dir] });
  const first = await get(viewer.url);
  expect(first.status).toBe(302);
  cookie = String(first.headers['set-cookie']).split(';')[0]!;
}, 300_000);

afterAll(async () => {
  await viewer?.close();
  scratch.removeAll();
});

describe('arena view over 20,000 episodes', () => {
  it('serves pages of one size whatever the page and the run size', async () => {
    const first = await get(`${base()}/episodes`);
    const deep = await get(`${base()}/episodes?page=350`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('20,000 episodes match');
    expect((first.body.match(/<tr>/g) ?? []).length).toBe(51);
    expect((deep.body.match(/<tr>/g) ?? []).length).toBe(51);
    expect(first.body.length).toBeLessThan(40_000);
    expect(Math.abs(deep.body.length - first.body.length)).toBeLessThan(first.body.length * 0.1);
    const other = await startViewer({ runDirs: [small.dir] });
    try {
      const cookieSmall = String((await get(other.url)).headers['set-cookie']).split(';')[0]!;
      const smallPage = await get(`http://127.0.0.1:${other.port}/episodes`, { cookie: cookieSmall });
      expect(smallPage.body).toContain('2,000 episodes match');
      // Ten times the episodes, the same page.
      expect(Math.abs(first.body.length - smallPage.body.length)).toBeLessThan(first.body.length * 0.1);
    } finally {
      await other.close();
    }
  });

  it('reads each sorted page off an index of the run store, never sorting the whole run', () => {
    const reader = new RunReader([big.dir]);
    try {
      for (const sort of ['task', 'agent', 'score', 'status', 'finished']) {
        for (const dir of ['asc', 'desc']) {
          const plan = reader.plan(parseQuery(new URLSearchParams({ sort, dir }))).join(' | ');
          expect(plan, `${sort} ${dir}`).toMatch(/USING (COVERING )?INDEX episodes_/);
          expect(plan, `${sort} ${dir}`).not.toMatch(/TEMP B-TREE/);
        }
      }
      // A filtered list is read through an index too.
      expect(reader.plan(parseQuery(new URLSearchParams({ status: 'agent_failed', sort: 'status' }))).join(' ')).toMatch(/SEARCH episodes USING INDEX episodes_status/);
      expect(reader.plan(parseQuery(new URLSearchParams({ agent: 'baseline:synthetic-3', sort: 'agent' }))).join(' ')).toMatch(/SEARCH episodes USING (COVERING )?INDEX episodes_agent/);
    } finally {
      reader.close();
    }
  });

  it('pages through the run in order without overlaps and sorts by score with the best first', async () => {
    const [p1, p2] = [await api('sort=score&dir=desc&size=100&page=1'), await api('sort=score&dir=desc&size=100&page=2')];
    const scores = [...p1.rows, ...p2.rows].map((r) => r.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBe(sql(big.dir, 'SELECT max(score) FROM episodes'));
    expect(new Set([...p1.rows, ...p2.rows].map((r) => r.id)).size).toBe(200);
    // A list row carries the episode's columns, none of its texts.
    expect(Object.keys(p1.rows[0]!)).not.toContain('code');
  });

  it('filters by status, agent glob, seed, score range, error kind and text, agreeing with SQL', async () => {
    expect((await api('status=agent_failed')).total).toBe(sql(big.dir, "SELECT count(*) FROM episodes WHERE status = 'agent_failed'"));
    expect((await api('agent=baseline:synthetic-3&seed=1')).total).toBe(sql(big.dir, "SELECT count(*) FROM episodes WHERE agent_id = 'baseline:synthetic-3' AND seed = 1"));
    expect((await api('agent=baseline:synthetic-[12]')).total).toBe(sql(big.dir, "SELECT count(*) FROM episodes WHERE agent_id IN ('baseline:synthetic-1', 'baseline:synthetic-2')"));
    expect((await api('minScore=0.5&maxScore=0.6')).total).toBe(sql(big.dir, 'SELECT count(*) FROM episodes WHERE score BETWEEN 0.5 AND 0.6'));
    expect((await api('error=runtime_error')).total).toBe(sql(big.dir, "SELECT count(DISTINCT episode_id) FROM steps WHERE error_kind = 'runtime_error'"));
    const found = await api(`q=${MARK}`);
    expect(found.rows.map((r) => r.id).sort()).toEqual([...big.marked].sort());
    expect((await api('q=ValueError%3A%20bad')).total).toBe(sql(big.dir, "SELECT count(DISTINCT episode_id) FROM steps WHERE error_kind = 'runtime_error'"));
    const html = await get(`${base()}/episodes?q=${MARK}`);
    expect(html.body).toContain(`${big.marked.length} episodes match`);
  });

  it('shows one episode whole at its shareable link', async () => {
    const id = big.marked[0]!;
    const page = await get(`${base()}/episode/${encodeURIComponent(id)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(MARK);
    expect(page.body).toContain('<span class="hl-k">import</span>');
    expect(page.body).toContain('Scores over steps');
    expect((await get(`${base()}/episode/${encodeURIComponent('no/such/episode')}`)).status).toBe(404);
  });

  it('answers only this machine, with the token, and only reads', async () => {
    expect((await get(`${base()}/episodes`, { cookie: '' })).status).toBe(403);
    expect((await get(`${base()}/episodes`, { cookie: `arena_view_${viewer.port}=wrong-token-of-the-same-length!!` })).status).toBe(403);
    expect((await get(`${base()}/episodes`, { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(`${base()}/episodes`, {}, 'POST')).status).toBe(405);
    expect((await get(`${base()}/episodes?page=0`)).status).toBe(400);
    const page = await get(`${base()}/`);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/(src|href)="https?:/);
  });

  it('follows a run still being written: new episodes are listed and the status the pages poll changes', async () => {
    const dir = path.join(scratch.make('viewer-live-'), 'run');
    syntheticRun(dir, 30, { agents: 2, seeds: 1, marked: 1 });
    const live = await startViewer({ runDirs: [dir] });
    try {
      const c = String((await get(live.url)).headers['set-cookie']).split(';')[0]!;
      const at = (p: string) => get(`http://127.0.0.1:${live.port}${p}`, { cookie: c });
      const before = (await at('/api/status')).body;
      expect(JSON.parse(before)).toEqual({ completed: 28, agent_failed: 2 });
      expect((await at('/episodes')).body).toContain(`data-status="${before.replaceAll('"', '&quot;')}"`);
      // The eval goes on: one more episode finishes while the viewer is open.
      const writer = new RunStore(path.join(dir, 'run.sqlite'), 'run');
      writer.planEpisodes([{ suite: 'synthetic', taskId: 'task-late', taskDir: '/t', agentId: 'baseline:late', seed: 0 }]);
      writer.startEpisode('synthetic/task-late/baseline:late/seed-0', 'baseline');
      writer.finishEpisode('synthetic/task-late/baseline:late/seed-0', { status: 'completed', finalStep: null, score: 0.5, publicScore: 0.5, valid: true, steps: 0, error: null, stopReason: 'submitted', wallMs: 1 });
      writer.close();
      expect(JSON.parse((await at('/api/status')).body)).toEqual({ completed: 29, agent_failed: 2 });
      expect((await at('/episodes?agent=baseline:late')).body).toContain('task-late');
    } finally {
      await live.close();
    }
  });

  it('merges several runs into one list', async () => {
    const both = await startViewer({ runDirs: [small.dir, big.dir], selection: { agents: ['baseline:synthetic-0'] } });
    try {
      const c = String((await get(both.url)).headers['set-cookie']).split(';')[0]!;
      const res = JSON.parse((await get(`http://127.0.0.1:${both.port}/api/episodes?sort=score&dir=desc&size=30&page=3`, { cookie: c })).body) as { total: number; rows: { score: number; agent_id: string; run: number }[] };
      expect(res.total).toBe((sql(small.dir, "SELECT count(*) FROM episodes WHERE agent_id = 'baseline:synthetic-0'") as number) + (sql(big.dir, "SELECT count(*) FROM episodes WHERE agent_id = 'baseline:synthetic-0'") as number));
      expect(res.rows).toHaveLength(30);
      expect(res.rows.every((r) => r.agent_id === 'baseline:synthetic-0')).toBe(true);
      expect(res.rows.map((r) => r.score)).toEqual(res.rows.map((r) => r.score).sort((a, b) => b - a));
      expect(new Set(res.rows.map((r) => r.run))).toEqual(new Set([0, 1]));
    } finally {
      await both.close();
    }
  });
});
