import { constants } from 'node:os';
import { SANDBOX_PATHS } from '../types.js';

/**
 * The programs the backend runs inside each container, as Python source passed with `-c` (so
 * changing them needs no image rebuild). Both are the supervisor, not the code: neither runs as
 * the code's uid.
 */

/** The uid and gid code runs as inside the containers (Debian's nobody:nogroup). */
export const SANDBOX_UID = 65534;

/**
 * PID 1 of every container: `sleep infinity` with SIGCHLD ignored, which the kernel inherits across
 * execve. An ignored SIGCHLD makes the kernel reap exited children at once, so the processes
 * orphaned to PID 1 (everything the exec wrapper kills) never pile up as zombies against the pids
 * limit. It runs as the container's user, root with only CAP_SETUID, CAP_SETGID and CAP_KILL
 * (container.ts): code, under another uid and without capabilities, can neither signal, trace nor
 * read it.
 */
export const INIT_CMD = [SANDBOX_PATHS.python, '-I', '-S', '-c', 'import os, signal; signal.signal(signal.SIGCHLD, signal.SIG_IGN); os.execv("/bin/sleep", ["sleep", "infinity"])'];

/** Starts the status line the wrapper writes last on stderr (NUL first: never in ordinary text). */
export const STATUS_MARKER = '\0ARENA-EXEC-STATUS ';

/**
 * The wrapper of one execution: argv = timeout seconds, CPU seconds, max file size, max processes
 * (0: none set), script bytes, then the command. It runs as the container's root, whose only capabilities are CAP_SETUID,
 * CAP_SETGID (to start the code as SANDBOX_UID) and CAP_KILL (to end it). It
 *  - optionally reads a script of that many bytes from stdin into a memfd and appends its fd
 *    number to the command (for Python code too long for an argument; the rest of stdin goes to
 *    the code); nothing is written where the code could plant a link,
 *  - forks the code: a new session, RLIMIT_CPU / RLIMIT_FSIZE (and RLIMIT_NPROC under gVisor, see
 *    WrapperArgs), no supplementary groups, gid and
 *    uid SANDBOX_UID (the uid change clears every capability; checked before exec), the
 *    environment minus Docker's HOSTNAME,
 *  - waits for it with a wall-clock limit (pidfd + poll), killing it when the limit passes,
 *  - then kills EVERY other process of the container but PID 1 (`kill(-1, SIGKILL)` with CAP_KILL
 *    reaches all of them, including ones that left the session or double-forked) and waits until
 *    they are gone: no background process outlives an execution. The backend runs one execution
 *    per sandbox at a time, so nothing else is hit.
 *  - reads the container's cgroup counters before and after: oom_kill (memory) and CPU time of
 *    everything that ran, background processes included,
 *  - writes the status as the last line of stderr: `STATUS_MARKER ok exit signal timedOut oomKills
 *    cpuNs`, or `STATUS_MARKER setup <reason>` when the code could not be started (a failure of the
 *    sandbox, reported through a close-on-exec pipe that only the not-yet-exec'd child writes).
 *
 * Why code cannot forge that status: it shares the wrapper's stderr and may print a status line
 * of its own, but (1) the backend only takes a status that ends the stream, (2) the wrapper
 * writes its own only after every process of the code is dead, so nothing of the code can write
 * after it, and (3) the backend only believes it when the wrapper then exited 0. Code cannot
 * kill, stop or trace the wrapper (other uid, no capabilities, seccomp), so the status is missing
 * only when the kernel killed the wrapper (OOM) or the harness's backstop restarted the container;
 * the backend then ignores any line it sees and measures from the host.
 */
