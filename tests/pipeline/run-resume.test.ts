import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGING_PREFIX } from '../../harness/report/write.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

const BIN = path.resolve('bin/arena.js');
const GENERATED = ['cars-origin-multiclass', 'glass-type-multiclass', 'penguins-sex-binary', 'sonar-class-binary'];
const AGENTS = 'baseline:trivial,baseline:linear,baseline:tree';
let humanDir = '';
let generatedDir = '';

beforeAll(async () => {
  humanDir = (await preparedSuite(['iris-species', 'wine-cultivar'], 'resume-human')).dir;
  // A copy of some tasks of the committed generated suite, so the test never races on its data/.
  generatedDir = path.join(tempDir('arena-run-gen-'), 'resume-generated');
  for (const id of GENERATED) cpSync(path.resolve('tasks/smith-v1', id), path.join(generatedDir, id), { recursive: true, filter: (src) => !src.includes(`${path.sep}data`) });
  writeFileSync(path.join(generatedDir, 'suite.json'), JSON.stringify({ name: 'resume-generated', version: '1.0.0', origin: 'smith', tasks: GENERATED }));
});

interface EpisodeState {
  id: string;
  status: string;
  attempts: number;
  score: number | null;
  finished_at: string | null;
}

function episodeStates(db: string): EpisodeState[] {
  if (!existsSync(db)) return [];
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return conn.prepare('SELECT id, status, attempts, score, finished_at FROM episodes ORDER BY id').all() as EpisodeState[];
    } finally {
      conn.close();
    }
  } catch {
    return []; // the file exists before its tables do
  }
}

function args(out: string): string[] {
  return [BIN, 'run', '--suite', generatedDir, '--sample', '3', '--human', humanDir, '--models', AGENTS, '--concurrency', '2', '--resamples', '200', '--out', out, '--json'];
}

/** `arena run` started in the background in a fresh folder, its stderr in a log, to be killed. */
function startRun(prefix: string) {
  const root = tempDir(prefix);
  // prepare.py runs in the sandbox under an unprivileged uid, which must reach the sandbox directory.
  chmodSync(root, 0o755);
  const env = { ...process.env, ARENA_SANDBOX_DIR: path.join(root, 'sandboxes') };
  const out = path.join(root, 'killed');
  const log = path.join(root, 'killed.log');
  const child = spawn('node', args(out), { env, stdio: ['ignore', 'ignore', openSync(log, 'w')], detached: true });
  return { root, env, out, log, child };
}

describe('arena run after kill -9', () => {
  it('finishes with the result of an uninterrupted run, redoing only the episode in flight', async () => {
    const { root, env, out, log, child } = startRun('arena-run-resume-');
    const db = path.join(out, 'run.sqlite');
    const deadline = Date.now() + 240_000;
    for (;;) {
      const states = episodeStates(db);
      if (states.filter((s) => s.status === 'completed').length >= 3 && states.some((s) => s.status === 'running')) break;
      if (Date.now() > deadline) throw new Error(`never reached the kill point: ${JSON.stringify(states)}\n${readFileSync(log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killed = episodeStates(db);
    expect(existsSync(path.join(out, 'report', 'report.html'))).toBe(false);

    const rerun = spawnSync('node', args(out), { env, encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    // 2 human tasks and 3 of the 4 generated ones (stratified), 3 agents, 1 seed.
    expect(summary.tasks).toEqual({ served: 5, human: 2 });
    expect(summary.episodes.total).toBe(15);
    expect(summary.episodes.completed).toBe(15);
    expect(summary.episodes.doneBefore).toBe(killed.filter((s) => s.status === 'completed').length);
    expect(existsSync(summary.report)).toBe(true);
    const final = episodeStates(db);
    for (const s of final) {
      const before = killed.find((k) => k.id === s.id);
      // Finished work is kept as it was; what was in flight ran once more, from scratch.
      if (before?.status === 'completed') expect({ attempts: s.attempts, finished: s.finished_at }).toEqual({ attempts: 1, finished: before.finished_at });
      else expect(s.attempts).toBe(before?.status === 'running' ? 2 : 1);
    }

    const fresh = spawnSync('node', args(path.join(root, 'fresh')), { env, encoding: 'utf8' });
    expect(fresh.status, fresh.stderr).toBe(0);
    const scores = (states: EpisodeState[]) => states.map((s) => [s.id, s.status, s.score]);
    expect(scores(final)).toEqual(scores(episodeStates(path.join(root, 'fresh', 'run.sqlite'))));
    const board = (s: { leaderboard: { agent: string; normalized: unknown; elo: unknown }[] }) => s.leaderboard.map((r) => [r.agent, r.normalized, r.elo]);
    expect(board(summary)).toEqual(board(JSON.parse(fresh.stdout)));
  }, 600_000);

  it('killed while writing the report, leaves no page over partial figures, and the rerun only writes the report', async () => {
    const { env, out, log, child } = startRun('arena-run-report-kill-');
    const reportDir = path.join(out, 'report');
    const exited = new Promise((r) => child.once('exit', r));
    let ended = false;
    void exited.then(() => (ended = true));
    const deadline = Date.now() + 400_000;
    for (;;) {
      const staging = existsSync(reportDir) && readdirSync(reportDir).some((e) => e.startsWith(STAGING_PREFIX));
      if (staging) break;
      if (ended || Date.now() > deadline) throw new Error(`never saw the report being written: ${readFileSync(log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    expect(existsSync(path.join(reportDir, 'report.html'))).toBe(false);

    const rerun = spawnSync('node', args(out), { env, encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    // Every episode was done before the kill: the rerun plays none of them again.
    expect(summary.episodes).toMatchObject({ total: 15, completed: 15, doneBefore: 15 });
    expect(existsSync(summary.report)).toBe(true);
    expect(readdirSync(reportDir).filter((e) => e.startsWith(STAGING_PREFIX))).toEqual([]);
    expect(readdirSync(path.join(reportDir, 'figures')).length).toBeGreaterThan(0);
  }, 900_000);
});
