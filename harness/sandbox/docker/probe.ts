import type Docker from 'dockerode';
import { z } from 'zod';
import { SANDBOX_PATHS } from '../types.js';
import { docker } from './client.js';
import { EXECUTOR_STDIO, hardening, LABELS, ownerStartTime, pidsLimit } from './container.js';
import { EXECUTOR_CMD, SANDBOX_UID } from './executor.js';
import { ExecutorChannel } from './executor-channel.js';
import type { DockerRuntime } from './runtime.js';

/**
 * What `check()` finds by trying, not by reading configuration: a throw-away container with the
 * sandboxes' hardening (user, capabilities, seccomp profile, runtime) runs one execution through
 * the real executor, and the code reports what it is and what it can do.
 */

/** Runs as the code: its identity, its supervisor's, and a few calls only the profile denies. */
const PROBE_CODE = String.raw`
import ctypes, errno, json, os
libc = ctypes.CDLL(None, use_errno=True)
def status(pid):
    out = {}
    with open('/proc/%s/status' % pid) as f:
        for line in f:
            k, _, v = line.partition(':')
            out[k] = v.strip()
    return out
def err(r):
    return ctypes.get_errno() if r == -1 else 0
me, sup = status('self'), status(os.getppid())
try:
    os.kill(os.getppid(), 0)
    kill = 0
except OSError as e:
    kill = e.errno
print(json.dumps({
    'uid': os.getuid(), 'gid': os.getgid(), 'groups': os.getgroups(),
    'capEff': me['CapEff'], 'seccomp': me.get('Seccomp', ''), 'supervisorUid': int(sup['Uid'].split()[0]),
    'killSupervisor': kill,
    'ptraceSupervisor': err(libc.ptrace(ctypes.c_long(0x4206), ctypes.c_long(os.getppid()), None, None)),
    'personality': err(libc.personality(ctypes.c_ulong(0x0040000))),
    'ioUringSetup': err(libc.syscall(ctypes.c_long(425), ctypes.c_long(1), None)),
}))
`;

const ProbeReportSchema = z.object({
  uid: z.number(),
  gid: z.number(),
  groups: z.array(z.number()),
  capEff: z.string(),
  seccomp: z.string(),
  supervisorUid: z.number(),
  killSupervisor: z.number(),
  ptraceSupervisor: z.number(),
  personality: z.number(),
  ioUringSetup: z.number(),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export type ProbeResult = { ok: true; report: ProbeReport; ms: number } | { ok: false; error: string };

const EPERM = 1;
const EACCES = 13;

/** Runs the probe under `runtime` with the sandboxes' hardening. */
export async function probeRuntime(image: string, runtime: DockerRuntime): Promise<ProbeResult> {
  const started = performance.now();
  let container: Docker.Container | undefined;
  try {
    const box = await docker().createContainer({
      Image: image,
      Cmd: EXECUTOR_CMD,
      ...EXECUTOR_STDIO,
      User: '0:0',
      WorkingDir: SANDBOX_PATHS.workspace,
      Labels: { [LABELS.arena]: '1', [LABELS.sandbox]: 'probe', [LABELS.ownerPid]: String(process.pid), [LABELS.ownerStart]: ownerStartTime(process.pid) ?? '' },
      HostConfig: { ...hardening(runtime), Memory: 256 * 1024 * 1024, ...pidsLimit(32, runtime) },
    });
    container = box;
    const channel = await ExecutorChannel.start(box);
    // The wall-clock limit is the executor's; a wedged executor ends with the container, removed below.
    const watchdog = setTimeout(() => void box.kill().catch(() => undefined), 30_000);
    const { status, stdout, stderr } = await channel.execute({ argv: [SANDBOX_PATHS.python, '-I', '-S', '-c', PROBE_CODE], timeout: 20, cpu: 20, fsize: 1 << 20, nproc: 0, limit: 16 * 1024 }, Buffer.alloc(0), Buffer.alloc(0)).finally(() => clearTimeout(watchdog));
    channel.close();
    if (status?.kind !== 'ok' || status.exitCode !== 0) {
      const why = status?.kind === 'setup' ? `the code could not be started: ${status.reason}` : status ? `exit ${status.exitCode}` : `no status from the executor${channel.lastDiagnostic ? ` (${channel.lastDiagnostic.slice(-300)})` : ''}`;
      return { ok: false, error: `probe execution failed (${why}): ${stderr.text.trim().slice(-500)}` };
    }
    const report = ProbeReportSchema.safeParse(JSON.parse(stdout.text));
    if (!report.success) return { ok: false, error: `probe printed an unexpected report: ${report.error.message}` };
    return { ok: true, report: report.data, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, error: (err as Error).message.trim().split('\n')[0]! };
  } finally {
    // Left behind only if the engine fails now; gc removes it (labelled with this process).
    await container?.remove({ force: true }).catch(() => undefined);
  }
}

/** Whether the code ran as an unprivileged uid its supervisor does not share, and cannot touch it; else why not. */
export function uidProblem(r: ProbeReport): string | undefined {
  if (r.uid === 0 || r.uid !== SANDBOX_UID || r.gid !== SANDBOX_UID || r.groups.length > 0) return `code ran as uid ${r.uid} gid ${r.gid} groups [${r.groups.join(',')}], not ${SANDBOX_UID}:${SANDBOX_UID} without groups`;
  if (BigInt(`0x${r.capEff}`) !== 0n) return `code kept capabilities (CapEff ${r.capEff})`;
  if (r.supervisorUid === r.uid) return `the supervisor runs under the code's uid ${r.uid}`;
  if (r.killSupervisor !== EPERM) return `code could signal its supervisor (errno ${r.killSupervisor})`;
  if (r.ptraceSupervisor !== EPERM && r.ptraceSupervisor !== EACCES) return `code could trace its supervisor (errno ${r.ptraceSupervisor})`;
  return undefined;
}

/** Whether the sandboxes' own profile (not just the engine's default) was in force; else why not. */
export function seccompProblem(r: ProbeReport): string | undefined {
  if (r.seccomp !== '2') return `the code's /proc/self/status says Seccomp: ${r.seccomp || 'absent'} (2 = filter)`;
  if (r.personality !== EPERM) return `personality(ADDR_NO_RANDOMIZE) was not denied (errno ${r.personality})`;
  if (r.ioUringSetup !== EPERM) return `io_uring_setup was not denied (errno ${r.ioUringSetup}): the engine did not apply the profile`;
  return undefined;
}