const WRAPPER = String.raw`
import os, sys, time, resource, select

UID = ${SANDBOX_UID}

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

def drop_privileges():
    os.setgroups([])
    os.setresgid(UID, UID, UID)
    os.setresuid(UID, UID, UID)
    with open('/proc/self/status') as f:
        caps = [l.split()[1] for l in f if l.startswith(('CapPrm', 'CapEff', 'CapAmb'))]
    if os.getresuid() != (UID, UID, UID) or os.getresgid() != (UID, UID, UID) or os.getgroups() or any(int(c, 16) for c in caps):
        raise OSError('privileges not fully dropped: uids %s gids %s groups %s caps %s' % (os.getresuid(), os.getresgid(), os.getgroups(), caps))

def read_script(n):
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(0, n - len(buf))
        if not chunk:
            break
        buf += chunk
    fd = os.memfd_create('arena-code')
    os.write(fd, buf)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd

def main():
    timeout, cpu, fsize, nproc, nscript = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    cmd = sys.argv[6:]
    script = read_script(nscript) if nscript else None
    if script is not None:
        cmd = cmd + [str(script)]
    env = {k: v for k, v in os.environ.items() if k != 'HOSTNAME'}
    oom0, cpu0 = counters()
    setup_r, setup_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(setup_r)
        try:
            os.setsid()
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            if nproc:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
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
    setup_error = os.read(setup_r, 4096)
    os.close(setup_r)
    if setup_error:
        os.waitpid(pid, 0)
        os.write(2, b'\0ARENA-EXEC-STATUS setup %s\n' % setup_error.replace(b'\n', b' '))
        return
    timed_out = not wait_for(pid, timeout)
    if timed_out:
        kill_all()
    status = os.wait4(pid, 0)[1]
    kill_all()
    oom1, cpu1 = counters()
    if cpu0 is not None and cpu1 is not None:
        cpu_ns = cpu1 - cpu0
    else:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_ns = int((ru.ru_utime + ru.ru_stime) * 1e9)
    oom = oom1 - oom0 if oom0 is not None and oom1 is not None else 0
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    os.write(2, b'\0ARENA-EXEC-STATUS ok %d %d %d %d %d\n' % (code, sig, int(timed_out), oom, cpu_ns))

main()
`;

export interface WrapperArgs {
  timeoutSec: number;
  cpuTimeSec: number;
  maxFileBytes: number;
  /**
   * RLIMIT_NPROC for the code, 0 for none. Only under gVisor, whose kernel counts the processes of
   * one sandbox alone; on the host's kernel the count would be shared with every process of uid
   * SANDBOX_UID on the machine, so there the pids cgroup bounds processes instead.
   */
  maxProcesses: number;
  /** Bytes of script the wrapper reads from stdin first (0: none). */
  scriptBytes: number;
}

export function wrapperArgv(command: string[], args: WrapperArgs): string[] {
  return [
    SANDBOX_PATHS.python, '-I', '-S', '-c', WRAPPER,
    String(args.timeoutSec), String(Math.max(1, Math.ceil(args.cpuTimeSec))), String(args.maxFileBytes), String(args.maxProcesses), String(args.scriptBytes),
    ...command,
  ];
}

export type WrapperStatus =
  | { kind: 'ok'; exitCode: number | null; signal: string | null; timedOut: boolean; oomKills: number; cpuNs: number }
  /** The code could not be started: the sandbox failed, not the code. */
  | { kind: 'setup'; reason: string };

const OK_RE = /^ok (-?\d+) (\d+) ([01]) (\d+) (-?\d+)\n$/;
const SETUP_RE = /^setup ([^\n]*)\n$/;

/** Parses the wrapper's status line (without the marker); undefined when malformed. */
export function parseStatus(line: string): WrapperStatus | undefined {
  const setup = SETUP_RE.exec(line);
  if (setup) return { kind: 'setup', reason: setup[1]! };
  const m = OK_RE.exec(line);
  if (!m) return undefined;
  const code = Number(m[1]);
  const sig = Number(m[2]);
  return { kind: 'ok', exitCode: code < 0 ? null : code, signal: sig ? signalName(sig) : null, timedOut: m[3] === '1', oomKills: Number(m[4]), cpuNs: Math.max(0, Number(m[5])) };
}

export function signalName(num: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === num);
  return entry ? entry[0] : `SIG${num}`;
}
