import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Lock files that name their holder (`<host> <pid>`), so that a waiter sees at once when the
 * holder died without removing it (killed mid-build): on the holder's host, by its pid.
 * A lock from another host (a shared folder on a cluster) is judged by its age alone.
 */

/** Creates `file` exclusively with this process as its holder; false when it exists. */
export function tryCreateLock(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${hostname()} ${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Whether the lock's holder is known to be gone: it names a process of this host that no longer runs. */
export function lockHolderGone(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const match = /^(\S+) (\d+)\n$/.exec(text);
  if (!match || match[1] !== hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
