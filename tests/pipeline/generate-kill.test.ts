import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixture-task.js';

const BIN = path.resolve('bin/arena.js');

interface Outcome {
  id: string;
  verdict: string;
}

function candidates(suite: string): Record<string, Outcome> {
  const file = path.join(suite, '.smith', 'state.json');
  if (!existsSync(file)) return {};
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { candidates: Record<string, Outcome> }).candidates;
  } catch {
    return {}; // written by rename, but read it defensively
  }
}

describe('arena generate after kill -9', () => {
  it('resumes with every candidate finished before the kill kept as it was, the one in flight redone, and the suite complete', { timeout: 900_000 }, async () => {
    const root = tempDir('arena-generate-kill-');
    chmodSync(root, 0o755); // prepare and the baselines run under an unprivileged uid
    const env = { ...process.env, ARENA_SANDBOX_DIR: path.join(root, 'sandboxes') };
    const suite = path.join(root, 'made');
    const args = [BIN, 'generate', '--datasets', 'aer-swisslabor', 'anes96', '--per-dataset', '2', '--out', suite, '--concurrency', '1', '--json'];
    const log = path.join(root, 'killed.log');
    const child = spawn('node', args, { env, stdio: ['ignore', 'ignore', openSync(log, 'w')], detached: true });
    const deadline = Date.now() + 480_000;
    while (Object.keys(candidates(suite)).length < 2) {
      if (Date.now() > deadline) throw new Error(`no candidate finished in time:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = candidates(suite);
    // The suite the killed run leaves lists what it had verified (the kill may fall between the state
    // and suite.json being written: at most the last verified task is missing, none is extra).
    const verifiedBefore = Object.values(before).filter((c) => c.verdict === 'verified').map((c) => c.id).sort();
    const leftBehind = existsSync(path.join(suite, 'suite.json')) ? (JSON.parse(readFileSync(path.join(suite, 'suite.json'), 'utf8')) as { tasks: string[] }).tasks : [];
    for (const id of leftBehind) expect(verifiedBefore).toContain(id);
    expect(verifiedBefore.length - leftBehind.length).toBeLessThanOrEqual(1);

    const rerun = spawnSync('node', args, { env, encoding: 'utf8' });
    expect(rerun.status, rerun.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(rerun.stdout) as { proposed: number; collapsed: number; verified: number; rejected: number };
    const after = candidates(suite);
    // What had finished is not redone: same verdict, same finishing time.
    for (const [id, outcome] of Object.entries(before)) expect(after[id]).toEqual(outcome);
    expect(Object.keys(after).length).toBeGreaterThan(Object.keys(before).length);
    expect(summary.verified + summary.rejected).toBe(Object.keys(after).length);
    const verified = Object.values(after).filter((c) => c.verdict === 'verified').map((c) => c.id).sort();
    expect(summary.verified).toBe(verified.length);
    const listed = (JSON.parse(readFileSync(path.join(suite, 'suite.json'), 'utf8')) as { tasks: string[] }).tasks;
    expect(listed).toEqual(verified);
    for (const id of verified) expect(existsSync(path.join(suite, id, 'verification.json'))).toBe(true);
  });
});
