/**
 * The syscalls agent code never needs, denied on every backend: the local backend compiles this
 * list into a BPF program for bubblewrap (`python/seccomp_filter.py`, libseccomp), the Docker
 * backend turns it into an engine seccomp profile (`docker/seccomp-profile.ts`). One list, so the
 * two backends cannot drift apart.
 *
 * A deny list over the default-allow of ordinary ML code (numpy, scikit-learn, joblib, xgboost,
 * torch threads and processes), rather than an allow list that would break on the next library.
 */

/** Denied outright with EPERM. */
export const DENIED_SYSCALLS: readonly string[] = [
  // tracing and reading other processes' memory
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'process_madvise', 'pidfd_getfd', 'kcmp',
  // kernel attack surface with no use in ML code
  'perf_event_open', 'bpf', 'userfaultfd', 'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  'keyctl', 'add_key', 'request_key',
  // file systems and namespaces
  'mount', 'umount2', 'mount_setattr', 'move_mount', 'open_tree', 'fsopen', 'fsconfig', 'fsmount', 'fspick',
  'pivot_root', 'chroot', 'unshare', 'setns',
  'open_by_handle_at', 'name_to_handle_at', 'quotactl', 'quotactl_fd',
  // the kernel and the machine
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module',
  'reboot', 'swapon', 'swapoff', 'acct', 'syslog', 'vhangup',
  'settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex',
  'iopl', 'ioperm', 'uselib', 'ustat', 'sysfs', 'lookup_dcookie', 'fanotify_init', 'nfsservctl',
];

/**
 * Answered with ENOSYS, so the C library falls back to the older call whose arguments the filter
 * can inspect (clone3 passes its flags in memory, out of a seccomp filter's sight).
 */
export const UNSUPPORTED_SYSCALLS: readonly string[] = ['clone3'];

/** A flag test on a call's first argument: denied when `(arg & mask) === value`. */
export interface FlagRule {
  mask: number;
  value: number;
}

const bit = (b: number): FlagRule => ({ mask: b, value: b });
/** personality(0xffffffff) only queries the current persona: a set top bit exempts it. */
const personaBit = (b: number): FlagRule => ({ mask: b + 0x80000000, value: b });

/**
 * Calls denied only when their first argument matches: `clone` creating new namespaces,
 * `personality` switching off address-space randomization or making data executable, and
 * `socket` of family AF_VSOCK, which a network namespace does not confine (on a VM with a vsock
 * device it reaches the hypervisor's host).
 */
export const DENIED_FLAGS: Readonly<Record<string, Readonly<Record<string, FlagRule>>>> = {
  clone: {
    CLONE_NEWNS: bit(0x00020000),
    CLONE_NEWCGROUP: bit(0x02000000),
    CLONE_NEWUTS: bit(0x04000000),
    CLONE_NEWIPC: bit(0x08000000),
    CLONE_NEWUSER: bit(0x10000000),
    CLONE_NEWPID: bit(0x20000000),
    CLONE_NEWNET: bit(0x40000000),
  },
  personality: {
    ADDR_NO_RANDOMIZE: personaBit(0x0040000),
    MMAP_PAGE_ZERO: personaBit(0x0100000),
    ADDR_COMPAT_LAYOUT: personaBit(0x0200000),
    READ_IMPLIES_EXEC: personaBit(0x0400000),
  },
  socket: {
    AF_VSOCK: { mask: 0xffffffff, value: 40 },
  },
};

export const EPERM = 1;
export const ENOSYS = 38;

/** The policy as data, for the Python compiler and for reports. */
export interface SyscallPolicy {
  denied: readonly string[];
  unsupported: readonly string[];
  deniedFlags: Readonly<Record<string, Readonly<Record<string, FlagRule>>>>;
}

export const SYSCALL_POLICY: SyscallPolicy = { denied: DENIED_SYSCALLS, unsupported: UNSUPPORTED_SYSCALLS, deniedFlags: DENIED_FLAGS };

/** One line for `arena sandbox check`. */
export function describePolicy(how: string): string {
  const flagged = Object.entries(DENIED_FLAGS).map(([call, flags]) => `${call} with ${Object.keys(flags).join('|')}`);
  return `syscall filter (seccomp, ${how}): ${DENIED_SYSCALLS.length} calls denied (${DENIED_SYSCALLS.slice(0, 8).join(', ')}, ...), ${flagged.join('; ')}; clone3 answered ENOSYS`;
}
