"""Resident starter of one local sandbox's executions (backend.ts, class Zygote).

Why: moving a process into a cgroup-v1 group (a write to cgroup.procs) takes the kernel's global
cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period whenever no other
migration happened just before: 8-16 ms on this VM, more under load, i.e. most of an
execution's overhead. A fork inherits its parent's groups without any of that. So this process
joins the sandbox's groups once, when the sandbox is made, and forks every execution from
inside them: each execution and all its descendants are still counted and limited by the
sandbox's memory, pids, cpu and cpuacct groups, as before.

It runs as root on the host, outside bubblewrap's namespaces: the code (another uid, its own pid
namespace, no capabilities) can neither see, signal nor trace it. The harness's kill of
"everything in the group" after each execution spares exactly this pid; the OOM killer never
prefers the code (oom_score_adj +1000 for the code; -1000 for this process where the host
allows it), so an out-of-memory execution loses its own processes.
It exits when its stdin (a pipe from the harness) reaches EOF, i.e. when the harness dies;
bubblewrap's --die-with-parent then takes the running execution with it.

argv: CONTROL_DIR PROCS_FILE...   (CONTROL_DIR: a directory only root can reach)
stdin: one JSON line per execution: {"argv": [...], "cpu": s, "fsize": KiB, "stdin": path|null,
       "seccomp": path|null}
stdout: "ready" once, then per execution one JSON line: {"code": n} or {"signal": n} or
        {"error": why} (the child could not be started).
The execution's stdout, stderr and bubblewrap's status channel are the FIFOs CONTROL_DIR/1, /2,
/3, opened for reading (non-blocking) by the harness before it sends the command.
"""
import json
import os
import resource
import select
import signal
import sys

SIGNALS = [s for s in signal.Signals if s not in (signal.SIGKILL, signal.SIGSTOP)]


def child(cmd, control):
    # Like `spawn(..., {detached: true})`: its own session and process group.
    os.setsid()
    # Python ignores SIGPIPE (and handles SIGINT); ignored dispositions would survive the exec.
    for s in SIGNALS:
        try:
            signal.signal(s, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    src = os.open(cmd["stdin"] or "/dev/null", os.O_RDONLY)
    os.dup2(src, 0)
    for fd in (1, 2, 3):
        f = os.open(os.path.join(control, str(fd)), os.O_WRONLY)
        os.dup2(f, fd)
    if cmd["seccomp"]:
        os.dup2(os.open(cmd["seccomp"], os.O_RDONLY), 4)
        keep = 5
    else:
        keep = 4
    # No descriptor but the five of the chain reaches the code.
    os.closerange(keep, 1 << 20)
    # The OOM killer takes the code's processes before the starter (inherited; raising needs no privilege).
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")
    # A soft CPU limit below the hard one: a process that reaches it gets SIGXCPU, which tells it apart.
    cpu = int(cmd["cpu"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    fsize = int(cmd["fsize"]) * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execve(cmd["argv"][0], cmd["argv"], {})


def main():
    control = sys.argv[1]
    try:
        # Without CAP_SYS_RESOURCE (some hosts withhold it even from root) only raising is allowed:
        # then the code's own +1000 (child()) still makes it the first victim.
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("-1000")
    except PermissionError:
        pass
    for procs in sys.argv[2:]:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
    os.closerange(3, 1 << 20)
    for fd in (1, 2, 3):
        path = os.path.join(control, str(fd))
        if not os.path.exists(path):
            os.mkfifo(path, 0o600)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    pending = b""
    while True:
        while b"\n" not in pending:
            chunk = os.read(0, 1 << 16)
            if not chunk:
                return
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        cmd = json.loads(line)
        try:
            pid = os.fork()
        except OSError as e:
            out.write(json.dumps({"error": f"fork: {e}"}) + "\n")
            out.flush()
            continue
        if pid == 0:
            try:
                child(cmd, control)
            except BaseException as e:  # noqa: BLE001 - anything: the start report tells it
                try:
                    os.write(2, f"sandbox start failed: {e}\n".encode())
                finally:
                    os._exit(127)
        pidfd = os.pidfd_open(pid)
        while True:
            ready, _, _ = select.select([pidfd, 0], [], [])
            if 0 in ready:
                chunk = os.read(0, 1 << 16)
                pending += chunk
                if not chunk:
                    # The harness is gone: nothing of this sandbox may outlive it.
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except OSError:
                        pass
                    return
            if pidfd in ready:
                break
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            out.write(json.dumps({"signal": os.WTERMSIG(status)}) + "\n")
        else:
            out.write(json.dumps({"code": os.WEXITSTATUS(status)}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
