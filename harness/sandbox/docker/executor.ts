import { constants } from 'node:os';
import { SANDBOX_PATHS } from '../types.js';

/**
 * The program the backend runs inside each container, as Python source passed with `-c` (so
 * changing it needs no image rebuild): the supervisor, not the code; it never runs as the code's uid.
 */

/** The uid and gid code runs as inside the containers (Debian's nobody:nogroup). */
export const SANDBOX_UID = 65534;

/** Frame kinds of the executor's answers. */
export const FRAME = { ready: 1, stdout: 2, stderr: 3, status: 4 } as const;

/**
 * The resident executor: PID 1 of every container, started once per sandbox (and again after a
 * restart), running each execution the harness sends it over the container's stdio (`docker
 * attach`), so an execution costs a fork, not a `docker exec` (an engine round trip, runc's setup
 * and a Python start-up each time). It runs as the container's root with only CAP_SETUID,
 * CAP_SETGID and CAP_KILL (container.ts): code, under another uid and without capabilities, can
 * neither signal, trace nor read it, nor reach its stdio (/proc/1/fd is not the code's to open).
 *
 * Channel (executor-channel.ts): the harness writes a request, a 4-byte big-endian length and a
 * JSON header {argv, timeout, cpu, fsize, nproc, limit, script, stdin}, then `script` bytes of
 * program (for Python code too long for an argument: it goes into a memfd whose fd number is
 * appended to argv; nothing is written where the code could plant a link) and `stdin` bytes for
 * the code's stdin. The executor answers with frames, a kind byte and a 4-byte length: READY once
 * when it starts, OUT and ERR chunks of the code's stdout and stderr (at most `limit` bytes of
 * each; the rest is counted, not sent), and one STATUS last.
 *
 * Each execution: fork the code with its stdio on pipes, a new session, RLIMIT_CPU / RLIMIT_FSIZE
 * (and RLIMIT_NPROC under gVisor, see ExecRequest), no supplementary groups, gid and uid
 * SANDBOX_UID (the uid change clears every capability; checked before exec), the container's
 * environment minus Docker's HOSTNAME; wait for it with the wall-clock limit (SIGCHLD wakes the
 * poll), killing it when the limit passes; then kill EVERY other process of the container
 * (`kill(-1, SIGKILL)` from PID 1 reaches all of them, including ones that left the session or
 * double-forked), wait until they are gone and reap them: no background process outlives an
 * execution. It reads the container's cgroup counters before and after: oom_kill (memory) and
 * the CPU time of everything that ran. STATUS is `ok exit signal timedOut oomKills cpuNs
 * stdoutBytes stderrBytes`, or `setup <reason>` when the code could not be started (a failure of
 * the sandbox, reported through a close-on-exec pipe that only the not-yet-exec'd child writes).
 *
 * Why code cannot forge a status: its output reaches the harness only inside OUT/ERR frames the
 * executor writes, and the executor is out of its reach; the status is missing only when the
 * kernel killed the executor (OOM: the container stops) or the harness's backstop restarted the
 * container, and the backend then measures from the host.
 */
