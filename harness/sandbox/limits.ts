import type { TaskManifest } from '../task/schema.js';
import type { SandboxLimits } from './types.js';

/** Processes and threads an episode may run at once: room for joblib workers and BLAS threads. */
export const DEFAULT_PIDS = 256;

/** The sandbox limits a task asks for. */
export function limitsForTask(manifest: TaskManifest): SandboxLimits {
  return { memoryMb: manifest.limits.memoryMb, cpus: manifest.limits.cpus, pids: DEFAULT_PIDS, workspaceMb: manifest.limits.diskMb };
}

/** Limits for running a task's prepare.py: trusted code, but still confined. */
export const PREPARE_LIMITS: SandboxLimits = { memoryMb: 4096, cpus: 2, pids: DEFAULT_PIDS, workspaceMb: 1024 };
export const PREPARE_TIMEOUT_SEC = 900;

/**
 * Inodes of a sandbox's scratch filesystem (workspace, /tmp and /dev/shm together): one per 16 KiB
 * of quota, at least 16,384, so a flood of empty files cannot pin unbounded kernel memory.
 */
export const scratchInodes = (sizeMb: number) => Math.max(16_384, sizeMb * 64);
