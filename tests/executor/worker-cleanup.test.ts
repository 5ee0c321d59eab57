import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSpecs, type EpisodeSpec } from '../../harness/arena/episode/spec.js';
import { tempDir } from '../helpers/fixture-task.js';
import { preparedSuite } from '../helpers/prepared-task.js';
import { sandboxOwners, waitUntil } from './cluster-helpers.js';

// What a Slurm array task (`arena episode run`) leaves on its node when it is stopped mid-episode
// by SIGTERM (scancel, the time limit), played here without Slurm, with a sandbox directory of its
// own so that nothing else creates or collects sandboxes in it.
const BIN = path.resolve('bin/arena.js');
let root = '';
let shardsFile = '';
let env: NodeJS.ProcessEnv = {};

function startWorker(shard: number) {
  const child = spawn('node', [BIN, 'episode', 'run', '--shards', shardsFile, '--shard', String(shard)], { env, stdio: 'ignore', detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { pid: child.pid!, exited };
}

const results = (shard: number) =>
  readFileSync(path.join(root, `events-${shard}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { attempt: string; event: { kind: string } })
    .filter((l) => l.event.kind === 'result');

beforeAll(async () => {
  root = tempDir('arena-worker-cleanup-');
  // The sandbox's unprivileged uid must reach the sandbox directory.
  chmodSync(root, 0o755);
  env = { ...process.env, ARENA_SANDBOX_DIR: path.join(root, 'sandboxes') };
  const suite = await preparedSuite(['iris-species'], 'worker-cleanup');
  const replay = (name: string, code: string) => {
    const file = path.join(root, `${name}.jsonl`);
    writeFileSync(file, [{ type: 'execute_code', code }, { type: 'submit' }].map((a) => JSON.stringify(a)).join('\n'));
    return `replay:${file}`;
  };
  const copy = "shutil.copy('/data/sample_submission.csv', 'submission.csv')";
  const agents = [replay('slow', `import shutil, time\ntime.sleep(60)\n${copy}`)];
  const specs: EpisodeSpec[] = planSpecs({ tasks: suite.tasks.map((task) => ({ suite: 'worker-cleanup', task })), agents, seeds: 1, limits: {}, backend: 'local' });
  shardsFile = path.join(root, 'shards.json');
  writeFileSync(shardsFile, JSON.stringify({ runDir: path.join(root, 'run'), allowUnenforced: [], shards: specs.map((s) => [s]) }));
});

describe('an array task stopped mid-episode', () => {
  it('told to stop (SIGTERM), destroys its sandbox, writes no result for the episode and exits 143', async () => {
    const worker = startWorker(0);
    await waitUntil('the slow episode in its sandbox', 60_000, async () => (sandboxOwners(env.ARENA_SANDBOX_DIR!).includes(worker.pid) ? true : undefined));
    // As Slurm does: every process of the task gets the signal.
    process.kill(-worker.pid, 'SIGTERM');
    expect(await worker.exited).toBe(143);
    expect(sandboxOwners(env.ARENA_SANDBOX_DIR!)).not.toContain(worker.pid);
    expect(results(0)).toEqual([]);
  }, 120_000);
});
