import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../../harness/sandbox/copy-out.js';
import { hostLocationOf } from '../../harness/sandbox/host-location.js';
import { getBackend } from '../../harness/sandbox/registry.js';
import type { BackendName, Sandbox, SandboxSpec } from '../../harness/sandbox/types.js';
import { manifest, tempDir, writeGradableTask } from '../helpers/fixture-task.js';
import { FOREIGN_PROCESS_ATTACKS, fillScratch, inodeFlood, KERNEL_WRITE_ATTACKS, SYSCALL_ATTACKS } from './attacks.js';
import { defineEpisodeAttackSuite } from './episode-attacks.js';

/** Host processes whose command line contains `marker` (sandboxed processes are visible from the host). */
function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(marker) && !cmd.includes('vitest')) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

const SECRET = 'sk-test-secret-do-not-leak';
const ANSWER_MARKER = 'PRIVATE-ANSWER-MARKER-7f3a';

/**
 * Python that walks the whole visible filesystem looking for `needle` in every path, and in the
 * contents of small files outside the system trees. Those trees come from the host's or the image's
 * packages and never hold task data (a task folder mounted into one would still show its names);
 * reading all of them is what made the walk outlast its timeout on a loaded machine.
 */
const findEverywhere = (needle: string) => `
import os
SYSTEM = ('/usr/', '/etc/', '/lib/', '/lib64/', '/bin/', '/sbin/', '/var/lib/dpkg/')
hits = []
for root, dirs, files in os.walk('/'):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in ('/proc', '/sys', '/dev')]
    system = (root + '/').startswith(SYSTEM)
    for f in files:
        p = os.path.join(root, f)
        if ${JSON.stringify(needle)} in p:
            hits.append(p)
            continue
        if system:
            continue
        try:
            if os.path.getsize(p) < 1_000_000 and ${JSON.stringify(needle)}.encode() in open(p, 'rb').read():
                hits.append(p)
        except Exception:
            pass
print('HITS', hits)
`;

/**
 * The behaviour every sandbox backend must show: the execution contract, and a security suite in
 * which every attempt to get out must fail and be reported, with the harness unharmed.
 */
