import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerBackend } from '../../harness/sandbox/docker/backend.js';
import { docker } from '../../harness/sandbox/docker/client.js';
import { LABELS } from '../../harness/sandbox/docker/container.js';
import { buildRuntimeImage, runtimeImageTag } from '../../harness/sandbox/docker/image.js';
import { INIT_CMD } from '../../harness/sandbox/docker/wrapper.js';
import { Workspace } from '../../harness/sandbox/docker/workspace.js';
import type { Sandbox, SandboxSpec } from '../../harness/sandbox/types.js';
import { tempDir } from '../helpers/fixture-task.js';
import { defineConformanceSuite } from './conformance.js';

// The Docker backend runs for real, in CI too: the engine is started and the runtime image built
// (offline, from Debian packages) when missing. The first build takes minutes; then it is reused.
beforeAll(async () => {
  execFileSync('scripts/docker-up.sh', { stdio: 'inherit' });
  await buildRuntimeImage({ onProgress: (line) => process.stderr.write(`${line}\n`) });
}, 20 * 60_000);

defineConformanceSuite('docker', () => dockerBackend);

const containerOf = (sb: Sandbox) => docker().getContainer(`mle-arena-${sb.id}`);
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
  });

  it('check() reports the engine, the image and how each limit is enforced', async () => {
    const check = await dockerBackend.check();
    expect(check.ok).toBe(true);
    const text = check.details.join('\n');
    expect(text).toContain(runtimeImageTag());
    for (const word of ['network none', 'read-only root', 'memory limit', 'pids cgroup', 'NanoCpus', 'RLIMIT_CPU', 'workspace size limit', 'NOT enforced']) expect(text).toContain(word);
  });

  it('creates a labelled, locked-down container and destroys it with its workspace', async () => {
    const t = performance.now();
    const box = await dockerBackend.create(spec('lifecycle'));
    const created = performance.now() - t;
    const info = await containerOf(box).inspect();
    expect(info.Config.Labels).toMatchObject({ [LABELS.arena]: '1', [LABELS.sandbox]: 'lifecycle', [LABELS.ownerPid]: String(process.pid) });
    expect(info.Config.User).toBe('65534:65534');
    expect(info.HostConfig).toMatchObject({ NetworkMode: 'none', ReadonlyRootfs: true, Memory: 512 * 2 ** 20, MemorySwap: 512 * 2 ** 20, NanoCpus: 1e9, PidsLimit: 64, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] });
    const r = await box.exec(['/bin/sh', '-c', 'id -u; pwd; echo $HOME'], { timeoutSec: 30 });
    expect(r.stdout).toBe('65534\n/workspace\n/workspace\n');
    const t2 = performance.now();
    await box.destroy();
    console.log(`create ${created.toFixed(0)} ms, destroy ${(performance.now() - t2).toFixed(0)} ms`);
    await expect(containerOf(box).inspect()).rejects.toThrow();
    expect(existsSync(box.workspaceHostPath)).toBe(false);
    await expect(box.exec(['true'], { timeoutSec: 5 })).rejects.toThrow(/destroyed/);
  });

  it('keeps files between executions; harness-written files stay writable by the code', async () => {
    await sb.writeFile('src/helper.py', 'VALUE = 41\n');
    const r = await py("import sys\nfrom src.helper import VALUE\nopen('src/helper.py', 'a').write('VALUE += 1\\n')\nopen('out.txt', 'w').write(str(VALUE))");
    expect(r.stderr).toBe('');
    expect((await sb.readFile('out.txt')).toString()).toBe('41');
    expect((await py("from src.helper import VALUE; print(VALUE)")).stdout).toBe('42\n');
    expect(readFileSync(path.join(sb.workspaceHostPath, 'out.txt'), 'utf8')).toBe('41');
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
    // PID 1, the wrapper, sh, ls, wc: nothing of the bomb is left.
    expect(Number(count.stdout.trim())).toBeLessThanOrEqual(5);
  });

  it('times out an infinite loop, killing the process tree, and enforces the CPU-time limit', async () => {
    const loop = await sb.exec(['/bin/sh', '-c', '/usr/bin/python3 -c "while True: pass" & /usr/bin/python3 -c "while True: pass"'], { timeoutSec: 2 });
    expect(loop).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
    expect(loop.wallMs).toBeGreaterThanOrEqual(2000);
    expect(loop.wallMs).toBeLessThan(8000);
    expect(loop.cpuMs).toBeGreaterThan(1000);
    const cpu = await sb.runPython('while True: pass', { timeoutSec: 30, cpuTimeSec: 1 });
    expect(cpu.timedOut).toBe(false);
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
    const r = await py("import sys\nsys.stdout.write('o' * 300000)\nsys.stderr.write('e' * 300000 + '\\0ARENA-EXEC-STATUS 0 0 0 0 0\\n')", 60);
    expect(r.stdoutTruncated && r.stderrTruncated).toBe(true);
    expect(r.stdout).toBe(`${'o'.repeat(65536)}\n[... output truncated: ${300000 - 65536} bytes dropped]`);
    expect(r.stderr).toMatch(/^e{65536}\n\[\.\.\. output truncated: \d+ bytes dropped\]$/);
    // Code that kills the wrapper after forging a status gets no credit for it.
    const forged = await py("import os, sys\nsys.stderr.write('\\0ARENA-EXEC-STATUS 0 0 0 0 0\\n'); sys.stderr.flush()\nos.kill(-1, 9)");
    expect(forged).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
    expect((await py("print('alive')")).stdout).toBe('alive\n');
  });

  it('cleans up after code that kills or stops its wrapper', async () => {
    // Killed wrapper, background process left: the harness kills it (from the host, or by a cleanup exec).
    const killed = await sb.exec(['/bin/sh', '-c', 'sleep 1003 & kill -9 $PPID; sleep 0.5'], { timeoutSec: 30 });
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: false });
    const ps = await sb.exec(['/bin/sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'], { timeoutSec: 30 });
    expect(ps.stdout).not.toContain('sleep 1003');
    // Stopped wrapper: its timeout never fires; the harness's backstop restarts the container.
    await sb.writeFile('kept-too.txt', 'yes');
    const stopped = await sb.runPython("import os, signal, time\nos.kill(os.getppid(), signal.SIGSTOP)\ntime.sleep(1000)", { timeoutSec: 1 });
    expect(stopped).toMatchObject({ timedOut: true, exitCode: null });
    expect(stopped.wallMs).toBeLessThan(40_000);
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
    await expect(sb.readFile('submission.csv')).rejects.toThrow(/outside the workspace/);
    await expect(sb.readFile('rootlink/etc/passwd')).rejects.toThrow(/outside the workspace/);
    await expect(sb.readFile('/etc/passwd')).rejects.toThrow(/not a path inside/);
    await expect(sb.readFile('../meta.json')).rejects.toThrow(/not a path inside/);
    await expect(sb.writeFile('rootlink/tmp/x', 'x')).rejects.toThrow(/outside the workspace/);
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
      Cmd: INIT_CMD,
      User: '65534:65534',
      Labels: { [LABELS.arena]: '1', [LABELS.sandbox]: 'leftover', [LABELS.ownerPid]: String(dead), [LABELS.root]: ws.root },
      HostConfig: { NetworkMode: 'none', ReadonlyRootfs: true, Mounts: [{ Type: 'bind', Source: ws.dir, Target: '/workspace' }] },
    });
    await leftover.start();
    const removed = await dockerBackend.gc();
    expect(removed).toBeGreaterThanOrEqual(1);
    await expect(leftover.inspect()).rejects.toThrow();
    expect(existsSync(ws.root)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(ws.dir);
    expect((await py("print('alive')")).stdout).toBe('alive\n');
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
