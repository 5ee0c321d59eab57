import { scratchInodes } from '../limits.js';
import { SANDBOX_PATHS } from '../types.js';
import { SANDBOX_UID } from '../docker/executor.js';

/**
 * The scratch space of a docker-copy sandbox: engine tmpfs mounts, so nothing of it is on the
 * harness's file system. Docker 20.10 cannot mount one filesystem at three places (volume
 * subpaths came with API 1.45), so the workspace quota is split: /tmp and /dev/shm get an eighth
 * each, /workspace the rest; the three sizes add up to the quota, so together they stay within
 * it, and each has its own inode limit. Pages of a tmpfs count against the container's memory.
 */
export function scratchSizes(workspaceMb: number): { workspaceMb: number; tmpMb: number } {
  const tmpMb = Math.max(1, Math.floor(workspaceMb / 8));
  return { workspaceMb: Math.max(1, workspaceMb - 2 * tmpMb), tmpMb };
}

const options = (sizeMb: number, rest: string) => `rw,nosuid,nodev,size=${sizeMb}m,nr_inodes=${scratchInodes(sizeMb)},${rest}`;

/** HostConfig.Tmpfs of a sandbox: /workspace the code's (exec allowed, as on the other backends), /tmp and /dev/shm sticky and world-writable; exec named, as the engine's default is noexec. */
export function scratchTmpfs(workspaceMb: number): Record<string, string> {
  const sizes = scratchSizes(workspaceMb);
  return {
    [SANDBOX_PATHS.workspace]: options(sizes.workspaceMb, `exec,uid=${SANDBOX_UID},gid=${SANDBOX_UID},mode=0755`),
    '/tmp': options(sizes.tmpMb, 'exec,mode=1777'),
    '/dev/shm': options(sizes.tmpMb, 'exec,mode=1777'),
  };
}
