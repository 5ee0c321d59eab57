import { scratchInodes } from '../limits.js';
import type { BackendCheck } from '../types.js';
import { checkDocker, type StorageReport } from '../docker/check.js';
import { scratchSizes } from './scratch.js';

/** docker-copy keeps nothing on the harness's file system: engine volumes and engine tmpfs mounts. */
function engineStorage(): StorageReport {
  const gib = scratchSizes(1024);
  return {
    dataLine:
      "/data and each declared input: copies in engine volumes (the archive API through a filler container that never starts), nothing bind-mounted from the harness's file system; /data and read-only inputs mounted read-only, their files root's (0444/0555); writable inputs the code's, copied back to their source when the sandbox is destroyed (links, FIFOs and devices left out); workspace files read and written by a program the executor runs as the code (no link followed, no FIFO opened blocking, size checked first)",
    scratchLine: `scratch: engine tmpfs mounts (size= and nr_inodes=), the quota split so they add up to it: /workspace ${gib.workspaceMb} MiB, /tmp and /dev/shm ${gib.tmpMb} MiB each of 1 GiB; their pages count against the memory limit, and a restart of the container (the kernel killed the executor, or the backstop) empties them`,
    workspaceQuota: { name: 'workspace-quota', enforced: true, detail: `engine tmpfs size limits (ENOSPC past them): /workspace, /tmp and /dev/shm get ${gib.workspaceMb}/${gib.tmpMb}/${gib.tmpMb} of every 1024 MiB of workspaceMb, so together at most workspaceMb` },
    scratchInodes: {
      name: 'scratch-inodes',
      enforced: true,
      detail: `tmpfs nr_inodes on each of /workspace, /tmp and /dev/shm: one per 16 KiB of its size, at least ${scratchInodes(0).toLocaleString('en')} (${scratchInodes(gib.workspaceMb).toLocaleString('en')} for the workspace of a 1 GiB quota)`,
    },
  };
}

/** `arena sandbox check` for docker-copy: the docker checks (engine, image, probe, limits) with its own storage. */
export function checkDockerCopy(): Promise<BackendCheck> {
  return checkDocker('docker-copy', engineStorage);
}
