import { DENIED_FLAGS, DENIED_SYSCALLS, ENOSYS, EPERM, UNSUPPORTED_SYSCALLS } from '../syscall-policy.js';

/**
 * The shared syscall policy (syscall-policy.ts) as a Docker engine seccomp profile, passed inline
 * (`seccomp=<json>` in HostConfig.SecurityOpt). A custom profile REPLACES Docker's default one, an
 * allow list that also refuses what an unprivileged container should never do; the shared deny
 * list covers its significant entries (tracing, namespaces, mounts, keys, bpf, perf, modules,
 * kexec, clocks, personality changes), and DOCKER_ALSO_DENIED below adds the rest that matters here.
 */

/** The JSON shape the engine reads (moby's `types.Seccomp`, the subset used here). */
export interface DockerSeccompProfile {
  defaultAction: 'SCMP_ACT_ALLOW';
  architectures: string[];
  syscalls: Array<{
    names: string[];
    action: 'SCMP_ACT_ERRNO';
    errnoRet: number;
    args?: Array<{ index: number; value: number; valueTwo: number; op: 'SCMP_CMP_MASKED_EQ' }>;
  }>;
}

/**
 * Denied by Docker's default profile and not by the shared policy: the 32-bit-only vm86 calls,
 * reachable here because this profile also covers the i386 table (the local filter kills any
 * call from a foreign table instead). (Docker's default also refuses the NUMA placement calls
 * without CAP_SYS_NICE; they act on the caller's own memory only, so they stay allowed, as on
 * the local backend.)
 */
const DOCKER_ALSO_DENIED = ['vm86', 'vm86old'];

/**
 * The filter must also cover the 32-bit (int 0x80) and x32 system-call tables of an x86_64
 * kernel: a name is resolved in each, so `ptrace` through the i386 table is denied too.
 */
const ARCHITECTURES: Record<string, string[]> = {
  x64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
};

export function dockerSeccompProfile(arch: string = process.arch): DockerSeccompProfile {
  const architectures = ARCHITECTURES[arch];
  if (!architectures) throw new Error(`seccomp-profile: no seccomp architectures known for process.arch "${arch}"`);
  const flagRules = Object.entries(DENIED_FLAGS).flatMap(([call, flags]) =>
    // One entry per flag: the args of one entry must all match (AND), separate entries are ORed.
    Object.values(flags).map((rule) => ({
      names: [call],
      action: 'SCMP_ACT_ERRNO' as const,
      errnoRet: EPERM,
      args: [{ index: 0, value: rule.mask, valueTwo: rule.value, op: 'SCMP_CMP_MASKED_EQ' as const }],
    })),
  );
  return {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures,
    syscalls: [
      { names: [...DENIED_SYSCALLS, ...DOCKER_ALSO_DENIED], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
      { names: [...UNSUPPORTED_SYSCALLS], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
      ...flagRules,
    ],
  };
}

/** The HostConfig.SecurityOpt entry that installs the profile. */
export function seccompSecurityOpt(): string {
  return `seccomp=${JSON.stringify(dockerSeccompProfile())}`;
}