export function defineConformanceSuite(name: BackendName): void {
  describe(`sandbox conformance: ${name}`, () => {
    const root = tempDir('arena-sandbox-');
    const taskRoot = path.join(root, 'tasks');
    let publicDir = '';
    let privateDir = '';
    let sandbox: Sandbox;
    let other: Sandbox;
    const spec = (label: string): SandboxSpec => ({ name: label, publicDir, limits: { memoryMb: 512, cpus: 1, pids: 64, workspaceMb: 64 } });
    const run = (code: string, timeoutSec = 60) => sandbox.runPython(code, { timeoutSec });

    beforeAll(async () => {
      // A gradable task: the sandbox sees its public data; its answers sit right beside it on the host.
      const dir = writeGradableTask(taskRoot, manifest({ id: 'secured', classes: ['a', 'b'] }), [
        { id: '1', target: 'a', board: 'public' },
        { id: '2', target: 'b', board: 'private' },
      ]);
      publicDir = path.join(dir, 'data', 'public');
      privateDir = path.join(dir, 'data', 'private');
      writeFileSync(path.join(publicDir, 'train.csv'), 'id,x,label\n10,1.5,a\n11,2.5,b\n');
      writeFileSync(path.join(privateDir, 'secret.txt'), ANSWER_MARKER);
      mkdirSync(path.join(root, 'elsewhere'), { recursive: true });
      process.env.OPENAI_API_KEY = SECRET;
      const backend = await getBackend(name);
      sandbox = await backend.create(spec('conformance'));
      other = await backend.create(spec('neighbour'));
      await other.writeFile('neighbour-secret.txt', 'NEIGHBOUR-MARKER-91c2');
    });

    afterAll(async () => {
      await sandbox?.destroy();
      await other?.destroy();
    });

    describe('execution', () => {
      it('runs commands with exit codes, stdout and stderr, timings', async () => {
        const r = await sandbox.exec(['/bin/sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutSec: 30 });
        expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, oomKilled: false, stdoutTruncated: false });
        expect(r.wallMs).toBeGreaterThan(0);
      });

      it('keeps files between executions and lets the harness read and write the workspace', async () => {
        await run("open('model.txt', 'w').write('trained')");
        expect((await run("print(open('model.txt').read())")).stdout).toBe('trained\n');
        expect((await sandbox.readFile('model.txt')).toString()).toBe('trained');
        await sandbox.writeFile('code/step1.py', "print('from harness')");
        expect((await sandbox.exec(['/usr/bin/python3', 'code/step1.py'], { timeoutSec: 30 })).stdout).toBe('from harness\n');
      });

      it('has the ML runtime and the public data at /data', async () => {
        const r = await run("import numpy, pandas, scipy, sklearn, xgboost, statsmodels\nimport pandas as pd\nprint(sklearn.__version__, pd.read_csv('/data/train.csv').shape)");
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^1\.2\.1 \(2, 3\)$/m);
      });

      it('measures CPU time', async () => {
        const r = await run('s = 0\nfor i in range(5_000_000): s += i');
        expect(r.cpuMs).toBeGreaterThan(50);
      });

      it('truncates an output flood with a marker', async () => {
        const r = await sandbox.exec(['/usr/bin/python3', '-c', "import sys\nfor _ in range(200000): sys.stdout.write('x' * 100 + '\\n')"], { timeoutSec: 60, outputLimitBytes: 1000 });
        expect(r.stdoutTruncated).toBe(true);
        expect(r.stdout.length).toBeLessThan(1200);
        expect(r.stdout).toMatch(/\[\.\.\. output truncated: \d+ bytes dropped\]$/);
        expect(r.exitCode).toBe(0);
      });
    });

    describe('security: every attempt fails and the harness is unharmed', () => {
      it('cannot find or read answers.csv or anything under data/private', async () => {
        const r = await run(findEverywhere(ANSWER_MARKER) + `\ntry:\n    open(${JSON.stringify(path.join(privateDir, 'answers.csv'))}).read(); print('READ')\nexcept Exception as e:\n    print('DENIED', type(e).__name__)`, 180);
        expect(r.stdout).toMatch(/HITS \[\]/);
        expect(r.stdout).toMatch(/DENIED/);
        const answers = await run(findEverywhere('answers.csv'), 180);
        expect(answers.stdout).toMatch(/HITS \[\]/);
      }, 400_000);

      it("cannot read another episode's workspace", async () => {
        // Where the neighbour's workspace is on the host: a backend-specific hook, not the contract.
        const neighbour = path.join(await hostLocationOf(other), 'neighbour-secret.txt');
        expect(readFileSync(neighbour, 'utf8')).toBe('NEIGHBOUR-MARKER-91c2');
        const r = await run(findEverywhere('NEIGHBOUR-MARKER-91c2') + `\ntry:\n    print(open(${JSON.stringify(neighbour)}).read())\nexcept Exception as e:\n    print('DENIED', type(e).__name__)`, 180);
        expect(r.stdout).toMatch(/HITS \[\]/);
        expect(r.stdout).toMatch(/DENIED/);
      }, 200_000);

      it("cannot read the harness's files or environment (API keys)", async () => {
        const r = await run(`import os, glob
print('ENV', sorted(k for k in os.environ if 'KEY' in k or 'TOKEN' in k))
def environ(p):
    # A supervisor's environ is unreadable to the code: that is the point, and counts as no leak.
    try:
        return open(p, 'rb').read()
    except OSError:
        return b''
leaks = [p for p in glob.glob('/proc/*/environ') if b${JSON.stringify(SECRET)} in environ(p)]
print('PROCLEAKS', leaks)
for p in [${JSON.stringify(path.resolve('package.json'))}, ${JSON.stringify(path.resolve('harness/cli/main.ts'))}, '/root/.bashrc', '/etc/shadow']:
    try:
        open(p).read(); print('READ', p)
    except Exception as e:
        print('DENIED', p)
`);
        expect(r.stdout).toMatch(/ENV \[\]/);
        expect(r.stdout).toMatch(/PROCLEAKS \[\]/);
        expect(r.stdout).not.toMatch(/^READ/m);
        expect(r.stdout.match(/DENIED/g)?.length).toBe(4);
        expect(r.stdout + r.stderr).not.toContain(SECRET);
      });

      it('cannot reach the network: DNS, a port the host listens on at 127.0.0.1, an outside address', async () => {
        let connections = 0;
        const server = net.createServer((s) => {
          connections++;
          s.end('hello');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as net.AddressInfo).port;
        try {
          const r = await run(`import socket
def attempt(label, fn):
    try:
        fn(); print(label, 'OPEN')
    except Exception as e:
        print(label, 'BLOCKED', type(e).__name__)
attempt('dns', lambda: socket.getaddrinfo('deb.debian.org', 80))
attempt('host', lambda: socket.create_connection(('127.0.0.1', ${port}), timeout=3).recv(5))
attempt('outside', lambda: socket.create_connection(('1.1.1.1', 53), timeout=3))
attempt('gateway', lambda: socket.create_connection(('172.17.0.1', ${port}), timeout=3))
`);
          expect(r.stdout).not.toMatch(/OPEN/);
          expect(r.stdout.match(/BLOCKED/g)?.length).toBe(4);
          expect(connections).toBe(0);
        } finally {
          server.close();
        }
      });

      it('cannot write outside the workspace', async () => {
        const r = await run(`for p in ['/usr/evil', '/etc/evil', '/evil', '/data/evil', '/data/train.csv', ${JSON.stringify(path.join(root, 'elsewhere', 'evil'))}]:
    try:
        open(p, 'w').write('x'); print('WROTE', p)
    except Exception as e:
        print('DENIED', p)
`);
        expect(r.stdout).not.toMatch(/WROTE/);
        expect(r.stdout.match(/DENIED/g)?.length).toBe(6);
        expect(readFileSync(path.join(publicDir, 'train.csv'), 'utf8')).toContain('10,1.5,a');
        expect(readdirSync(path.join(root, 'elsewhere'))).toEqual([]);
      });

      it('contains a fork bomb and stays usable', async () => {
        const r = await sandbox.exec(['/bin/sh', '-c', 'bomb() { bomb | bomb & }; bomb; sleep 5'], { timeoutSec: 15 });
        expect(r.wallMs).toBeLessThan(60_000);
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      });

      it('kills a memory bomb, reports it, and stays usable', async () => {
        const r = await run("x = b'x' * (2 * 1024 * 1024 * 1024)\nprint('allocated')");
        expect(r.stdout).not.toMatch(/allocated/);
        expect(r.exitCode === 0).toBe(false);
        expect(r.oomKilled || /MemoryError/.test(r.stderr)).toBe(true);
        const touched = await run("x = bytearray(600 * 1024 * 1024)\nfor i in range(0, len(x), 4096): x[i] = 1\nprint('touched')");
        expect(touched.oomKilled).toBe(true);
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      });

      it('stops a disk fill at the workspace quota', async () => {
        const r = await run(`written = 0
try:
    with open('fill.bin', 'wb') as f:
        while written < 1024 * 1024 * 1024:
            f.write(b'\\0' * (1 << 20)); f.flush(); written += 1 << 20
    print('FILLED', written)
except OSError as e:
    print('STOPPED', written >> 20, e.errno)
`);
        expect(r.stdout + r.stderr).not.toMatch(/FILLED/);
        const stopped = /STOPPED (\d+)/.exec(r.stdout);
        if (stopped) expect(Number(stopped[1])).toBeLessThanOrEqual(64);
        else expect(r.exitCode).not.toBe(0);
        await run("import os\nos.remove('fill.bin')");
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      });

      it('times out an infinite loop and a long sleep, killing the whole process tree', async () => {
        const loop = await sandbox.runPython('while True: pass', { timeoutSec: 2 });
        expect(loop.timedOut).toBe(true);
        expect(loop.wallMs).toBeLessThan(15_000);
        const marker = `${1000 + Math.floor(Math.random() * 1000)}.4242`;
        const sleep = await sandbox.exec(['/bin/sh', '-c', `sleep ${marker} & sleep ${marker}`], { timeoutSec: 2 });
        expect(sleep.timedOut).toBe(true);
        expect(hostProcessesWith(`sleep ${marker}`)).toEqual([]);
      });

      it('counts the CPU-time limit as a timeout, however late the wall-clock timer fires', async () => {
        const r = await sandbox.runPython('while True: pass', { timeoutSec: 60, cpuTimeSec: 1 });
        expect(r.timedOut).toBe(true);
        expect(r.exitCode === 0).toBe(false);
        expect(r.wallMs).toBeLessThan(30_000);
      });

      it('runs executions called at once one after the other: one timing out does not kill the next', async () => {
        const [first, second] = await Promise.all([
          sandbox.exec(['/bin/sh', '-c', 'sleep 30'], { timeoutSec: 1 }),
          sandbox.exec(['/bin/sh', '-c', 'sleep 2; echo second'], { timeoutSec: 30 }),
        ]);
        expect(first.timedOut).toBe(true);
        expect(second).toMatchObject({ timedOut: false, exitCode: 0, stdout: 'second\n' });
      });

      it('leaves no background process behind', async () => {
        const marker = `${2000 + Math.floor(Math.random() * 1000)}.4343`;
        const r = await sandbox.exec(['/bin/sh', '-c', `nohup sleep ${marker} >/dev/null 2>&1 & echo started`], { timeoutSec: 30 });
        expect(r.stdout).toBe('started\n');
        expect(hostProcessesWith(`sleep ${marker}`)).toEqual([]);
      });

      it('cannot open any /proc/sys file, /proc/sysrq-trigger or cgroup control file for writing', async () => {
        const r = await run(KERNEL_WRITE_ATTACKS, 120);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^OPENED \[\]$/m);
        expect(r.stdout).toMatch(/^WRITABLE_SYS \[\] 0$/m);
      });

      it('runs the code under a host uid other than root: the files it writes are not root\'s', async () => {
        await run("open('owned.txt', 'w').write('x')\nimport os\nos.mkdir('owned-dir')");
        const workspace = await hostLocationOf(sandbox);
        for (const name of ['owned.txt', 'owned-dir']) {
          const info = statSync(path.join(workspace, name));
          expect(info.uid, name).not.toBe(0);
          expect(info.gid, name).not.toBe(0);
        }
      });

      it('denies every call of the syscall filter (seccomp) and keeps what ML code needs', async () => {
        const r = await run(SYSCALL_ATTACKS, 60);
        expect(r.stderr).toBe('');
        const lines = r.stdout.trim().split('\n');
        const allowed = lines.filter((l) => / ALLOWED/.test(l) && !l.startsWith('personality-query'));
        expect(allowed).toEqual([]);
        expect(lines.filter((l) => / DENIED /.test(l)).length).toBeGreaterThanOrEqual(30);
        expect(r.stdout).toMatch(/^personality-query ALLOWED/m);
        expect(r.stdout).toMatch(/^libc-unshare DENIED/m);
        expect(r.stdout).toMatch(/^SECCOMP 2$/m);
        const ml = await run(`import multiprocessing as mp, threading, joblib, numpy as np
from sklearn.ensemble import RandomForestClassifier
X = np.random.RandomState(0).rand(200, 4); y = (X[:, 0] > 0.5).astype(int)
RandomForestClassifier(n_estimators=20, n_jobs=2).fit(X, y)
print(sum(joblib.Parallel(n_jobs=2)(joblib.delayed(abs)(-i) for i in range(10))))
with mp.Pool(2) as p: print(sum(p.map(abs, range(-5, 5))))
lock = mp.Lock(); lock.acquire(); lock.release()
print(threading.Semaphore(2).acquire())`, 120);
        expect(ml.stderr).toBe('');
        expect(ml.stdout).toBe('45\n25\nTrue\n');
      });

      it('cannot signal, trace or read any process that is not its own (an init, a supervising wrapper)', async () => {
        const r = await run(FOREIGN_PROCESS_ATTACKS, 60);
        expect(r.stderr).toBe('');
        expect(r.stdout).not.toMatch(/^REACHED/m);
        const foreign = JSON.parse(/^FOREIGN (\[.*\])$/m.exec(r.stdout)![1]!) as number[];
        expect(JSON.parse(/^ALIVE (\[.*\])$/m.exec(r.stdout)![1]!)).toEqual(foreign);
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      });

      it('bounds /workspace, /tmp and /dev/shm together by the workspace quota, and /dev is read-only', async () => {
        const r = await run(fillScratch(48), 120);
        const total = Number(/^TOTAL (\d+)$/m.exec(r.stdout)?.[1]);
        expect(total).toBeLessThanOrEqual(64);
        expect(r.stdout).toMatch(/^FILLED \/tmp /m);
        const dev = await run("try:\n    open('/dev/evil', 'w'); print('WROTE')\nexcept OSError as e:\n    print('DENIED', e.errno)");
        expect(dev.stdout).toMatch(/^DENIED/);
        expect((await run("print('alive')")).stdout).toBe('alive\n');
      });

      it('stops a flood of empty files at an inode limit', async () => {
        const r = await run(inodeFlood(300_000), 170);
        expect(r.stdout).toMatch(/^CREATED \d+ STOPPED/m);
        expect(Number(/^CREATED (\d+)/m.exec(r.stdout)?.[1])).toBeLessThan(300_000);
      });

      it('shows no host path of the task or the checkout in /proc/1/cmdline, /proc/self/mountinfo or open descriptors', async () => {
        const r = await run(`import os
print(open('/proc/1/cmdline', 'rb').read().replace(b'\\0', b' ').decode())
print(open('/proc/self/mountinfo').read())
print('FDS', sorted(int(f) for f in os.listdir('/proc/self/fd')))
for f in os.listdir('/proc/self/fd'):
    try:
        print('FD', f, os.readlink('/proc/self/fd/' + f))
    except OSError:
        pass`);
        expect(r.stdout).toContain('/workspace');
        for (const hostPath of [root, path.resolve('.'), publicDir, privateDir]) expect(r.stdout).not.toContain(hostPath);
        // stdin, stdout, stderr and the descriptor listing itself: nothing inherited from the harness.
        expect(JSON.parse(/^FDS (\[.*\])$/m.exec(r.stdout)![1]!).length).toBeLessThanOrEqual(4);
      });

      it('reads and writes workspace files without following links or blocking on FIFOs', async () => {
        const planted = await run("import os\nos.mkfifo('trap.fifo')\nos.symlink('/etc/hostname', 'link.txt')\nwith open('sparse.bin', 'wb') as f:\n    f.truncate(32 << 20)");
        expect(planted.exitCode).toBe(0);
        const t = performance.now();
        await expect(sandbox.readFile('trap.fifo')).rejects.toThrow(/not a regular file/);
        await expect(sandbox.writeFile('trap.fifo', 'x')).rejects.toThrow(/not a regular file/);
        await expect(sandbox.readFile('link.txt')).rejects.toThrow(/symbolic link/);
        await expect(sandbox.writeFile('link.txt', 'x')).rejects.toThrow(/symbolic link/);
        await expect(sandbox.readFile('sparse.bin', { maxBytes: 1 << 20 })).rejects.toThrow(/over the limit/);
        await expect(sandbox.writeFile('link.txt/x', 'x')).rejects.toThrow(/not a directory|symbolic link/);
        expect(performance.now() - t).toBeLessThan(5000);
        await sandbox.writeFile('fresh.py', 'print(1)', { exclusive: true });
        await expect(sandbox.writeFile('fresh.py', 'print(2)', { exclusive: true })).rejects.toThrow(/already exists/);
        await run("import os\nfor f in ['trap.fifo', 'link.txt', 'sparse.bin', 'fresh.py']: os.remove(f)");
      });

      it("cannot reach the host's abstract unix sockets (the D-Bus / X11 kind) and cannot gain privileges from set-uid programs", async () => {
        let connections = 0;
        const name = `\0mle-arena-test-${process.pid}`;
        const server = net.createServer((s) => {
          connections++;
          s.end('hello');
        });
        await new Promise<void>((resolve) => server.listen(name, resolve));
        try {
          const r = await run(`import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(${JSON.stringify(name)}); print('CONNECTED', s.recv(5))
except OSError as e:
    print('BLOCKED', e.errno)
print('NNP', open('/proc/self/status').read().split('NoNewPrivs:')[1].split()[0])
import subprocess
print('SU', subprocess.run(['/usr/bin/su', '-c', 'id -u'], capture_output=True, text=True, input='').returncode)`);
          expect(r.stdout).toMatch(/^BLOCKED/m);
          expect(r.stdout).toMatch(/^NNP 1$/m);
          expect(r.stdout).not.toMatch(/^SU 0$/m);
          expect(connections).toBe(0);
        } finally {
          server.close();
        }
      });

      it("reports an exit status of 125 as the code's own, never as a sandbox failure", async () => {
        const r = await sandbox.exec(['/bin/sh', '-c', 'echo "could not join" >&2; exit 125'], { timeoutSec: 30 });
        expect(r.exitCode).toBe(125);
        expect(r.stderr).toContain('could not join');
      });

      it('refuses a submission.csv that is a symlink out of the workspace', async () => {
        const target = path.join(privateDir, 'answers.csv');
        await run(`import os\nos.symlink(${JSON.stringify(target)}, 'submission.csv')\nos.symlink('/etc/passwd', 'passwd.csv')`);
        await expect(sandbox.readFile('submission.csv')).rejects.toThrow(/symbolic link/);
        await expect(sandbox.readFile('passwd.csv')).rejects.toThrow(/symbolic link/);
        // What the grader gets: the copy through the sandbox is refused before a byte is written.
        const copy = path.join(root, 'graded-submission.csv');
        await expect(copyOut(sandbox, 'submission.csv', copy, 1 << 20)).rejects.toMatchObject({ kind: 'symlink' });
        expect(existsSync(copy)).toBe(false);
      });
    });
  });
  defineEpisodeAttackSuite(name);
}
