/**
 * Python programs an agent could run to get out of, or take over, its sandbox. Each prints one
 * line per attempt, `<label> <OUTCOME> <detail>`, so the tests can say exactly which one got
 * through.
 */

/** Syscall numbers (x86_64, aarch64) of the calls the filter must deny, with harmless arguments. */
export const SYSCALL_ATTACKS = String.raw`
import ctypes, errno, os, platform, subprocess
NR = {
  'x86_64': dict(ptrace=101, process_vm_readv=310, process_vm_writev=311, perf_event_open=298, bpf=321, keyctl=250, add_key=248,
                 request_key=249, userfaultfd=323, mount=165, umount2=166, unshare=272, setns=308, personality=135,
                 io_uring_setup=425, open_by_handle_at=304, kexec_load=246, init_module=175, finit_module=313,
                 pidfd_getfd=438, kcmp=312, clone3=435, process_madvise=440, chroot=161, pivot_root=155, swapon=167, reboot=169),
  'aarch64': dict(ptrace=117, process_vm_readv=270, process_vm_writev=271, perf_event_open=241, bpf=280, keyctl=219, add_key=217,
                  request_key=218, userfaultfd=282, mount=40, umount2=39, unshare=97, setns=268, personality=92,
                  io_uring_setup=425, open_by_handle_at=265, kexec_load=104, init_module=105, finit_module=273,
                  pidfd_getfd=438, kcmp=272, clone3=435, process_madvise=440, chroot=51, pivot_root=41, swapon=224, reboot=142),
}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
def call(name, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(NR[name]), *[ctypes.c_ulong(a) for a in args])
    return r, ctypes.get_errno()
def expect_denied(label, name, *args, want=errno.EPERM):
    r, e = call(name, *args)
    print(label, 'DENIED' if r == -1 and e == want else 'ALLOWED', r, errno.errorcode.get(e, e))
child = subprocess.Popen(['/bin/sleep', '30'])
buf = ctypes.create_string_buffer(64)
iov = (ctypes.c_ulong * 2)(ctypes.addressof(buf), 64)
attr = ctypes.create_string_buffer(128)
expect_denied('ptrace-seize-child', 'ptrace', 0x4206, child.pid, 0, 0)
expect_denied('ptrace-traceme', 'ptrace', 0, 0, 0, 0)
expect_denied('process_vm_readv', 'process_vm_readv', child.pid, ctypes.addressof(iov), 1, ctypes.addressof(iov), 1, 0)
expect_denied('process_vm_writev', 'process_vm_writev', child.pid, ctypes.addressof(iov), 1, ctypes.addressof(iov), 1, 0)
expect_denied('perf_event_open', 'perf_event_open', ctypes.addressof(attr), 0, 0xffffffffffffffff, 0xffffffffffffffff, 0)
expect_denied('bpf', 'bpf', 0, ctypes.addressof(attr), 48)
expect_denied('keyctl', 'keyctl', 0, 0xfffffffffffffffd, 0)
expect_denied('add_key', 'add_key', ctypes.addressof(ctypes.create_string_buffer(b'user')), ctypes.addressof(ctypes.create_string_buffer(b'k')), 0, 0, 0xfffffffffffffffd)
expect_denied('request_key', 'request_key', ctypes.addressof(ctypes.create_string_buffer(b'user')), ctypes.addressof(ctypes.create_string_buffer(b'k')), 0, 0)
expect_denied('userfaultfd', 'userfaultfd', 0)
expect_denied('mount', 'mount', ctypes.addressof(ctypes.create_string_buffer(b'none')), ctypes.addressof(ctypes.create_string_buffer(b'/tmp')), ctypes.addressof(ctypes.create_string_buffer(b'tmpfs')), 0, 0)
expect_denied('umount2', 'umount2', ctypes.addressof(ctypes.create_string_buffer(b'/tmp')), 0)
expect_denied('unshare-user', 'unshare', 0x10000000)
expect_denied('unshare-mount', 'unshare', 0x00020000)
expect_denied('setns', 'setns', os.open('/proc/self/ns/uts', os.O_RDONLY), 0)
expect_denied('personality-no-aslr', 'personality', 0x0040000)
expect_denied('personality-read-implies-exec', 'personality', 0x0400000)
r, e = call('personality', 0xffffffff)
print('personality-query', 'ALLOWED' if r >= 0 else 'DENIED', r, e)
expect_denied('io_uring_setup', 'io_uring_setup', 8, ctypes.addressof(attr))
expect_denied('open_by_handle_at', 'open_by_handle_at', 0, ctypes.addressof(attr), 0)
expect_denied('kexec_load', 'kexec_load', 0, 0, 0, 0)
expect_denied('init_module', 'init_module', ctypes.addressof(attr), 16, ctypes.addressof(ctypes.create_string_buffer(b'')))
expect_denied('finit_module', 'finit_module', 0, ctypes.addressof(ctypes.create_string_buffer(b'')), 0)
expect_denied('pidfd_getfd', 'pidfd_getfd', 0, 0, 0)
expect_denied('kcmp', 'kcmp', os.getpid(), child.pid, 0, 0, 0)
expect_denied('chroot', 'chroot', ctypes.addressof(ctypes.create_string_buffer(b'/tmp')))
expect_denied('pivot_root', 'pivot_root', ctypes.addressof(ctypes.create_string_buffer(b'/tmp')), ctypes.addressof(ctypes.create_string_buffer(b'/tmp')))
expect_denied('swapon', 'swapon', ctypes.addressof(ctypes.create_string_buffer(b'/workspace/x')), 0)
expect_denied('reboot', 'reboot', 0xfee1dead, 672274793, 0x4321fedc, 0)
expect_denied('clone3', 'clone3', 0, 0, want=errno.ENOSYS)
expect_denied('process_madvise', 'process_madvise', 0, ctypes.addressof(iov), 1, 0, 0)
# AF_VSOCK is not confined by a network namespace: on a VM it reaches the hypervisor's host.
import socket
try:
    socket.socket(40, socket.SOCK_STREAM).close()
    print('vsock-socket ALLOWED')
except OSError as e:
    print('vsock-socket', 'DENIED' if e.errno == errno.EPERM else 'ALLOWED', -1, errno.errorcode.get(e.errno, e.errno))
# A new namespace through the C library's own unshare(), as any program would ask for one.
if libc.unshare(ctypes.c_int(0x40000000)) == 0:
    print('libc-unshare ALLOWED')
else:
    print('libc-unshare DENIED', errno.errorcode.get(ctypes.get_errno()))
child.kill()
status = open('/proc/self/status').read()
print('SECCOMP', status.split('Seccomp:')[1].split()[0])
`;