const EXECUTOR = String.raw`
import os, sys, time, resource, select, signal, json, struct

UID = ${SANDBOX_UID}
READY, OUT, ERR, STATUS = ${FRAME.ready}, ${FRAME.stdout}, ${FRAME.stderr}, ${FRAME.status}

def send(kind, payload=b''):
    view = memoryview(struct.pack('>BI', kind, len(payload)) + payload)
    while view:
        view = view[os.write(1, view):]

def read_exact(n):
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(0, n - len(buf))
        if not chunk:
            sys.exit(0)
        buf += chunk
    return bytes(buf)

def field(path, key):
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.partition(' ')
                if k == key:
                    return int(v)
    except OSError:
        pass
    return None

def counters():
    oom = field('/sys/fs/cgroup/memory/memory.oom_control', 'oom_kill')
    if oom is None:
        oom = field('/sys/fs/cgroup/memory.events', 'oom_kill')
    try:
        with open('/sys/fs/cgroup/cpuacct/cpuacct.usage') as f:
            cpu = int(f.read())
    except (OSError, ValueError):
        usec = field('/sys/fs/cgroup/cpu.stat', 'usage_usec')
        cpu = None if usec is None else usec * 1000
    return oom, cpu

def others_alive():
    alive = 0
    for d in os.listdir('/proc'):
        if d.isdigit() and d != '1':
            try:
                with open('/proc/' + d + '/stat', 'rb') as f:
                    st = f.read()
                if st[st.rindex(b')') + 2:st.rindex(b')') + 3] not in (b'Z', b'X'):
                    alive += 1
            except (OSError, ValueError):
                pass
    return alive

def reap():
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                return
        except ChildProcessError:
            return

def kill_all():
    for _ in range(300):
        try:
            os.kill(-1, 9)
        except OSError:
            pass
        if not others_alive():
            return
        time.sleep(0.01)

def code_exited(pid):
    # Peeks (WNOWAIT) at exited children: the code's status stays for wait4; orphans are reaped.
    while True:
        try:
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        if info is None:
            return False
        if info.si_pid == pid:
            return True
        os.waitpid(info.si_pid, 0)

def drop_privileges():
    os.setgroups([])
    os.setresgid(UID, UID, UID)
    os.setresuid(UID, UID, UID)
    with open('/proc/self/status') as f:
        caps = [l.split()[1] for l in f if l.startswith(('CapPrm', 'CapEff', 'CapAmb'))]
    if os.getresuid() != (UID, UID, UID) or os.getresgid() != (UID, UID, UID) or os.getgroups() or any(int(c, 16) for c in caps):
        raise OSError('privileges not fully dropped: uids %s gids %s groups %s caps %s' % (os.getresuid(), os.getresgid(), os.getgroups(), caps))

def start(req, script, stdin_r, out_w, err_w, env):
    cmd = list(req['argv'])
    if script is not None:
        cmd.append(str(script))
    setup_r, setup_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(setup_r)
            os.dup2(stdin_r, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.set_wakeup_fd(-1)
            os.setsid()
            resource.setrlimit(resource.RLIMIT_CPU, (req['cpu'], req['cpu'] + 1))
            resource.setrlimit(resource.RLIMIT_FSIZE, (req['fsize'], req['fsize']))
            if req['nproc']:
                resource.setrlimit(resource.RLIMIT_NPROC, (req['nproc'], req['nproc']))
            drop_privileges()
            if script is not None:
                os.set_inheritable(script, True)
        except BaseException as e:
            os.write(setup_w, ('%s: %s' % (type(e).__name__, e)).encode()[:2000])
            os._exit(126)
        try:
            os.execvpe(cmd[0], cmd, env)
        except BaseException as e:
            os.write(2, ('%s: %s\n' % (cmd[0], getattr(e, 'strerror', None) or e)).encode())
        os._exit(127)
    os.close(setup_w)
    error = os.read(setup_r, 4096)
    os.close(setup_r)
    return pid, error

class Relay:
    """The code's stdout or stderr: forwarded up to the limit, counted past it."""
    def __init__(self, fd, kind, limit):
        self.fd, self.kind, self.room, self.total = fd, kind, limit, 0
    def read(self):
        chunk = os.read(self.fd, 65536)
        self.total += len(chunk)
        if chunk and self.room > 0:
            send(self.kind, chunk[:self.room])
            self.room -= min(len(chunk), self.room)
        return bool(chunk)

def execute(req, wake_r):
    script = None
    if req['script']:
        script = os.memfd_create('arena-code')
        os.write(script, read_exact(req['script']))
        os.lseek(script, 0, os.SEEK_SET)
    data = memoryview(read_exact(req['stdin']))
    env = {k: v for k, v in os.environ.items() if k != 'HOSTNAME'}
    oom0, cpu0 = counters()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid, error = start(req, script, stdin_r, out_w, err_w, env)
    for fd in (stdin_r, out_w, err_w) + ((script,) if script is not None else ()):
        os.close(fd)
    relays = {out_r: Relay(out_r, OUT, req['limit']), err_r: Relay(err_r, ERR, req['limit'])}
    if error:
        os.close(stdin_w)
        os.waitpid(pid, 0)
        for fd in relays:
            os.close(fd)
        send(STATUS, b'setup ' + error.replace(b'\n', b' '))
        return
    poller = select.poll()
    for fd in relays:
        poller.register(fd, select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    if data:
        os.set_blocking(stdin_w, False)
        poller.register(stdin_w, select.POLLOUT)
    else:
        os.close(stdin_w)
        stdin_w = None
    deadline = time.monotonic() + req['timeout']
    timed_out = False
    while not code_exited(pid):
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        for fd, _ in poller.poll(max(1, int(left * 1000))):
            if fd == wake_r:
                os.read(wake_r, 4096)
            elif fd == stdin_w:
                try:
                    data = data[os.write(stdin_w, data[:65536]):]
                except OSError:
                    data = data[:0]
                if not data:
                    poller.unregister(stdin_w)
                    os.close(stdin_w)
                    stdin_w = None
            elif fd in relays and not relays[fd].read():
                poller.unregister(fd)
    if stdin_w is not None:
        os.close(stdin_w)
    if timed_out:
        kill_all()
    status = os.wait4(pid, 0)[1]
    kill_all()
    reap()
    # Every writer is gone: the pipes end. A process the kernel could not kill yet gets two seconds.
    for fd, relay in relays.items():
        ready = select.poll()
        ready.register(fd, select.POLLIN)
        while ready.poll(2000) and relay.read():
            pass
        os.close(fd)
    oom1, cpu1 = counters()
    if cpu0 is not None and cpu1 is not None:
        cpu_ns = cpu1 - cpu0
    else:
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_ns = int((ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime) * 1e9)
    oom = oom1 - oom0 if oom0 is not None and oom1 is not None else 0
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    # The CPU-time limit is the timeout too: a busy process can reach it before this loop wakes.
    timed_out = timed_out or sig == signal.SIGXCPU
    send(STATUS, b'ok %d %d %d %d %d %d %d' % (code, sig, int(timed_out), oom, cpu_ns, relays[out_r].total, relays[err_r].total))

def main():
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    send(READY)
    while True:
        (size,) = struct.unpack('>I', read_exact(4))
        execute(json.loads(read_exact(size)), wake_r)

main()
`;

