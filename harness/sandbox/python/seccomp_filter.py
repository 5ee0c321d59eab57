"""Compiles the sandbox's syscall policy into a seccomp BPF program with libseccomp.

The policy (harness/sandbox/syscall-policy.ts) arrives as JSON:
    {"denied": [names], "unsupported": [names], "deniedFlags": {name: {flag: {"mask": m, "value": v}}}}
Everything else is allowed. Denied calls fail with EPERM, unsupported ones with ENOSYS; a call in
deniedFlags fails with EPERM when its first argument masked by one rule's mask equals its value.

Used as a module (build_filter, compile_policy) and as a program: policy JSON on stdin, the raw
BPF program (native architecture) on stdout, the shape bubblewrap's --seccomp FD expects.
"""

import errno
import json
import os
import sys
import tempfile

import seccomp


def build_filter(policy):
    """A libseccomp filter for the policy; names this kernel/libseccomp does not know are skipped."""
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    skipped = []

    def rule(action, name, *args):
        try:
            f.add_rule(action, name, *args)
        except (RuntimeError, ValueError, OSError):
            skipped.append(name)

    for name in policy.get("denied", []):
        rule(seccomp.ERRNO(errno.EPERM), name)
    for name in policy.get("unsupported", []):
        rule(seccomp.ERRNO(errno.ENOSYS), name)
    for name, flags in policy.get("deniedFlags", {}).items():
        for test in flags.values():
            rule(seccomp.ERRNO(errno.EPERM), name, seccomp.Arg(0, seccomp.MASKED_EQ, test["mask"], test["value"]))
    return f, sorted(set(skipped))


def compile_policy(policy):
    """(raw BPF bytes, skipped names)."""
    f, skipped = build_filter(policy)
    with tempfile.TemporaryFile() as out:
        f.export_bpf(out)
        out.seek(0)
        return out.read(), skipped


def main():
    program, skipped = compile_policy(json.load(sys.stdin))
    if skipped:
        sys.stderr.write(json.dumps({"skipped": skipped}) + "\n")
    os.write(sys.stdout.fileno(), program)


if __name__ == "__main__":
    main()