/** Kernel settings and control files code must not open for writing. */
export const KERNEL_WRITE_ATTACKS = String.raw`
import os
def files_under(top):
    return [os.path.join(root, f) for root, dirs, files in os.walk(top) for f in files]
def writable(paths):
    found = []
    for p in paths:
        try:
            os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))
            found.append(p)
        except OSError:
            pass
    return found
opened = writable(['/proc/sys/kernel/core_pattern', '/proc/sys/vm/panic_on_oom', '/proc/sys/vm/drop_caches', '/proc/sys/kernel/modprobe',
                   '/proc/sys/fs/binfmt_misc/register', '/proc/sysrq-trigger'] + files_under('/sys/fs/cgroup'))
writable_sys = writable(files_under('/proc/sys'))
print('OPENED', opened)
print('WRITABLE_SYS', writable_sys[:20], len(writable_sys))
`;

/**
 * Every process the code can see that is not its own (an init, a supervising wrapper) must be
 * out of its reach: no signal, no ptrace, no /proc/<pid>/mem.
 */
export const FOREIGN_PROCESS_ATTACKS = String.raw`
import os, signal
mine = {os.getpid()}
def ppid(pid):
    with open('/proc/%d/stat' % pid) as f:
        s = f.read()
    return int(s[s.rindex(')') + 2:].split()[1])
pids = [int(d) for d in os.listdir('/proc') if d.isdigit()]
foreign = []
for pid in pids:
    p, seen = pid, 0
    while p > 0 and p not in mine and seen < 64:
        try:
            p = ppid(p)
        except OSError:
            break
        seen += 1
    if p not in mine and pid != os.getpid():
        foreign.append(pid)
# Our own ancestors are foreign too (a wrapper that started us).
print('FOREIGN', foreign)
for pid in foreign:
    for label, attempt in [
        ('signal0', lambda: os.kill(pid, 0)),
        ('sigkill', lambda: os.kill(pid, signal.SIGKILL)),
        ('mem', lambda: os.close(os.open('/proc/%d/mem' % pid, os.O_RDONLY))),
        ('environ', lambda: open('/proc/%d/environ' % pid, 'rb').read()),
    ]:
        try:
            attempt()
            print('REACHED', pid, label)
        except OSError as e:
            print('BLOCKED', pid, label, e.errno)
print('ALIVE', [pid for pid in foreign if os.path.exists('/proc/%d' % pid)])
`;

/** Writes `mib` MiB into each of /tmp, /dev/shm and the workspace; prints what each took. */
export const fillScratch = (mib: number) => String.raw`
import os
total = 0
for d in ['/tmp', '/dev/shm', '/workspace']:
    written = 0
    try:
        with open(os.path.join(d, 'fill.bin'), 'wb') as f:
            while written < ${mib} * (1 << 20):
                f.write(b'\1' * (1 << 20)); f.flush(); written += 1 << 20
    except OSError as e:
        pass
    total += written
    print('FILLED', d, written >> 20)
print('TOTAL', total >> 20)
for d in ['/tmp', '/dev/shm', '/workspace']:
    try:
        os.remove(os.path.join(d, 'fill.bin'))
    except OSError:
        pass
`;

/** Creates empty files until the file system refuses (or `cap` is reached). */
export const inodeFlood = (cap: number) => String.raw`
import os, shutil
os.makedirs('flood', exist_ok=True)
n = 0
try:
    while n < ${cap}:
        open('flood/%d' % n, 'w').close()
        n += 1
    print('CREATED', n, 'UNBOUNDED')
except OSError as e:
    print('CREATED', n, 'STOPPED', e.errno)
shutil.rmtree('flood')
`;
