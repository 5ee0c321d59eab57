import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import { UID_BASE } from '../../harness/sandbox/local/host-uid.js';
import { boxesDir, isAlive, uidsDir, UNCLAIMED_GRACE_MS, Workspace } from '../../harness/sandbox/local/workspace.js';
import { ENFORCEMENT_NAMES } from '../../harness/sandbox/types.js';
import { hostLocationOf } from '../../harness/sandbox/host-location.js';
import { tempDir } from '../helpers/fixture-task.js';

// The conformance and security suites run against every registered backend: conformance.test.ts.
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
    const dir = path.join(boxesDir(), sb.id);
    // Pretend the owner crashed: a pid that cannot be alive, in the workspace record and a cgroup name.
    const dead = spawnSync('/bin/true').pid!;
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ id: sb.id, name: 'orphan', ownerPid: dead, createdAt: '', quota: 'tmpfs', uid: 0 }));
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

  it('gc spares a box still being created (no meta.json yet) and takes it once it is old', async () => {
    const dir = path.join(boxesDir(), `unclaimed-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    expect(await Workspace.orphans(isAlive)).not.toContain(dir);
    const old = (Date.now() - UNCLAIMED_GRACE_MS - 60_000) / 1000;
    utimesSync(dir, old, old);
    expect(await Workspace.orphans(isAlive)).toContain(dir);
    rmSync(dir, { recursive: true });
  });

  it('gc leaves live sandboxes alone', async () => {
    const sb = await localBackend.create({ name: 'live', limits: { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 } });
    await localBackend.gc();
    expect((await sb.runPython("print('still here')", { timeoutSec: 30 })).stdout).toBe('still here\n');
    await sb.destroy();
  });
});

describe('local backend: hardening', () => {
  it('gives each sandbox its own unprivileged host uid, and the uid back when destroyed', async () => {
    const limits = { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 };
    const a = await localBackend.create({ name: 'uid-a', limits });
    const b = await localBackend.create({ name: 'uid-b', limits });
    try {
      await a.runPython("open('mine', 'w').write('a')", { timeoutSec: 30 });
      await b.runPython("open('mine', 'w').write('b')", { timeoutSec: 30 });
      const ua = statSync(path.join(await hostLocationOf(a), 'mine')).uid;
      const ub = statSync(path.join(await hostLocationOf(b), 'mine')).uid;
      expect(ua).toBeGreaterThanOrEqual(UID_BASE);
      expect(ub).toBeGreaterThanOrEqual(UID_BASE);
      expect(ua).not.toBe(ub);
      expect(existsSync(path.join(uidsDir(), String(ua)))).toBe(true);
      await a.destroy();
      expect(existsSync(path.join(uidsDir(), String(ua)))).toBe(false);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });

  it('refuses a sandbox directory another user could have planted or can write into', async () => {
    const planted = path.join(tempDir('arena-planted-'), 'sandboxes');
    mkdirSync(planted, { mode: 0o777 });
    chmodSync(planted, 0o777);
    const attempt = (dir: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', "const { localBackend } = await import(process.argv[1]); try { await localBackend.create({ name: 'x', limits: { memoryMb: 64, cpus: 1, pids: 8, workspaceMb: 8 } }); console.log('CREATED') } catch (e) { console.log(e.message) }", path.resolve('dist/harness/sandbox/local/backend.js')], {
        encoding: 'utf8',
        env: { ...process.env, ARENA_SANDBOX_DIR: dir },
      }).stdout;
    expect(attempt(planted)).toMatch(/writable by group or others/);
    chmodSync(planted, 0o755);
    chownSync(planted, 12345, 12345);
    expect(attempt(planted)).toMatch(/belongs to uid 12345/);
    const link = `${planted}-link`;
    symlinkSync(tempDir('arena-elsewhere-'), link);
    expect(attempt(link)).toMatch(/symbolic link/);
  });

  it('fails closed: without the syscall filter, eval refuses to start unless --allow-unenforced seccomp', async () => {
    // A Python without libseccomp: the pyenv one on PATH, or a missing interpreter.
    const env = { ...process.env, ARENA_PYTHON: '/nonexistent/python3' };
    const script = "const { localBackend } = await import(process.argv[1]); const { requireEnforced } = await import(process.argv[2]); const c = await localBackend.check(); try { requireEnforced(c, JSON.parse(process.argv[3])); console.log('ALLOWED', JSON.stringify(c.enforcements.filter((e) => !e.enforced).map((e) => e.name))) } catch (e) { console.log(e.message) }";
    const gate = (allowed: string[]) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script, path.resolve('dist/harness/sandbox/local/backend.js'), path.resolve('dist/harness/sandbox/enforcement.js'), JSON.stringify(allowed)], { encoding: 'utf8', env }).stdout;
    const refused = gate([]);
    expect(refused).toMatch(/cannot enforce seccomp/);
    expect(refused).toMatch(/--allow-unenforced seccomp/);
    expect(gate(['seccomp'])).toMatch(/^ALLOWED \["seccomp"\]/);
  });

  it('sandbox check lists every protection as enforced on this machine (root, cgroup v1, libseccomp)', async () => {
    const check = await localBackend.check();
    expect(check.enforcements.map((e) => e.name).sort()).toEqual([...ENFORCEMENT_NAMES].sort());
    expect(check.enforcements.filter((e) => !e.enforced)).toEqual([]);
  });

  it('gives the parent cpu group the weight that keeps sandboxes from being starved under load, each still under its own quota', async () => {
    writeFileSync('/sys/fs/cgroup/cpu/mle-arena/cpu.shares', '1024');
    const sb = await localBackend.create({ name: 'shares', limits: { memoryMb: 256, cpus: 0.5, pids: 32, workspaceMb: 16 } });
    try {
      // Written once per process, so set it back by hand and check against a fresh process.
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', "const { usableControllers, PARENT_CPU_SHARES } = await import(process.argv[1]); usableControllers(); console.log(PARENT_CPU_SHARES);", path.resolve('dist/harness/sandbox/local/cgroup.js')], { encoding: 'utf8' });
      expect(r.stdout.trim()).toBe('20480');
      expect(readFileSync('/sys/fs/cgroup/cpu/mle-arena/cpu.shares', 'utf8').trim()).toBe('20480');
      const group = `/sys/fs/cgroup/cpu/mle-arena/p${process.pid}-${sb.id}`;
      expect(readFileSync(path.join(group, 'cpu.cfs_quota_us'), 'utf8').trim()).toBe('50000');
    } finally {
      await sb.destroy();
    }
  });
});
