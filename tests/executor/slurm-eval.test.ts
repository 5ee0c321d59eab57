import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readJobArray, type SubmittedArray } from '../../harness/executor/slurm/job-array.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { killNode, processes, sandboxOwners, slurmUp, stepSessions, useCluster, waitUntil } from './cluster-helpers.js';

// `arena eval --executor slurm` on the machine's two-node cluster, against the local pool's
// results for the same episodes.
const BIN = path.resolve('bin/arena.js');
let suiteDir = '';

interface Episode {
  id: string;
  task_id: string;
  agent_id: string;
  seed: number;
  status: string;
  score: number | null;
  attempts: number;
}

function evalArgs(out: string, models: string, seeds: number, ...extra: string[]): string[] {
  return [BIN, 'eval', '--suite', suiteDir, '--models', models, '--seeds', String(seeds), '--out', out, '--json', ...extra];
}

function evalRun(args: string[], env: NodeJS.ProcessEnv = process.env): Episode[] {
  const r = spawnSync('node', args, { encoding: 'utf8', timeout: 400_000, env });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { episodes: Episode[] }).episodes;
}

function submissions(out: string): (SubmittedArray & { over: boolean })[] {
  const file = path.join(out, 'slurm', 'submissions.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as (SubmittedArray & { over: boolean })[]) : [];
}

function query<T>(out: string, sql: string): T[] {
  const db = new Database(path.join(out, 'run.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The pids of every process of these sessions. */
const sessionPids = (sessions: Set<number>) => new Set(processes().filter((p) => sessions.has(p.sid)).map((p) => p.pid));

/** Per (task, seed): the score, whatever the agent's id. */
const scores = (episodes: Episode[]) => Object.fromEntries(episodes.map((e) => [`${e.task_id}/${e.seed}`, e.score]));

useCluster(async () => {
  suiteDir = (await preparedSuite(['iris-species', 'wine-cultivar'], 'slurm-eval-suite')).dir;
});

describe('arena eval --executor slurm', () => {
  it('plays every episode once, on both nodes, with the scores of the local pool', async () => {
    const models = 'baseline:trivial,baseline:linear';
    const slurm = evalRun(evalArgs(path.join(tempDir('arena-slurm-eval-'), 'run'), models, 2, '--executor', 'slurm'));
    const local = evalRun(evalArgs(path.join(tempDir('arena-local-eval-'), 'run'), models, 2, '--concurrency', '2'));
    expect(slurm.map((e) => [e.id, e.status, e.attempts])).toEqual(local.map((e) => [e.id, 'completed', 1]));
    expect(slurm.map((e) => e.score)).toEqual(local.map((e) => e.score));
    expect(slurm.every((e) => e.score !== null)).toBe(true);
  });

  it('spreads an array over both nodes and deals the episodes into --array-size shards', async () => {
    const out = path.join(tempDir('arena-slurm-eval-'), 'run');
    const episodes = evalRun(evalArgs(out, 'baseline:trivial,baseline:linear', 2, '--executor', 'slurm', '--partition', 'arena', '--array-size', '4'));
    expect(episodes.map((e) => e.status)).toEqual(Array(8).fill('completed'));
    const [array, ...more] = submissions(out);
    expect(more).toEqual([]);
    const tasks = await readJobArray(array!);
    expect(tasks.map((t) => [t.taskId, t.state])).toEqual([0, 1, 2, 3].map((i) => [i, 'COMPLETED']));
    expect(new Set(tasks.map((t) => t.node))).toEqual(new Set(['w1', 'w2']));
    expect(query<{ n: number }>(out, 'SELECT COUNT(*) AS n FROM shard_merges')[0]!.n).toBe(8);
    // Merged and ended: the round keeps its shards file only (no task printed an error), and is not followed again.
    expect(readdirSync(array!.outputDir)).toEqual(['shards.json']);
    expect(submissions(out).map((s) => s.over)).toEqual([true]);
  });

  it('deals one array task per usable CPU of the partition by default, each with a time limit from its episodes', async () => {
    const out = path.join(tempDir('arena-slurm-eval-'), 'run');
    evalRun(evalArgs(out, 'baseline:trivial', 3, '--executor', 'slurm'));
    const [array] = submissions(out);
    // 2 tasks × 3 seeds = 6 episodes over the 4 CPUs of w1 and w2.
    expect(array!.taskIds).toEqual([0, 1, 2, 3]);
    const shards = JSON.parse(readFileSync(path.join(array!.outputDir, 'shards.json'), 'utf8')) as { shards: unknown[][] };
    expect(shards.shards.map((s) => s.length)).toEqual([2, 2, 1, 1]);
    // human-v1's iris and wine allow 1800 s an episode: 2 × (1800 + 120 + 60) s + 120 s start-up = 68 minutes.
    const shown = spawnSync('scontrol', ['show', 'job', String(array!.jobId)], { encoding: 'utf8' });
    const limits = [...shown.stdout.matchAll(/TimeLimit=(\S+)/g)].map((m) => m[1]);
    expect(limits.length).toBeGreaterThan(0);
    expect(new Set(limits)).toEqual(new Set(['01:08:00']));
  });

  it("records the agent's failures as results and submits nothing again for them", () => {
    const root = tempDir('arena-slurm-agent-');
    const crash = path.join(root, 'crash.jsonl');
    writeFileSync(crash, JSON.stringify({ type: 'execute_code', code: 'raise RuntimeError("boom")' }));
    const out = path.join(root, 'run');
    const r = spawnSync('node', evalArgs(out, `replay:${crash},replay:${path.join(root, 'missing.jsonl')}`, 1, '--executor', 'slurm'), { encoding: 'utf8', timeout: 300_000 });
    // Not every episode completed: exit 1, with the run summary.
    expect(r.status, r.stderr).toBe(1);
    const episodes = (JSON.parse(r.stdout) as { episodes: (Episode & { error: string | null; valid: number })[] }).episodes;
    expect(episodes.map((e) => [e.task_id, e.agent_id.endsWith('crash.jsonl') ? 'crash' : 'missing', e.status, e.attempts])).toEqual([
      ['iris-species', 'crash', 'completed', 1],
      ['iris-species', 'missing', 'agent_failed', 1],
      ['wine-cultivar', 'crash', 'completed', 1],
      ['wine-cultivar', 'missing', 'agent_failed', 1],
    ]);
    expect(episodes.filter((e) => e.status === 'agent_failed').every((e) => /missing\.jsonl not found/.test(e.error ?? ''))).toBe(true);
    expect(episodes.filter((e) => e.status === 'completed').every((e) => e.valid === 0 && e.score === null)).toBe(true);
    expect(submissions(out)).toHaveLength(1);
  });

  it('merges the logs of a round it has no record of (a coordinator killed right after sbatch) instead of playing them again, and numbers its own rounds past it', async () => {
    const first = path.join(tempDir('arena-slurm-orphan-'), 'run');
    const killed = spawn('node', evalArgs(first, 'baseline:trivial', 2, '--executor', 'slurm'), { stdio: 'ignore' });
    let array: SubmittedArray;
    try {
      [array] = await waitUntil('the array submitted', 120_000, async () => (submissions(first).length ? submissions(first) : undefined));
    } finally {
      killed.kill('SIGKILL');
    }
    // Its tasks play on without a coordinator; their logs stay, merged by no one.
    await waitUntil('its tasks ended', 120_000, async () => ((await readJobArray(array!)).every((t) => t.phase === 'finished') ? true : undefined));
    expect(readdirSync(array!.outputDir).filter((f) => f.startsWith('events-')).length).toBeGreaterThan(0);
    // Another run directory holding only that round's files, as if its array had never been recorded.
    const out = path.join(tempDir('arena-slurm-orphan-'), 'run');
    cpSync(array!.outputDir, path.join(out, 'slurm', 'round-0'), { recursive: true });
    const orphan = readFileSync(path.join(out, 'slurm', 'round-0', 'shards.json'), 'utf8');
    const orphanIds = (JSON.parse(orphan) as { shards: { id: string }[][] }).shards.flat().map((s) => s.id).sort();
    // A third seed: only its episodes are played, in a round of their own.
    const merged = evalRun(evalArgs(out, 'baseline:trivial', 3, '--executor', 'slurm'));
    expect(merged.map((e) => e.status)).toEqual(Array(6).fill('completed'));
    expect(merged.filter((e) => e.seed < 2).map((e) => e.id).sort()).toEqual(orphanIds);
    const sources = query<{ id: string; source: string }>(out, 'SELECT episode_id AS id, source FROM shard_merges');
    expect(sources.filter((r) => orphanIds.includes(r.id)).map((r) => path.dirname(r.source)).sort()).toEqual(orphanIds.map(() => path.join('slurm', 'round-0')));
    const [again, ...more] = submissions(out);
    expect(more).toEqual([]);
    expect(path.basename(again!.outputDir)).toBe('round-1');
    const shards = JSON.parse(readFileSync(path.join(again!.outputDir, 'shards.json'), 'utf8')) as { shards: { id: string }[][] };
    // Which episodes, not their order: a round deals its episodes longest expected first.
    expect(shards.shards.flat().map((s) => s.id).sort()).toEqual(merged.filter((e) => e.seed === 2).map((e) => e.id).sort());
    expect(readFileSync(path.join(out, 'slurm', 'round-0', 'shards.json'), 'utf8')).toBe(orphan);
  });

  it('refuses --partition and --array-size without --executor slurm', () => {
    const r = spawnSync('node', evalArgs(tempDir('arena-slurm-usage-'), 'baseline:trivial', 1, '--array-size', '2'), { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--partition and --array-size need --executor slurm/);
  });

  it('survives a job cancelled mid-episode, a worker node that dies and a killed coordinator: every episode exactly once', async () => {
    const root = tempDir('arena-slurm-kill-');
    const slow = path.join(root, 'slow.jsonl');
    const fast = path.join(root, 'fast.jsonl');
    const copy = "shutil.copy('/data/sample_submission.csv', 'submission.csv')";
    writeFileSync(slow, [{ type: 'execute_code', code: `import shutil, time\ntime.sleep(12)\n${copy}` }, { type: 'submit' }].map((a) => JSON.stringify(a)).join('\n'));
    writeFileSync(fast, [{ type: 'execute_code', code: `import shutil\n${copy}` }, { type: 'submit' }].map((a) => JSON.stringify(a)).join('\n'));
    const out = path.join(root, 'run');
    const args = evalArgs(out, `replay:${slow}`, 4, '--executor', 'slurm');
    // A sandbox directory of the run's own: what is left in it is the run's.
    chmodSync(root, 0o755);
    const sandboxDir = path.join(root, 'sandboxes');
    const env = { ...process.env, ARENA_SANDBOX_DIR: sandboxDir };
    const coordinator = spawn('node', args, { stdio: 'ignore', env });
    let cancelled = '';
    let onW1: number[] = [];
    let cancelledPids = new Set<number>();
    let killedPids = new Set<number>();
    try {
      // Four tasks run (two CPUs a node), each past its episode's start: then one of w2's is
      // cancelled (Slurm's own failure), w1 loses power, and the coordinator is killed.
      const [array, running] = await waitUntil('four episodes running', 90_000, async () => {
        const [array] = submissions(out);
        if (!array) return undefined;
        const tasks = (await readJobArray(array)).filter((t) => t.phase === 'running');
        const started = tasks.filter((t) => existsSync(path.join(array.outputDir, `events-${t.taskId}.jsonl`)));
        return started.length === 4 && stepSessions(started).size === 4 ? ([array, started] as const) : undefined;
      });
      const victim = running.find((t) => t.node === 'w2')!;
      cancelled = `${array.jobId}_${victim.taskId}`;
      const w1 = running.filter((t) => t.node === 'w1');
      cancelledPids = sessionPids(stepSessions([victim]));
      killedPids = sessionPids(stepSessions(w1));
      // Each task's worker has its episode's sandbox.
      const owned = (pids: Set<number>) => sandboxOwners(sandboxDir).filter((p) => pids.has(p)).length;
      await waitUntil('a sandbox for each running episode', 30_000, async () => (owned(cancelledPids) === 1 && owned(killedPids) === 2 ? true : undefined));
      expect(spawnSync('scancel', [cancelled]).status).toBe(0);
      onW1 = w1.map((t) => t.taskId);
      killNode('w1', stepSessions(w1));
      coordinator.kill('SIGKILL');
      // The node comes back only once Slurm has given up on its jobs (NODE_FAIL), as after a real outage.
      await waitUntil("w1's tasks NODE_FAIL", 90_000, async () => ((await readJobArray(array)).filter((t) => onW1.includes(t.taskId)).every((t) => t.state === 'NODE_FAIL') ? true : undefined));
      // The cancelled worker destroyed its sandbox before it exited; the killed ones could not.
      expect(owned(cancelledPids)).toBe(0);
      expect(owned(killedPids)).toBe(2);
    } finally {
      coordinator.kill('SIGKILL');
      slurmUp();
    }
    const resumed = evalRun(args, env);
    // Nothing of any episode is left: what the killed workers left went with the resumed eval's gc.
    expect(sandboxOwners(sandboxDir)).toEqual([]);
    const local = evalRun(evalArgs(path.join(root, 'local'), `replay:${fast}`, 4, '--concurrency', '2'));
    expect(resumed.map((e) => e.status)).toEqual(Array(8).fill('completed'));
    expect(scores(resumed)).toEqual(scores(local));
    // Each episode merged once, with its two steps and one grade, whatever was played twice.
    expect(query<{ id: string; n: number }>(out, 'SELECT episode_id AS id, COUNT(*) AS n FROM shard_merges GROUP BY episode_id').map((r) => r.n)).toEqual(Array(8).fill(1));
    expect(query<{ n: number }>(out, "SELECT COUNT(*) AS n FROM steps WHERE action = 'execute_code'")[0]!.n).toBe(8);
    expect(query<{ n: number }>(out, 'SELECT COUNT(*) AS n FROM grades')[0]!.n).toBe(8);
    // The cancelled task's and the dead node's episodes went out again, in a second array.
    const [first, second, ...rest] = submissions(out);
    expect(rest).toEqual([]);
    const again = JSON.parse(readFileSync(path.join(second!.outputDir, 'shards.json'), 'utf8')) as { shards: { id: string }[][] };
    const firstShards = JSON.parse(readFileSync(path.join(first!.outputDir, 'shards.json'), 'utf8')) as { shards: { id: string }[][] };
    // Every episode of those tasks: the one each was playing and those it had not started.
    const expected = [Number(cancelled.split('_')[1]), ...onW1].flatMap((t) => firstShards.shards[t]!.map((s) => s.id)).sort();
    expect(again.shards.flat().map((s) => s.id).sort()).toEqual(expected);
  }, 400_000);
});
