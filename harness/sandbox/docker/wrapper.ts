import { constants } from 'node:os';
import { SANDBOX_PATHS } from '../types.js';

/**
 * The programs the backend runs inside each container, as Python source passed with `-c` (so
 * changing them needs no image rebuild). Both run as the sandbox's unprivileged user.
 */

/**
 * PID 1 of every container: `sleep infinity` with SIGCHLD ignored, which the kernel inherits across
 * execve. An ignored SIGCHLD makes the kernel reap exited children at once, so the processes
 * orphaned to PID 1 (everything the exec wrapper kills) never pile up as zombies against the pids
 * limit. As the namespace's init it also ignores signals from inside: code that runs `kill -9 -1`
 * cannot stop the container.
 */
export const INIT_CMD = [SANDBOX_PATHS.python, '-I', '-S', '-c', 'import os, signal; signal.signal(signal.SIGCHLD, signal.SIG_IGN); os.execv("/bin/sleep", ["sleep", "infinity"])'];

/** Starts the status line the wrapper writes last on stderr (NUL first: never in ordinary text). */
export const STATUS_MARKER = '\0ARENA-EXEC-STATUS ';

/**
 * The wrapper of one execution: argv = timeout seconds, CPU seconds, max file size, script bytes,
 * then the command. It
 *  - optionally reads a script of that many bytes from stdin into /tmp and appends its path to
 *    the command (for Python code too long for an argument; the rest of stdin goes to the code),
 *  - runs the command in a new session with RLIMIT_CPU / RLIMIT_FSIZE and the environment minus
 *    Docker's HOSTNAME,
 *  - waits for it with a wall-clock limit (pidfd + poll), killing it when the limit passes,
 *  - then kills EVERY other process of the container but PID 1 (`kill(-1, SIGKILL)` reaches all
 *    processes of this uid in the container's pid namespace, including ones that left the
 *    session or double-forked) and waits until they are gone: no background process outlives an
 *    execution. The backend runs one execution per sandbox at a time, so nothing else is hit.
 *  - reads the container's cgroup counters before and after: oom_kill (memory) and CPU time of
 *    everything that ran, background processes included,
 *  - writes `STATUS_MARKER exit signal timedOut oomKills cpuNs` as the last line of stderr.
 * It runs as the code's uid, so determined code could tamper with it (kill or ptrace it); the
 * backend therefore also measures and cleans up from the host (cgroup.ts) when it can, and
 * restarts the container when the wrapper does not come back.
 */
const WRAPPER = String.raw`
import os, sys, time, resource, select

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

def others_alive(me):
    alive = 0
    for d in os.listdir('/proc'):
        if d.isdigit() and int(d) not in (1, me):
            try:
                with open('/proc/' + d + '/stat', 'rb') as f:
                    st = f.read()
                if st[st.rindex(b')') + 2:st.rindex(b')') + 3] not in (b'Z', b'X'):
                    alive += 1
            except (OSError, ValueError):
                pass
    return alive

def kill_all():
    me = os.getpid()
    for _ in range(300):
        try:
            os.kill(-1, 9)
        except OSError:
            pass
        if not others_alive(me):
            return
        time.sleep(0.01)

def wait_for(pid, timeout):
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        p = select.poll()
        p.register(fd, select.POLLIN)
        ready = p.poll(max(0, int(timeout * 1000)))
        os.close(fd)
        return bool(ready)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        time.sleep(0.005)
    return False

def main():
    timeout, cpu, fsize, nscript = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    cmd = sys.argv[5:]
    script = None
    if nscript:
        buf = bytearray()
        while len(buf) < nscript:
            chunk = os.read(0, nscript - len(buf))
            if not chunk:
                break
            buf += chunk
        script = '/tmp/.arena-code-%d.py' % os.getpid()
        try:
            os.unlink(script)
        except OSError:
            pass
        fd = os.open(script, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, buf)
        os.close(fd)
        cmd = cmd + [script]
    env = {k: v for k, v in os.environ.items() if k != 'HOSTNAME'}
    oom0, cpu0 = counters()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            os.execvpe(cmd[0], cmd, env)
        except BaseException as e:
            os.write(2, ('%s: %s\n' % (cmd[0], getattr(e, 'strerror', None) or e)).encode())
        os._exit(127)
    timed_out = not wait_for(pid, timeout)
    if timed_out:
        kill_all()
    status = os.wait4(pid, 0)[1]
    kill_all()
    if script:
        try:
            os.unlink(script)
        except OSError:
            pass
    oom1, cpu1 = counters()
    if cpu0 is not None and cpu1 is not None:
        cpu_ns = cpu1 - cpu0
    else:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_ns = int((ru.ru_utime + ru.ru_stime) * 1e9)
    oom = oom1 - oom0 if oom0 is not None and oom1 is not None else 0
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    os.write(2, b'\0ARENA-EXEC-STATUS %d %d %d %d %d\n' % (code, sig, int(timed_out), oom, cpu_ns))

main()
`;

export interface WrapperArgs {
  timeoutSec: number;
  cpuTimeSec: number;
  maxFileBytes: number;
  /** Bytes of script the wrapper reads from stdin first (0: none). */
  scriptBytes: number;
}

export function wrapperArgv(command: string[], args: WrapperArgs): string[] {
  return [
    SANDBOX_PATHS.python, '-I', '-S', '-c', WRAPPER,
    String(args.timeoutSec), String(Math.max(1, Math.ceil(args.cpuTimeSec))), String(args.maxFileBytes), String(args.scriptBytes),
    ...command,
  ];
}

export interface WrapperStatus {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  oomKills: number;
  cpuNs: number;
}

const STATUS_RE = /^(-?\d+) (\d+) ([01]) (\d+) (-?\d+)\n$/;

/** Parses the wrapper's status line (without the marker); undefined when malformed. */
export function parseStatus(line: string): WrapperStatus | undefined {
  const m = STATUS_RE.exec(line);
  if (!m) return undefined;
  const code = Number(m[1]);
  const sig = Number(m[2]);
  return { exitCode: code < 0 ? null : code, signal: sig ? signalName(sig) : null, timedOut: m[3] === '1', oomKills: Number(m[4]), cpuNs: Math.max(0, Number(m[5])) };
}

export function signalName(num: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === num);
  return entry ? entry[0] : `SIG${num}`;
}
