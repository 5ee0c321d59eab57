import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetManifest } from './schema.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `.tmp-<name>-<pid>-*` and `.old-<name>-<pid>-*` folders left by processes that died mid-install. */
async function removeAbandoned(parent: string, name: string): Promise<void> {
  for (const entry of await readdir(parent)) {
    const match = /^\.(tmp|old)-(.+)-(\d+)-[^-]+$/.exec(entry);
    if (match && match[2] === name && !isAlive(Number(match[3]))) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * Builds a dataset in a temporary sibling folder and renames it onto `targetDir` only when complete,
 * so a crash or a failed conversion never leaves a half dataset. An existing target is replaced.
 */
export async function installDataset(targetDir: string, build: (tempDir: string) => Promise<DatasetManifest>): Promise<DatasetManifest> {
  const parent = path.dirname(targetDir);
  const name = path.basename(targetDir);
  await mkdir(parent, { recursive: true });
  await removeAbandoned(parent, name);
  const temp = await mkdtemp(path.join(parent, `.tmp-${name}-${process.pid}-`));
  let manifest: DatasetManifest;
  try {
    manifest = await build(temp);
    // mkdtemp makes it 0700; sandboxes read raw data under an unprivileged uid of their own.
    await chmod(temp, 0o755);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
  const old = path.join(parent, `.old-${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const hadOld = await rename(targetDir, old).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  try {
    await rename(temp, targetDir);
  } catch (err) {
    // Another process installed the same dataset in between: theirs stands (conversions are deterministic).
    await rm(temp, { recursive: true, force: true });
    if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
  return manifest;
}
