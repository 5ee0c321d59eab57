import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import type { ArrayTask } from '../../harness/executor/slurm/job-array.js';

// The one two-node cluster of this machine (scripts/slurm-up.sh: slurmctld, slurmd w1 and w2,
// partition `arena`), as the Slurm test files drive it.
export const SLURM_DIR = process.env.ARENA_SLURM_DIR ?? '/var/lib/mle-arena-slurm';
export const PARTITION = 'arena';

export function slurmUp(): void {
  execFileSync('scripts/slurm-up.sh', { stdio: 'inherit', timeout: 240_000 });
}

export interface Proc {
  pid: number;
  sid: number;
  cmdline: string;
}

export function processes(): Proc[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .flatMap((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        // After "pid (comm) ": state ppid pgrp session ...
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(e), sid: Number(fields[3]), cmdline: readFileSync(`/proc/${e}/cmdline`, 'utf8').replaceAll('\0', ' ') }];
      } catch {
        return [];
      }
    });
}

/**
 * The node "loses power": its slurmd and every process of the given step sessions (the
 * slurmstepd of each task on the node and the task's command) die at once with SIGKILL.
 */
export function killNode(node: string, sessions: Set<number>): number[] {
  const victims = [Number(readFileSync(path.join(SLURM_DIR, node, 'slurmd.pid'), 'utf8')), ...processes().filter((p) => sessions.has(p.sid)).map((p) => p.pid)];
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: a task's short-lived child
    }
  }
  return victims;
}

/** The sessions of the tasks' slurmstepd processes (each task's command runs in its step's session). */
export function stepSessions(tasks: ArrayTask[]): Set<number> {
  return new Set(processes().filter((p) => tasks.some((t) => p.cmdline.startsWith(`slurmstepd: [${t.jobId}.batch]`))).map((p) => p.sid));
}

/** Who created each sandbox in a local-backend sandbox directory (ARENA_SANDBOX_DIR: boxes/<id>/meta.json). */
export function sandboxOwners(sandboxDir: string): number[] {
  const boxes = path.join(sandboxDir, 'boxes');
  if (!existsSync(boxes)) return [];
  return readdirSync(boxes).flatMap((id) => {
    try {
      return [(JSON.parse(readFileSync(path.join(boxes, id, 'meta.json'), 'utf8')) as { ownerPid: number }).ownerPid];
    } catch {
      return []; // being created or removed
    }
  });
}

export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}


const LOCK = path.join(process.env.ARENA_SLURM_DIR ?? '/var/lib/mle-arena-slurm', 'tests.lock');

/**
 * Test files that stop nodes must not run while another one uses the cluster (vitest runs files
 * in parallel): each holds this lock from its first test to its last. A lock whose holder died is
 * taken over.
 */
async function lockCluster(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    } catch {
      // being written or removed
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
    await sleep(500);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A test file's hold on the cluster: locked and brought up before its first test (then `setup`),
 * brought up again after its last, so whatever a failed test left stopped comes back for the next
 * run and for other users.
 */
export function useCluster(setup?: () => Promise<void>): void {
  let unlock: () => void = () => {};
  beforeAll(async () => {
    unlock = await lockCluster();
    slurmUp();
    await setup?.();
  }, 600_000);
  afterAll(() => {
    try {
      slurmUp();
    } finally {
      unlock();
    }
  }, 120_000);
}
