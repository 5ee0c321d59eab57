import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerBackend } from '../../harness/sandbox/docker/backend.js';
import { docker } from '../../harness/sandbox/docker/client.js';
import { EXECUTOR_STDIO, LABELS } from '../../harness/sandbox/docker/container.js';
import { drainWarmPool } from '../../harness/sandbox/docker/create.js';
import { runtimeImageTag } from '../../harness/sandbox/docker/image.js';
import { dockerSeccompProfile } from '../../harness/sandbox/docker/seccomp-profile.js';
import { EXECUTOR_CMD } from '../../harness/sandbox/docker/executor.js';
import { ExecutorChannel } from '../../harness/sandbox/docker/executor-channel.js';
import { viewsDir, Workspace } from '../../harness/sandbox/docker/workspace.js';
import { DENIED_SYSCALLS } from '../../harness/sandbox/syscall-policy.js';
import { ENFORCEMENT_NAMES, type Sandbox, type SandboxSpec } from '../../harness/sandbox/types.js';
import { hostLocationOf } from '../../harness/sandbox/host-location.js';
import { tempDir } from '../helpers/fixture-task.js';
import { PREREQUISITE_TIMEOUT_MS, startDocker } from './backend-setup.js';

beforeAll(startDocker, PREREQUISITE_TIMEOUT_MS);

// The conformance and security suites run against every registered backend: conformance.test.ts.

const containerOf = (sb: Sandbox) => docker().getContainer(`mle-arena-${sb.id}`);
/** Host pids whose command line contains every needle. */
function hostProcessesWith(...needles: string[]): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)
    .filter((e) => {
      try {
        const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
        return needles.every((n) => cmd.includes(n));
      } catch {
        return false;
      }
    })
    .map(Number);
}
/** A pid that belonged to a process that has exited. */
const deadPid = () => spawnSync('/bin/true').pid!;

