import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';

const BIN = path.resolve('bin/arena.js');
let suiteDir = '';

beforeAll(async () => {
  suiteDir = (await preparedSuite(['iris-species', 'wine-cultivar', 'breast-cancer-diagnosis'], 'resume-suite')).dir;
});

function episodeStates(db: string): { id: string; status: string; attempts: number }[] {
  if (!existsSync(db)) return [];
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return conn.prepare('SELECT id, status, attempts FROM episodes ORDER BY id').all() as never;
    } finally {
      conn.close();
    }
  } catch {
    return [];
  }
}

describe('arena eval after kill -9', () => {
  it('completes every episode exactly once when the same command runs again', async () => {
    const root = tempDir('arena-resume-');
    const replay = path.join(root, 'slow.jsonl');
    const code = "import shutil, time\ntime.sleep(1.5)\nshutil.copy('/data/sample_submission.csv', 'submission.csv')";
    writeFileSync(replay, [{ type: 'execute_code', code }, { type: 'submit' }].map((a) => JSON.stringify(a)).join('\n'));
    const out = path.join(root, 'run');
    const args = [BIN, 'eval', '--suite', suiteDir, '--models', `replay:${replay}`, '--seeds', '2', '--concurrency', '1', '--out', out, '--json'];
    const env = { ...process.env, ARENA_SANDBOX_DIR: path.join(root, 'sandboxes') };
    const db = path.join(out, 'run.sqlite');

    const child = spawn('node', args, { env, stdio: 'ignore', detached: true });
    // Kill it hard once some episodes are done and one is in flight.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const states = episodeStates(db);
      if (states.filter((s) => s.status === 'completed').length >= 2 && states.some((s) => s.status === 'running')) break;
      if (Date.now() > deadline) throw new Error(`never reached the kill point: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killed = episodeStates(db);
    expect(killed.some((s) => s.status === 'running')).toBe(true);
    expect(killed.filter((s) => s.status === 'completed').length).toBeLessThan(6);

    const rerun = spawnSync('node', args, { env, encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.episodes).toHaveLength(6);
    const final = episodeStates(db);
    expect(final).toHaveLength(6);
    expect(final.every((s) => s.status === 'completed')).toBe(true);
    // Finished episodes were kept; only the interrupted and the never-started ones ran again.
    for (const s of final) {
      const before = killed.find((k) => k.id === s.id);
      if (before?.status === 'completed') expect(s.attempts).toBe(1);
    }
    const conn = new Database(db, { readonly: true });
    const steps = conn.prepare('SELECT episode_id, COUNT(*) AS n FROM steps GROUP BY episode_id').all() as { n: number }[];
    conn.close();
    expect(steps).toHaveLength(6);
    expect(steps.every((s) => s.n === 2)).toBe(true);
    // The killed run's sandbox, uid lease and data view were cleaned up by the second run, which left none of its own.
    const left = (sub: string) => (existsSync(path.join(root, 'sandboxes', sub)) ? readdirSync(path.join(root, 'sandboxes', sub)) : []);
    expect({ boxes: left('boxes'), uids: left('uids'), views: left('views') }).toEqual({ boxes: [], uids: [], views: [] });
  });
});
