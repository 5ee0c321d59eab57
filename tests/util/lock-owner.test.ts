import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockHolderGone, tryCreateLock } from '../../harness/util/lock-owner.js';
import { tempDir } from '../helpers/fixture-task.js';

// A build lock left by a killed process (the R catalog's, found when a killed `arena generate`
// left other commands waiting ten minutes) is recognised by its holder's pid on this host.

const dir = tempDir('arena-lock-owner-');

describe('lock files that name their holder', () => {
  it('is created once, naming this host and process', () => {
    const file = path.join(dir, 'a.lock');
    expect(tryCreateLock(file)).toBe(true);
    expect(tryCreateLock(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(`${hostname()} ${process.pid}\n`);
    expect(lockHolderGone(file)).toBe(false);
  });

  it('knows a holder of this host that has exited is gone', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const file = path.join(dir, 'dead.lock');
    writeFileSync(file, `${hostname()} ${child.stdout}\n`);
    expect(lockHolderGone(file)).toBe(true);
  });

  it('does not judge a holder of another host, an unreadable lock or a missing one', () => {
    const other = path.join(dir, 'other.lock');
    writeFileSync(other, `not-${hostname()} 999999\n`);
    expect(lockHolderGone(other)).toBe(false);
    const empty = path.join(dir, 'empty.lock');
    writeFileSync(empty, '');
    expect(lockHolderGone(empty)).toBe(false);
    expect(lockHolderGone(path.join(dir, 'missing.lock'))).toBe(false);
  });
});