describe('docker backend', () => {
  const root = tempDir('arena-docker-');
  const publicDir = path.join(root, 'task', 'public');
  const privateDir = path.join(root, 'task', 'private');
  const limits = { memoryMb: 512, cpus: 1, pids: 64, workspaceMb: 64 };
  const spec = (name: string, extra: Partial<SandboxSpec> = {}): SandboxSpec => ({ name, publicDir, limits, ...extra });
  let sb: Sandbox;
  const py = (code: string, timeoutSec = 60) => sb.runPython(code, { timeoutSec });

  beforeAll(async () => {
    mkdirSync(publicDir, { recursive: true });
    mkdirSync(privateDir, { recursive: true });
    writeFileSync(path.join(publicDir, 'train.csv'), 'id,x,label\n1,0.5,a\n2,1.5,b\n3,2.5,a\n4,3.5,b\n');
    writeFileSync(path.join(privateDir, 'answers.csv'), 'DOCKER-PRIVATE-MARKER-5d1e\n');
    process.env.OPENAI_API_KEY = 'sk-test-secret';
    sb = await dockerBackend.create(spec('docker-suite', { env: { ARENA_STEP: '3' } }));
  });

  afterAll(async () => {
    await sb?.destroy();
    // The pool's exit hook did not run when vitest ended this file's worker (containers were left): drain it here.
    await drainWarmPool();
  });

  it('check() reports the engine, the image and how each limit is enforced', async () => {
    const check = await dockerBackend.check();
    expect(check.ok).toBe(true);
    const text = check.details.join('\n');
    expect(text).toContain(runtimeImageTag());
    for (const word of ['network none', 'read-only root', 'memory limit', 'pids cgroup', 'NanoCpus', 'RLIMIT_CPU', 'scratch', 'probe container worked', 'NOT enforced']) expect(text).toContain(word);
    // Every protection is listed, each enforced here (root, ext4 scratch) and saying how.
    expect(check.enforcements.map((e) => e.name)).toEqual([...ENFORCEMENT_NAMES]);
    for (const e of check.enforcements) expect(e, e.name).toMatchObject({ enforced: true, detail: expect.stringMatching(/.{20,}/) });
    const detail = Object.fromEntries(check.enforcements.map((e) => [e.name, e.detail]));
    expect(detail['unprivileged-uid']).toMatch(/uid 65534.*checked by a probe container/);
    expect(detail.seccomp).toMatch(/checked by a probe container/);
    expect(detail['scratch-inodes']).toMatch(/inodes/);
  });

  it('check() in dir mode says the workspace quota and its inode limit are NOT enforced, and why', async () => {
    process.env.ARENA_DOCKER_WORKSPACE = 'dir';
    try {
      const check = await dockerBackend.check();
      expect(check.ok).toBe(true);
      const byName = Object.fromEntries(check.enforcements.map((e) => [e.name, e]));
      expect(byName['workspace-quota']).toMatchObject({ enforced: false, detail: expect.stringMatching(/plain directory.*fix: run the harness as root/) });
      expect(byName['scratch-inodes']).toMatchObject({ enforced: false, detail: expect.stringMatching(/no inode limit/) });
      expect(byName.seccomp!.enforced).toBe(true);
    } finally {
      delete process.env.ARENA_DOCKER_WORKSPACE;
    }
  });

  it('check() fails closed on an unknown ARENA_DOCKER_RUNTIME, listing every protection as not checked', async () => {
    process.env.ARENA_DOCKER_RUNTIME = 'kata';
    try {
      const check = await dockerBackend.check();
      expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/ARENA_DOCKER_RUNTIME="kata"/) });
      expect(check.enforcements.map((e) => e.name)).toEqual([...ENFORCEMENT_NAMES]);
      expect(check.enforcements.every((e) => !e.enforced)).toBe(true);
    } finally {
      delete process.env.ARENA_DOCKER_RUNTIME;
    }
  });

  it('creates a labelled, locked-down container and destroys it with its workspace', async () => {
    const t = performance.now();
    const box = await dockerBackend.create(spec('lifecycle'));
    const created = performance.now() - t;
    const workspace = await hostLocationOf(box);
    const info = await containerOf(box).inspect();
    expect(info.Config.Labels).toMatchObject({ [LABELS.arena]: '1', [LABELS.sandbox]: 'lifecycle', [LABELS.ownerPid]: String(process.pid) });
    // The container's user is the supervisor (root with three capabilities); the code is 65534.
    expect(info.Config.User).toBe('0:0');
    expect(info.HostConfig).toMatchObject({ Runtime: 'runc', NetworkMode: 'none', ReadonlyRootfs: true, IpcMode: 'none', Memory: 512 * 2 ** 20, MemorySwap: 512 * 2 ** 20, NanoCpus: 1e9, PidsLimit: 64, CapDrop: ['ALL'], CapAdd: ['SETUID', 'SETGID', 'KILL'] });
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges', `seccomp=${JSON.stringify(dockerSeccompProfile())}`]);
    const binds = (info.HostConfig.Mounts ?? []).map((m) => `${m.Target}<-${m.Source}${m.ReadOnly ? ':ro' : ''}`);
    expect(binds).toEqual([`/workspace<-${workspace}`, `/tmp<-${path.join(workspace, '..', 'tmp')}`, `/dev/shm<-${path.join(workspace, '..', 'shm')}`, expect.stringMatching(new RegExp(`^/data<-${viewsDir()}/p${process.pid}-[0-9a-f]+:ro$`))]);
    const r = await box.exec(['/bin/sh', '-c', 'id -u; id -G; pwd; echo $HOME'], { timeoutSec: 30 });
    expect(r.stdout).toBe('65534\n65534\n/workspace\n/workspace\n');
    const t2 = performance.now();
    await box.destroy();
    console.log(`create ${created.toFixed(0)} ms, destroy ${(performance.now() - t2).toFixed(0)} ms`);
    await expect(containerOf(box).inspect()).rejects.toThrow();
    expect(existsSync(workspace)).toBe(false);
    await expect(box.exec(['true'], { timeoutSec: 5 })).rejects.toThrow(/destroyed/);
  });

  it('keeps files between executions; harness-written files stay writable by the code', async () => {
    await sb.writeFile('src/helper.py', 'VALUE = 41\n');
    const r = await py("import sys\nfrom src.helper import VALUE\nopen('src/helper.py', 'a').write('VALUE += 1\\n')\nopen('out.txt', 'w').write(str(VALUE))");
    expect(r.stderr).toBe('');
    expect((await sb.readFile('out.txt')).toString()).toBe('41');
    expect((await py("from src.helper import VALUE; print(VALUE)")).stdout).toBe('42\n');
    expect(readFileSync(path.join(await hostLocationOf(sb), 'out.txt'), 'utf8')).toBe('41');
  });

  it('runs the ML stack on the public data, and long programs through stdin', async () => {
    const r = await py(`import numpy as np, pandas as pd, scipy, xgboost, statsmodels, PIL
from sklearn.linear_model import LogisticRegression
df = pd.read_csv('/data/train.csv')
m = LogisticRegression().fit(df[['x']], df['label'])
print(len(df), m.predict(pd.DataFrame({'x': [0.1]}))[0])`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('4 a\n');
    const long = `x = 0\n${'x += 1\n'.repeat(30_000)}print(x, __name__)`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(128 * 1024);
    expect((await py(long)).stdout).toBe('30000 __main__\n');
    const echo = await sb.exec(['/bin/sh', '-c', 'read a; read b; echo "$b $a"'], { timeoutSec: 30, stdin: 'one\ntwo\n' });
    expect(echo.stdout).toBe('two one\n');
  });

  it('reports exit codes and signals', async () => {
    expect((await sb.exec(['/bin/sh', '-c', 'exit 7'], { timeoutSec: 30 })).exitCode).toBe(7);
    const killed = await sb.exec(['/bin/sh', '-c', 'kill -TERM $$'], { timeoutSec: 30 });
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: false });
    const missing = await sb.exec(['/no/such/program'], { timeoutSec: 30 });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/No such file/);
  });

  it('has no network: no DNS, no outside address, no port of the host', async () => {
    const server = net.createServer((s) => s.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await py(`import socket
for label, fn in [('dns', lambda: socket.getaddrinfo('deb.debian.org', 80)),
                  ('outside', lambda: socket.create_connection(('1.1.1.1', 53), timeout=3)),
                  ('host', lambda: socket.create_connection(('127.0.0.1', ${port}), timeout=3))]:
    try:
        fn(); print(label, 'OPEN')
    except OSError as e:
        print(label, 'BLOCKED')
print(sorted(i[1] for i in socket.if_nameindex()))`);
      expect(r.stdout).toBe("dns BLOCKED\noutside BLOCKED\nhost BLOCKED\n['lo']\n");
    } finally {
      server.close();
    }
  });

  it('has a read-only system and read-only /data, and no way to the private data', async () => {
    const r = await py(`for p in ['/usr/evil', '/etc/passwd', '/data/train.csv', '/data/new.csv']:
    try:
        open(p, 'a').write('x'); print('WROTE', p)
    except OSError as e:
        print('DENIED', p, e.errno)
import os
hits = [os.path.join(d, f) for d, _, fs in os.walk('/') if not d.startswith(('/proc', '/sys', '/usr')) for f in fs if 'answers' in f or 'DOCKER-PRIVATE' in f]
print('HITS', hits, os.path.exists(${JSON.stringify(privateDir)}))`);
    expect(r.stdout).not.toMatch(/WROTE/);
    expect(r.stdout.match(/DENIED/g)).toHaveLength(4);
    expect(r.stdout).toMatch(/HITS \[\] False/);
  });

  it("sees only its own environment, never the harness's", async () => {
    const r = await py('import os, json; print(json.dumps(dict(os.environ)))');
    expect(r.stdout).not.toContain('sk-test-secret');
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(['ARENA_STEP', 'HOME', 'LANG', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH']);
    expect(env).toMatchObject({ ARENA_STEP: '3', HOME: '/workspace', OMP_NUM_THREADS: '1' });
  });

  it('kills a memory bomb, reports oomKilled, and stays usable', async () => {
    const r = await py("x = bytearray(900 * 1024 * 1024)\nfor i in range(0, len(x), 4096): x[i] = 1\nprint('survived')");
    expect(r.stdout).not.toContain('survived');
    expect(r).toMatchObject({ oomKilled: true, signal: 'SIGKILL', timedOut: false });
    expect((await py("print('alive')")).stdout).toBe('alive\n');
  });

  it('contains a fork bomb at the pids limit; the harness is unharmed', async () => {
    const r = await sb.exec(['/bin/sh', '-c', 'b() { b | b & }; b; sleep 3; echo done'], { timeoutSec: 20 });
    expect(r.wallMs).toBeLessThan(30_000);
    expect(spawnSync('/bin/true').status).toBe(0);
    const count = await sb.exec(['/bin/sh', '-c', 'ls -d /proc/[0-9]* | wc -l'], { timeoutSec: 30 });
    // PID 1 (the executor), sh, ls, wc: nothing of the bomb is left.
    expect(Number(count.stdout.trim())).toBeLessThanOrEqual(5);
  });

  it('times out an infinite loop, killing the process tree, and enforces the CPU-time limit', async () => {
    const loop = await sb.exec(['/bin/sh', '-c', '/usr/bin/python3 -c "while True: pass" & /usr/bin/python3 -c "while True: pass"'], { timeoutSec: 2 });
    expect(loop).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
    expect(loop.wallMs).toBeGreaterThanOrEqual(2000);
    expect(loop.wallMs).toBeLessThan(8000);
    // CPU time counts the whole tree: two background grandchildren each report their own CPU
    // time, and the sandbox's figure covers both (the shell that forks them uses next to none).
    // Both figures are taken under the same load, so a busy machine cannot skew the comparison.
    const work = '/usr/bin/python3 -c "import time\ns = 0\nfor i in range(4_000_000): s += i\nprint(time.process_time())"';
    const twice = await sb.exec(['/bin/sh', '-c', `${work} & ${work} & wait`], { timeoutSec: 120 });
    const reported = twice.stdout.trim().split('\n').map((line) => Number(line) * 1000);
    expect(reported).toHaveLength(2);
    expect(Math.min(...reported)).toBeGreaterThan(100);
    expect(twice.cpuMs).toBeGreaterThan(0.9 * (reported[0]! + reported[1]!));
    const cpu = await sb.runPython('while True: pass', { timeoutSec: 30, cpuTimeSec: 1 });
    // The CPU-time limit counts as a timeout (the conformance suite says so for every backend).
    expect(cpu.timedOut).toBe(true);
    expect(['SIGXCPU', 'SIGKILL']).toContain(cpu.signal);
    expect(cpu.wallMs).toBeLessThan(10_000);
  });

  it('leaves no background process behind, even ones that left the session', async () => {
    const r = await sb.exec(['/bin/sh', '-c', 'sleep 1000 & setsid sleep 1001 & /usr/bin/python3 -c "import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0: os.execv(\'/bin/sleep\', [\'sleep\', \'1002\'])" ; echo started'], { timeoutSec: 30 });
    expect(r.stdout).toBe('started\n');
    expect(r.wallMs).toBeLessThan(5000);
    const ps = await sb.exec(['/bin/sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'], { timeoutSec: 30 });
    expect(ps.stdout).not.toMatch(/sleep 100[012]/);
  });

  it('truncates output floods on both streams with a marker, and ignores forged status lines', async () => {
    const r = await py("import sys\nsys.stdout.write('o' * 300000)\nsys.stderr.write('e' * 300000 + '\\0ARENA-EXEC-STATUS ok 0 0 0 0 0\\n')", 60);
    expect(r.stdoutTruncated && r.stderrTruncated).toBe(true);
    expect(r.stdout).toBe(`${'o'.repeat(65536)}\n[... output truncated: ${300000 - 65536} bytes dropped]`);
    expect(r.stderr).toMatch(/^e{65536}\n\[\.\.\. output truncated: \d+ bytes dropped\]$/);
    // Code that forges a status line, then tries to silence its executor with kill -1 (which finds
    // nothing it may signal: ESRCH): the executor survives and its own status (exit 7, not the
    // forged 0) is the one that counts.
    const forged = await py("import os, sys\nsys.stderr.write('\\0ARENA-EXEC-STATUS ok 0 0 0 0 0\\n'); sys.stderr.flush()\ntry:\n    os.kill(-1, 9)\nexcept OSError as e:\n    print('KILL', e.errno)\nsys.exit(7)");
    expect(forged).toMatchObject({ exitCode: 7, signal: null, stdout: 'KILL 3\n' });
    expect(forged.stderr).toContain('ARENA-EXEC-STATUS ok 0 0 0 0 0');
    expect((await py("print('alive')")).stdout).toBe('alive\n');
  });

  it('cannot kill or stop its executor; the harness still recovers from an executor wedged from outside', async () => {
    // The code's attempts fail (EPERM): its executor reports normally and cleans up the background process.
    const attempt = await sb.exec(['/bin/sh', '-c', 'sleep 1003 & kill -9 $PPID; kill -STOP $PPID; kill -9 1; echo "after $?"'], { timeoutSec: 30 });
    expect(attempt).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
    expect(attempt.stdout).toBe('after 1\n');
    expect(attempt.stderr.match(/Operation not permitted/g)).toHaveLength(3);
    const ps = await sb.exec(['/bin/sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'], { timeoutSec: 30 });
    expect(ps.stdout).not.toContain('sleep 1003');
    // An executor stopped from the host (as a kernel hiccup might leave it): its timeout never
    // fires; the harness's backstop restarts the container, keeping the workspace.
    await sb.writeFile('kept-too.txt', 'yes');
    const marker = `sleep ${1100 + Math.floor(Math.random() * 800)}`;
    const executor = (await containerOf(sb).inspect()).State.Pid;
    const stopper = setInterval(() => {
      if (hostProcessesWith(marker).length) process.kill(executor, 'SIGSTOP');
    }, 100);
    try {
      const stopped = await sb.exec(['/bin/sh', '-c', marker], { timeoutSec: 1 });
      expect(stopped).toMatchObject({ timedOut: true, exitCode: null });
      expect(stopped.wallMs).toBeLessThan(40_000);
    } finally {
      clearInterval(stopper);
    }
    expect((await py("print(open('kept-too.txt').read())")).stdout).toBe('yes\n');
  });

  it('stops a workspace fill at workspaceMb', async () => {
    const r = await sb.exec(['/bin/sh', '-c', 'dd if=/dev/zero of=fill.bin bs=1M count=200 2>&1; stat -c "SIZE %s" fill.bin; rm fill.bin'], { timeoutSec: 60 });
    const size = Number(/SIZE (\d+)/.exec(r.stdout)?.[1]);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(64 * 2 ** 20);
    expect(r.stdout).toMatch(/No space left|File too large/);
  });

  it('refuses workspace paths that leave it, and symlinks out of it', async () => {
    await py("import os\nos.symlink('/etc/passwd', 'submission.csv')\nos.symlink('/', 'rootlink')");
    await expect(sb.readFile('submission.csv')).rejects.toThrow(/symbolic link/);
    await expect(sb.readFile('rootlink/etc/passwd')).rejects.toThrow(/symbolic link/);
    await expect(sb.readFile('/etc/passwd')).rejects.toThrow(/not a path inside/);
    await expect(sb.readFile('../meta.json')).rejects.toThrow(/not a path inside/);
    await expect(sb.writeFile('rootlink/tmp/x', 'x')).rejects.toThrow(/symbolic link/);
    await py("import os\nos.remove('submission.csv'); os.remove('rootlink')");
  });

  it('restarts a container that died, keeping the workspace', async () => {
    await sb.writeFile('kept.txt', 'still here');
    await containerOf(sb).kill({ signal: 'SIGKILL' });
    const r = await py("print(open('kept.txt').read())");
    expect(r.stdout).toBe('still here\n');
  });

  it('gc removes leftovers of a dead owner (container, mount, directory) and leaves live ones', async () => {
    const ws = await Workspace.create(`leftover-${Date.now()}`, 'leftover', 16);
    const dead = deadPid();
    writeFileSync(path.join(ws.root, 'meta.json'), JSON.stringify({ ...ws.meta, ownerPid: dead }));
    const leftover = await docker().createContainer({
      Image: runtimeImageTag(),
      Cmd: ['/bin/sleep', 'infinity'],
      User: '65534:65534',
      Labels: { [LABELS.arena]: '1', [LABELS.sandbox]: 'leftover', [LABELS.ownerPid]: String(dead), [LABELS.root]: ws.root },
      HostConfig: { NetworkMode: 'none', ReadonlyRootfs: true, Mounts: [{ Type: 'bind', Source: ws.dir, Target: '/workspace' }] },
    });
    await leftover.start();
    const removed = await dockerBackend.gc();
    expect(removed).toBeGreaterThanOrEqual(1);
    await expect(leftover.inspect()).rejects.toThrow();
    expect(existsSync(ws.root)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(ws.scratch);
    expect((await py("print('alive')")).stdout).toBe('alive\n');
  });

  it('gc removes public-data views of dead processes and keeps this one\'s', async () => {
    const orphan = path.join(viewsDir(), `p${deadPid()}-0123456789abcdef0123`);
    mkdirSync(orphan, { recursive: true });
    writeFileSync(path.join(orphan, 'train.csv'), 'x\n');
    const mine = readdirSync(viewsDir()).filter((v) => v.startsWith(`p${process.pid}-`));
    expect(mine.length).toBeGreaterThan(0);
    expect(await dockerBackend.gc()).toBeGreaterThanOrEqual(1);
    expect(existsSync(orphan)).toBe(false);
    for (const v of mine) expect(existsSync(path.join(viewsDir(), v))).toBe(true);
  });

  describe('hardening, attacked from inside as the code', () => {
    it('runs the code as 65534 without capabilities, under a root supervisor it cannot touch', async () => {
      const r = await py(String.raw`import ctypes, errno, os, signal
libc = ctypes.CDLL(None, use_errno=True)
def status(pid):
    return dict(l.split(':', 1) for l in open('/proc/%s/status' % pid).read().splitlines())
me = status('self')
print('ME', os.getuid(), os.getgid(), os.getgroups(), me['CapEff'].strip(), me['CapPrm'].strip(), me['Seccomp'].strip())
print('PARENT', os.getppid())
for label, pid in [('executor', 1)]:
    st = status(pid)
    print('SUPERVISOR', label, st['Uid'].split()[0], st['Name'].strip())
    for sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGTERM):
        try:
            os.kill(pid, sig); print('SIGNALLED', label, sig)
        except OSError as e:
            print('BLOCKED', label, 'signal', errno.errorcode[e.errno])
    r = libc.syscall(ctypes.c_long(101), ctypes.c_long(0x4206), ctypes.c_long(pid), None, None)
    print('BLOCKED' if r == -1 else 'TRACED', label, 'ptrace-seize', errno.errorcode.get(ctypes.get_errno()))
    for f in ('mem', 'environ'):
        try:
            open('/proc/%d/%s' % (pid, f), 'rb').read(1); print('READ', label, f)
        except OSError as e:
            print('BLOCKED', label, f, errno.errorcode[e.errno])
    buf = ctypes.create_string_buffer(8)
    iov = (ctypes.c_ulong * 2)(ctypes.addressof(buf), 8)
    r = libc.syscall(ctypes.c_long(310), ctypes.c_long(pid), iov, ctypes.c_ulong(1), iov, ctypes.c_ulong(1), ctypes.c_ulong(0))
    print('BLOCKED' if r == -1 else 'READ', label, 'process_vm_readv', errno.errorcode.get(ctypes.get_errno()))`);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^ME 65534 65534 \[\] 0000000000000000 0000000000000000 2$/m);
      // The code's only supervisor is PID 1, the executor, which forked it.
      expect(r.stdout).toMatch(/^PARENT 1$/m);
      expect(r.stdout).toMatch(/^SUPERVISOR executor 0 python3$/m);
      expect(r.stdout).not.toMatch(/^(SIGNALLED|TRACED|READ)/m);
      for (const who of ['executor']) {
        expect(r.stdout.match(new RegExp(`^BLOCKED ${who} signal EPERM$`, 'gm'))).toHaveLength(3);
        expect(r.stdout).toMatch(new RegExp(`^BLOCKED ${who} ptrace-seize EPERM$`, 'm'));
        expect(r.stdout).toMatch(new RegExp(`^BLOCKED ${who} mem EACCES$`, 'm'));
        expect(r.stdout).toMatch(new RegExp(`^BLOCKED ${who} process_vm_readv EPERM$`, 'm'));
      }
      // The executor survived, reported normally, and the files the code writes are its own.
      expect(r).toMatchObject({ exitCode: 0, signal: null });
      await py("open('mine.txt', 'w').write('x')");
      expect(statSync(path.join(await hostLocationOf(sb), 'mine.txt'))).toMatchObject({ uid: 65534, gid: 65534 });
    });

    it('cannot write kernel settings: /proc/sys/kernel/core_pattern, vm/drop_caches, /proc/sysrq-trigger', async () => {
      const r = await py(`import errno
for p in ['/proc/sys/kernel/core_pattern', '/proc/sys/vm/drop_caches', '/proc/sys/vm/panic_on_oom', '/proc/sysrq-trigger']:
    try:
        open(p, 'w').write('|/workspace/own-the-host'); print('WROTE', p)
    except OSError as e:
        print('DENIED', p, errno.errorcode[e.errno])`);
      expect(r.stdout).not.toMatch(/WROTE/);
      expect(r.stdout.match(/^DENIED /gm)).toHaveLength(4);
      expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).not.toContain('own-the-host');
    });

    it("is filtered by the backend's own seccomp profile, on the 64-bit, i386 and socket-family paths alike", async () => {
      const r = await py(String.raw`import ctypes, errno, mmap, socket
libc = ctypes.CDLL(None, use_errno=True)
def call(label, nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_ulong(a) for a in args])
    print(label, r if r >= 0 else errno.errorcode.get(ctypes.get_errno()))
attr = ctypes.create_string_buffer(128)
call('perf_event_open', 298, ctypes.addressof(attr), 0, 2**64 - 1, 2**64 - 1, 0)
call('bpf', 321, 0, ctypes.addressof(attr), 48)
call('keyctl', 250, 0, 2**64 - 3, 0)
call('add_key', 248, ctypes.addressof(ctypes.create_string_buffer(b'user')), ctypes.addressof(ctypes.create_string_buffer(b'k')), 0, 0, 2**64 - 3)
call('userfaultfd', 323, 0)
call('mount', 165, ctypes.addressof(ctypes.create_string_buffer(b'none')), ctypes.addressof(ctypes.create_string_buffer(b'/tmp')), ctypes.addressof(ctypes.create_string_buffer(b'tmpfs')), 0, 0)
call('unshare-newuser', 272, 0x10000000)
call('setns', 308, 0, 0)
call('personality-no-aslr', 135, 0x0040000)
call('personality-query', 135, 0xffffffff)
# Allowed by Docker's own default profile on this engine: EPERM here means the backend's profile is the one in force.
call('io_uring_setup', 425, 1, 0)
call('process_madvise', 440, 0, 0, 0, 0, 0)
call('clone3', 435, 0, 0)
try:
    socket.socket(40, socket.SOCK_STREAM); print('vsock 0')
except OSError as e:
    print('vsock', errno.errorcode[e.errno])
# The i386 system-call table (int 0x80) of the same kernel: personality(ADDR_NO_RANDOMIZE), number 136 there.
code = bytes([0x53, 0xb8, 136, 0, 0, 0, 0xbb, 0, 0, 4, 0, 0xcd, 0x80, 0x48, 0x63, 0xc0, 0x5b, 0xc3])
page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
page.write(code)
r = ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(page)))()
print('i386-personality-no-aslr', r if r >= 0 else errno.errorcode.get(-r))`);
      expect(r.stderr).toBe('');
      const results = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
      expect(results).toEqual({
        perf_event_open: 'EPERM', bpf: 'EPERM', keyctl: 'EPERM', add_key: 'EPERM', userfaultfd: 'EPERM', mount: 'EPERM', 'unshare-newuser': 'EPERM', setns: 'EPERM',
        'personality-no-aslr': 'EPERM', 'personality-query': '0', io_uring_setup: 'EPERM', process_madvise: 'EPERM', clone3: 'ENOSYS', vsock: 'EPERM', 'i386-personality-no-aslr': 'EPERM',
      });
      const profile = dockerSeccompProfile();
      expect(profile.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
      expect(profile.syscalls[0]!.names).toEqual(expect.arrayContaining([...DENIED_SYSCALLS]));
    });

    it('bounds /tmp + /dev/shm + /workspace together by workspaceMb; /dev itself is not writable', async () => {
      const r = await py(String.raw`import errno, os
total = 0
for d in ['/tmp', '/dev/shm', '/workspace']:
    n = 0
    try:
        with open(d + '/fill.bin', 'wb') as f:
            while n < 40:
                f.write(b'\1' * (1 << 20)); f.flush(); n += 1
    except OSError as e:
        print('STOPPED', d, errno.errorcode[e.errno])
    total += os.stat(d + '/fill.bin').st_size
    print('FILLED', d, n)
print('TOTAL', total)
for d in ['/tmp', '/dev/shm', '/workspace']:
    os.remove(d + '/fill.bin')
for attempt in [lambda: open('/dev/evil', 'w'), lambda: os.mkdir('/dev/evil'), lambda: os.symlink('/workspace', '/dev/evil')]:
    try:
        attempt(); print('DEV WROTE')
    except OSError as e:
        print('DEV', errno.errorcode[e.errno])
import ctypes
rt = ctypes.CDLL('librt.so.1', use_errno=True)
q = rt.mq_open(b'/fill', os.O_CREAT | os.O_RDWR, 0o600, None)
print('MQUEUE', q if q >= 0 else errno.errorcode[ctypes.get_errno()])`);
      expect(r.stdout).toMatch(/^FILLED \/tmp 40$/m);
      expect(r.stdout).toMatch(/^STOPPED \/(dev\/shm|workspace) (ENOSPC|EFBIG)$/m);
      expect(Number(/^TOTAL (\d+)$/m.exec(r.stdout)?.[1])).toBeLessThanOrEqual(64 * 2 ** 20);
      expect(r.stdout.match(/^DEV EACCES$/gm)).toHaveLength(3);
      expect(r.stdout).toMatch(/^MQUEUE EMFILE$/m);
    });

    it('stops a million empty files at the scratch inode limit', async () => {
      const r = await py(String.raw`import errno, os, shutil
os.mkdir('/tmp/flood')
n = 0
try:
    while n < 1_000_000:
        os.close(os.open('/tmp/flood/%d' % n, os.O_CREAT | os.O_WRONLY)); n += 1
    print('CREATED', n)
except OSError as e:
    print('CREATED', n, errno.errorcode[e.errno])
shutil.rmtree('/tmp/flood')`, 170);
      const m = /^CREATED (\d+) ENOSPC$/m.exec(r.stdout);
      expect(m, r.stdout + r.stderr).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual(16_384);
    });

    it('shows no host path of the task or the checkout in /proc/1/cmdline (the executor\'s) or /proc/self/mountinfo', async () => {
      const r = await py(`import os
print(open('/proc/1/cmdline', 'rb').read().replace(b'\\0', b' ').decode())
print(open('/proc/%d/cmdline' % os.getppid(), 'rb').read().replace(b'\\0', b' ').decode())
print(open('/proc/self/mountinfo').read())`);
      expect(r.stdout).toMatch(/ \/data /);
      for (const hostPath of [publicDir, privateDir, root, path.resolve('.')]) expect(r.stdout).not.toContain(hostPath);
    });

    it('runs ordinary ML: numpy/scikit-learn with joblib n_jobs=2, multiprocessing.Pool, semaphores', async () => {
      const r = await py(`import multiprocessing as mp, threading, numpy as np
from joblib import Parallel, delayed
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score
X = np.random.RandomState(0).rand(300, 5); y = (X[:, 0] + X[:, 1] > 1).astype(int)
print('CV', round(cross_val_score(RandomForestClassifier(n_estimators=20, random_state=0), X, y, cv=3, n_jobs=2).mean(), 1))
print('JOBLIB', sum(Parallel(n_jobs=2)(delayed(pow)(i, 2) for i in range(10))))
with mp.Pool(2) as pool: print('POOL', sum(pool.map(abs, range(-5, 5))))
sem = mp.Semaphore(2); sem.acquire(); sem.release()
print('SEMAPHORES', threading.Semaphore(1).acquire(), mp.BoundedSemaphore(1).acquire())`, 120);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^CV 0\.\d$/m);
      expect(r.stdout).toContain('JOBLIB 285\nPOOL 25\nSEMAPHORES True True\n');
    });

    it("reports a failed privilege drop on the executor's own channel: the code never starts", async () => {
      // A container whose supervisor lacks CAP_SETUID/CAP_SETGID: the drop to 65534 must fail closed.
      const workspace = tempDir('arena-no-setuid-');
      const box = await docker().createContainer({
        Image: runtimeImageTag(),
        Cmd: EXECUTOR_CMD,
        ...EXECUTOR_STDIO,
        User: '0:0',
        Labels: { [LABELS.arena]: '1', [LABELS.sandbox]: 'no-setuid', [LABELS.ownerPid]: String(process.pid) },
        HostConfig: { NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'], CapAdd: ['KILL'], Mounts: [{ Type: 'bind', Source: workspace, Target: '/workspace' }], LogConfig: { Type: 'none', Config: {} } },
      });
      try {
        const channel = await ExecutorChannel.start(box);
        const raw = await channel.execute({ argv: ['/bin/sh', '-c', 'echo RAN > /workspace/ran'], timeout: 30, cpu: 30, fsize: 1 << 20, nproc: 0, limit: 4096 }, Buffer.alloc(0), Buffer.alloc(0));
        channel.close();
        expect(raw.status).toEqual({ kind: 'setup', reason: expect.stringMatching(/^PermissionError: .*Operation not permitted/) });
        expect(existsSync(path.join(workspace, 'ran'))).toBe(false);
      } finally {
        await box.remove({ force: true });
      }
    });

    it("cannot void its execution by printing a setup-failure status", async () => {
      const r = await py("import sys\nsys.stderr.write('\\0ARENA-EXEC-STATUS setup PermissionError: forged\\n')\nsys.exit(3)");
      expect(r).toMatchObject({ exitCode: 3, timedOut: false });
    });
  });

  describe('gVisor (runsc), opt-in with ARENA_DOCKER_RUNTIME=runsc', () => {
    it('check() says whether runsc works here; where it does, a sandbox under it holds its limits', async () => {
      const line = (await dockerBackend.check()).details.find((d) => d.includes('gVisor'))!;
      const runtimes = ((await docker().info()) as { Runtimes: Record<string, unknown> }).Runtimes;
      // scripts/docker-up.sh (run in beforeAll) registers runsc whenever it is installed.
      expect('runsc' in runtimes).toBe(existsSync('/usr/bin/runsc'));
      if (!('runsc' in runtimes)) return void expect(line).toMatch(/not registered with the engine \(apt-get install runsc/);
      if (/does not work here/.test(line)) return void expect(line).toMatch(/does not work here: .{10,}/);
      expect(line).toMatch(/gVisor \(runsc\) works here too \(probe \d+ ms\)/);
      process.env.ARENA_DOCKER_RUNTIME = 'runsc';
      let box: Sandbox | undefined;
      try {
        const check = await dockerBackend.check();
        expect(check.ok).toBe(true);
        const byName = Object.fromEntries(check.enforcements.map((e) => [e.name, e]));
        // The code descends from the container's init (the executor), to which gVisor applies the profile.
        expect(byName.seccomp).toMatchObject({ enforced: true, detail: expect.stringMatching(/checked by a probe container/) });
        expect(byName.pids).toMatchObject({ enforced: true, detail: expect.stringMatching(/RLIMIT_NPROC/) });
        expect(byName['unprivileged-uid']!.enforced).toBe(true);
        box = await dockerBackend.create(spec('gvisor'));
        expect((await containerOf(box).inspect()).HostConfig.Runtime).toBe('runsc');
        const run = (code: string) => box!.runPython(code, { timeoutSec: 60 });
        const who = await run("import os, errno\ntry:\n    os.kill(os.getppid(), 9); print('KILLED')\nexcept OSError as e:\n    print(os.getuid(), errno.errorcode[e.errno])");
        expect(who.stdout).toBe('65534 EPERM\n');
        const forks = await run("import os, time\nn = 0\ntry:\n    while n < 500:\n        if os.fork() == 0:\n            time.sleep(5); os._exit(0)\n        n += 1\nexcept OSError as e:\n    print('STOPPED', n, e.errno)");
        expect(Number(/^STOPPED (\d+) 11$/m.exec(forks.stdout)?.[1])).toBeLessThanOrEqual(64);
        const bomb = await run("x = bytearray(900 * 1024 * 1024)\nfor i in range(0, len(x), 4096): x[i] = 1\nprint('survived')");
        expect(bomb).toMatchObject({ oomKilled: true, timedOut: false });
        expect(bomb.wallMs).toBeLessThan(15_000);
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      } finally {
        delete process.env.ARENA_DOCKER_RUNTIME;
        await box?.destroy();
      }
    });
  });

  it('docker-up.sh is a no-op when the engine answers, and says so clearly when it never does', () => {
    expect(spawnSync('scripts/docker-up.sh').status).toBe(0);
    // A docker CLI that never gets an answer: the script waits ARENA_DOCKERD_WAIT seconds, then fails.
    const bin = path.join(root, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'dockerd'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const r = spawnSync('scripts/docker-up.sh', { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ARENA_DOCKERD_WAIT: '2', ARENA_DOCKERD_LOG: path.join(root, 'dockerd.log') } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/did not answer within 2 s/);
  });

  it('execution overhead: median of 20 trivial programs against the host', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const host: number[] = [];
    const inside: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      spawnSync('/usr/bin/python3', ['-c', 'pass']);
      host.push(performance.now() - t);
      t = performance.now();
      const r = await sb.exec(['/usr/bin/python3', '-c', 'pass'], { timeoutSec: 30 });
      inside.push(performance.now() - t);
      expect(r.exitCode).toBe(0);
    }
    console.log(`python3 -c pass: host ${median(host).toFixed(1)} ms, docker sandbox ${median(inside).toFixed(1)} ms`);
    expect(median(inside)).toBeLessThan(1000);
  });
});