/** The executor's command: PID 1 of every sandbox container. */
export const EXECUTOR_CMD = [SANDBOX_PATHS.python, '-I', '-S', '-c', EXECUTOR];

/** One execution, as the executor reads it (its JSON header). */
export interface ExecRequest {
  argv: string[];
  /** Wall-clock limit, seconds. */
  timeout: number;
  /** RLIMIT_CPU, seconds. */
  cpu: number;
  /** RLIMIT_FSIZE, bytes. */
  fsize: number;
  /**
   * RLIMIT_NPROC for the code, 0 for none. Only under gVisor, whose kernel counts the processes of
   * one sandbox alone; on the host's kernel the count would be shared with every process of uid
   * SANDBOX_UID on the machine, so there the pids cgroup bounds processes instead.
   */
  nproc: number;
  /** Bytes of each output stream forwarded; the rest is counted. */
  limit: number;
  /** Bytes of script after the header (0: none), then bytes of stdin. */
  script: number;
  stdin: number;
}


export type ExecStatus =
  | { kind: 'ok'; exitCode: number | null; signal: string | null; timedOut: boolean; oomKills: number; cpuNs: number; stdoutBytes: number; stderrBytes: number }
  /** The code could not be started: the sandbox failed, not the code. */
  | { kind: 'setup'; reason: string };

const OK_RE = /^ok (-?\d+) (\d+) ([01]) (\d+) (-?\d+) (\d+) (\d+)$/;
const SETUP_RE = /^setup ([^\n]*)$/;

/** Parses the executor's STATUS frame; undefined when malformed. */
export function parseStatus(line: string): ExecStatus | undefined {
  const setup = SETUP_RE.exec(line);
  if (setup) return { kind: 'setup', reason: setup[1]! };
  const m = OK_RE.exec(line);
  if (!m) return undefined;
  const code = Number(m[1]);
  const sig = Number(m[2]);
  return { kind: 'ok', exitCode: code < 0 ? null : code, signal: sig ? signalName(sig) : null, timedOut: m[3] === '1', oomKills: Number(m[4]), cpuNs: Math.max(0, Number(m[5])), stdoutBytes: Number(m[6]), stderrBytes: Number(m[7]) };
}

export function signalName(num: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === num);
  return entry ? entry[0] : `SIG${num}`;
}
