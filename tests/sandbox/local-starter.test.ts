import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBackend } from '../../harness/sandbox/local/backend.js';
import type { Sandbox } from '../../harness/sandbox/types.js';

// The local backend forks every execution from a resident starter already inside the sandbox's
// cgroups (harness/sandbox/local/zygote.py). These check what that must not change: the code
// cannot reach it, nothing else survives an execution, limits stay the code's, and the starter
// itself never outlives the harness.
const LIMITS = { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 };
const starterPid = (sb: Sandbox): number => (sb as unknown as { zygote: { pid: number } }).zygote.pid;
const groupDir = (c: string, sb: Sandbox) => `/sys/fs/cgroup/${c}/mle-arena/p${process.pid}-${sb.id}`;
const procsIn = (c: string, sb: Sandbox) => readFileSync(path.join(groupDir(c, sb), 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local backend: the resident starter', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await localBackend.create({ name: 'starter', limits: LIMITS });
  });
  afterAll(async () => {
    await sb.destroy();
  });

  it('is in every group of the sandbox, alone between executions: what one execution planted is gone before the next', async () => {
    const pid = starterPid(sb);
    for (const c of ['memory', 'pids', 'cpu', 'cpuacct']) expect(procsIn(c, sb)).toEqual([pid]);
    // A daemon that leaves its session and ignores SIGTERM and SIGHUP, double-forked.
    const r = await sb.exec(['/bin/sh', '-c', "( trap '' TERM HUP; setsid sh -c \"trap '' TERM HUP; sleep 1000 & sleep 1000\" & ) ; echo planted"], { timeoutSec: 30 });
    expect(r.stdout).toBe('planted\n');
    for (const c of ['memory', 'pids', 'cpu', 'cpuacct']) expect(procsIn(c, sb)).toEqual([pid]);
    const next = await sb.exec(['/bin/sh', '-c', 'ls /proc | grep -c "^[0-9]"'], { timeoutSec: 30 });
    // Only the execution's own shell and ls (and the count's grep) in its pid namespace.
    expect(Number(next.stdout.trim())).toBeLessThanOrEqual(3);
  });

  it('cannot be seen, signalled or traced by the code, which kills everything it can', async () => {
    const pid = starterPid(sb);
    const r = await sb.runPython(
      `import os, signal
seen = sorted(int(d) for d in os.listdir('/proc') if d.isdigit())
print('SEEN', seen)
for p in range(1, 1 << 15):
    if p == os.getpid():
        continue
    try:
        os.kill(p, signal.SIGKILL)
    except OSError:
        pass
try:
    os.kill(-1, signal.SIGKILL)
except OSError as e:
    print('KILL-1', e.errno)
print('SURVIVED')`,
      { timeoutSec: 30 },
    );
    expect(r.stdout).toMatch(/SEEN \[1\]/);
    expect(starterPid(sb)).toBe(pid);
    expect(alive(pid)).toBe(true);
    expect((await sb.runPython("print('after')", { timeoutSec: 30 })).stdout).toBe('after\n');
    // The same starter served the next execution: it was not hit and respawned.
    expect(starterPid(sb)).toBe(pid);
  });

  it('gives the code the whole pids limit (the starter is counted on top) and still stops a fork bomb', async () => {
    expect(readFileSync(path.join(groupDir('pids', sb), 'pids.max'), 'utf8').trim()).toBe(String(LIMITS.pids + 1));
    const r = await sb.runPython(
      `import os, time
n = 0
try:
    while True:
        if os.fork() == 0:
            time.sleep(30); os._exit(0)
        n += 1
except OSError:
    pass
print('FORKED', n)`,
      { timeoutSec: 30 },
    );
    const forked = Number(/FORKED (\d+)/.exec(r.stdout)?.[1]);
    // The limit counts the code's python and bubblewrap's monitor too.
    expect(forked).toBeGreaterThanOrEqual(LIMITS.pids - 3);
    expect(forked).toBeLessThan(LIMITS.pids);
  });

  it('is started again when it died (killed from the host), and the execution still works', async () => {
    const pid = starterPid(sb);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 10));
    const r = await sb.runPython("print('again')", { timeoutSec: 30 });
    expect(r.stdout).toBe('again\n');
    expect(starterPid(sb)).not.toBe(pid);
  });

  it('killed from the host in the middle of an execution: that execution is lost as a host failure, with nothing of it left, and the next one runs', async () => {
    const pid = starterPid(sb);
    const running = sb.runPython("import time; print('started', flush=True); time.sleep(30)", { timeoutSec: 60 });
    for (let i = 0; i < 300 && procsIn('pids', sb).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    process.kill(pid, 'SIGKILL');
    await expect(running).rejects.toThrow(/was lost: the sandbox's starter process exited .*while it ran \(a host or harness failure, not the code's/);
    const r = await sb.runPython("print('again')", { timeoutSec: 30 });
    expect(r.stdout).toBe('again\n');
    expect(procsIn('pids', sb)).toEqual([starterPid(sb)]);
  });

  it('a sandbox left undestroyed does not keep the harness alive, and its starter ends with the harness', async () => {
    const script = `const { localBackend } = await import(process.argv[1]);
const sb = await localBackend.create({ name: 'left', limits: ${JSON.stringify(LIMITS)} });
const r = await sb.exec(['/bin/echo', 'ok'], { timeoutSec: 30 });
console.log(JSON.stringify({ out: r.stdout, starter: sb.zygote.pid }));`;
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, path.resolve('dist/harness/sandbox/local/backend.js')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(performance.now() - t).toBeLessThan(30_000);
    const { out, starter } = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out).toBe('ok\n');
    for (let i = 0; i < 200 && alive(starter); i++) await new Promise((res) => setTimeout(res, 10));
    expect(alive(starter)).toBe(false);
  });

  it('ends with a harness killed by SIGKILL in the middle of an execution, taking the execution with it', async () => {
    const marker = `${3000 + Math.floor(Math.random() * 1000)}.5151`;
    const script = `const { localBackend } = await import(process.argv[1]);
const sb = await localBackend.create({ name: 'crash', limits: ${JSON.stringify(LIMITS)} });
console.log(JSON.stringify({ starter: sb.zygote.pid }));
await sb.exec(['/bin/sh', '-c', 'sleep ${marker}'], { timeoutSec: 60 });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, path.resolve('dist/harness/sandbox/local/backend.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const starter = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()).starter)));
    const running = () => spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.trim();
    for (let i = 0; i < 200 && !running(); i++) await new Promise((res) => setTimeout(res, 10));
    expect(running()).not.toBe('');
    child.kill('SIGKILL');
    for (let i = 0; i < 300 && (alive(starter) || running()); i++) await new Promise((res) => setTimeout(res, 10));
    expect(alive(starter)).toBe(false);
    expect(running()).toBe('');
    await localBackend.gc();
  });
});
