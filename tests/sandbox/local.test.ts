import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import { sandboxesRoot } from '../../harness/sandbox/local/workspace.js';
import { defineConformanceSuite } from './conformance.js';

defineConformanceSuite('local', () => localBackend);

describe('local backend', () => {
  it('check() reports bubblewrap and each enforced limit', async () => {
    const check = await localBackend.check();
    expect(check.ok).toBe(true);
    expect(check.details.join('\n')).toMatch(/bubblewrap 0\.\d+/);
    expect(check.details.join('\n')).toMatch(/memory limit for the whole process tree/);
  });

  it('check() says why and how to fix when bubblewrap is missing', async () => {
    const r = spawnSync(process.execPath, [
      '--input-type=module',
      '-e',
      "const { localBackend } = await import(process.argv[1]); console.log(JSON.stringify(await localBackend.check()));",
      path.resolve('dist/harness/sandbox/local/backend.js'),
    ], { encoding: 'utf8', env: { ...process.env, ARENA_BWRAP: '/nonexistent/bwrap' } });
    const check = JSON.parse(r.stdout);
    expect(check.ok).toBe(false);
    expect(check.problem).toMatch(/bubblewrap not found/);
    expect(check.fix).toMatch(/apt-get install bubblewrap/);
  });

  it('gc removes the workspace and cgroups of a sandbox whose owner died, and nothing of live ones', async () => {
    const sb = await localBackend.create({ name: 'orphan', limits: { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 } });
    const dir = path.join(sandboxesRoot(), sb.id);
    // Pretend the owner crashed: a pid that cannot be alive, in the workspace record and a cgroup name.
    const dead = spawnSync('/bin/true').pid!;
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ id: sb.id, name: 'orphan', ownerPid: dead, createdAt: '', quota: 'tmpfs' }));
    const orphanGroup = `/sys/fs/cgroup/memory/mle-arena/p${dead}-crashed-run`;
    mkdirSync(orphanGroup, { recursive: true });
    const liveGroup = `/sys/fs/cgroup/memory/mle-arena/p${process.pid}-${sb.id}`;
    expect(existsSync(liveGroup)).toBe(true);
    expect(await localBackend.gc()).toBeGreaterThanOrEqual(2);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(orphanGroup)).toBe(false);
    // A group of a live process is never swept, whatever its workspace says.
    expect(existsSync(liveGroup)).toBe(true);
    await sb.destroy();
    expect(existsSync(liveGroup)).toBe(false);
  });

  it('gc leaves live sandboxes alone', async () => {
    const sb = await localBackend.create({ name: 'live', limits: { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 } });
    mkdirSync(path.join(sandboxesRoot()), { recursive: true });
    await localBackend.gc();
    expect((await sb.runPython("print('still here')", { timeoutSec: 30 })).stdout).toBe('still here\n');
    await sb.destroy();
  });
});
