import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrayTimeLimitMinutes } from '../../harness/executor/slurm/array-time-limit.js';
import { PollInterval } from '../../harness/executor/slurm/poll-interval.js';
import { cleanRound } from '../../harness/executor/slurm/round-files.js';
import { TrackedBackend } from '../../harness/executor/slurm/tracked-backend.js';
import { getBackend } from '../../harness/sandbox/registry.js';
import { SandboxError } from '../../harness/sandbox/types.js';
import { tempDir } from '../helpers/fixture-task.js';

// The Slurm coordinator's and worker's parts that need no cluster.

describe('the poll interval', () => {
  it('backs off while nothing changes, up to its bound, and is back to the shortest after a change', () => {
    const poll = new PollInterval(1000, 15_000);
    expect([false, false, false, false, false, false].map((c) => poll.next(c))).toEqual([2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(poll.next(true)).toBe(1000);
    expect(poll.next(false)).toBe(2000);
  });

  it('refuses bounds that cannot hold', () => {
    expect(() => new PollInterval(0, 10)).toThrow(/0 < min ≤ max/);
    expect(() => new PollInterval(20, 10)).toThrow(/min 20, max 10/);
  });
});

describe("an array's time limit", () => {
  it("is the longest shard's episodes at their deadlines, with start-up and wrap-up, in whole minutes", () => {
    // Deadline = totalTimeSec + 120 s; + 60 s wrap-up per episode; + 120 s start-up.
    expect(arrayTimeLimitMinutes([[{ totalTimeSec: 1800 }]])).toBe(Math.ceil((120 + 1800 + 120 + 60) / 60));
    expect(arrayTimeLimitMinutes([[{ totalTimeSec: 60 }, { totalTimeSec: 60 }], [{ totalTimeSec: 600 }]])).toBe(Math.ceil((120 + 600 + 180) / 60));
  });
});

describe('a finished round', () => {
  it("keeps its shards file and the error output tasks printed, and removes the logs and Slurm's output", () => {
    const dir = tempDir('arena-round-');
    const shardsFile = path.join(dir, 'shards.json');
    writeFileSync(shardsFile, '{}');
    for (const shard of [0, 1]) {
      writeFileSync(path.join(dir, `events-${shard}.jsonl`), '{}\n');
      writeFileSync(path.join(dir, `task-${shard}.out`), `shard ${shard}: 1 episodes played\n`);
    }
    writeFileSync(path.join(dir, 'task-0.err'), '');
    writeFileSync(path.join(dir, 'task-1.err'), 'Error: boom\n');
    cleanRound(shardsFile, 2);
    expect(readdirSync(dir).sort()).toEqual(['shards.json', 'task-1.err']);
    // Again (a resumed coordinator): nothing left to remove is no error.
    cleanRound(shardsFile, 2);
    expect(existsSync(shardsFile)).toBe(true);
  });
});

describe('a tracked backend', () => {
  it('destroys the sandboxes still alive, once each, whoever asks', async () => {
    const backend = new TrackedBackend(await getBackend('local'));
    const limits = { memoryMb: 256, cpus: 1, pids: 64, workspaceMb: 16 };
    const [done, live] = await Promise.all([backend.create({ name: 'tracked-a', limits }), backend.create({ name: 'tracked-b', limits })]);
    await done.destroy();
    const ran = await live.runPython('print(6 * 7)', { timeoutSec: 10 });
    expect(ran.stdout.trim()).toBe('42');
    // The episode's own destroy and destroyAll at once: one destruction, both wait for it.
    const [, count] = await Promise.all([live.destroy(), backend.destroyAll()]);
    expect(count).toBe(1);
    await expect(live.runPython('print(1)', { timeoutSec: 10 })).rejects.toBeInstanceOf(SandboxError);
    expect(await backend.destroyAll()).toBe(0);
  });

  it('told to stop while a sandbox is being created (its box already on disk), waits for it, destroys it, and creates no more', async () => {
    const backend = new TrackedBackend(await getBackend('local'));
    const limits = { memoryMb: 256, cpus: 1, pids: 64, workspaceMb: 16 };
    const making = backend.create({ name: 'tracked-c', limits });
    const count = await backend.destroyAll();
    expect(count).toBe(1);
    await expect((await making).runPython('print(1)', { timeoutSec: 10 })).rejects.toBeInstanceOf(SandboxError);
    await expect(backend.create({ name: 'tracked-d', limits })).rejects.toThrow(/stopping: no new sandbox/);
  });
});
