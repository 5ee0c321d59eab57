import { constants } from 'node:fs';
import { lstat, mkdir, open, chown, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { components, DEFAULT_READ_LIMIT, refusalOfOpen, refuse } from './file-refusals.js';

/**
 * How a backend whose workspace is a host directory (local, docker) touches its files, every name
 * of which the agent's code may have planted: a symbolic link out of the workspace, a FIFO that blocks whoever opens it, a sparse
 * file of terabytes, a set-uid file. Nothing here follows a link or blocks: intermediate
 * components are checked with lstat, the last one is opened with O_NOFOLLOW | O_NONBLOCK and must
 * be a regular file by fstat of the very descriptor that is then read or written.
 *
 * The checks are race-free because the harness only touches a workspace between executions,
 * when every process of the sandbox has been killed (both backends guarantee it).
 */

const NOFOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Checks that every directory on the way is a real directory; creates missing ones when asked. */
async function walkParents(root: string, parts: string[], relativePath: string, create?: { owner?: number }): Promise<string> {
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info?.isDirectory()) continue;
    if (info?.isSymbolicLink()) throw refuse.linkOnTheWay(relativePath, path.relative(root, dir));
    if (info) throw refuse.notADirectory(relativePath, path.relative(root, dir));
    if (!create) throw refuse.missing(relativePath);
    await mkdir(dir, { mode: 0o755 });
    if (create.owner !== undefined) await chown(dir, create.owner, create.owner);
  }
  return path.join(dir, parts[parts.length - 1]!);
}

/** Opens a workspace file for reading: a regular file of at most `maxBytes`, or an UnsafeFileError. */
async function openForReading(root: string, relativePath: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  const full = await walkParents(root, components(relativePath), relativePath);
  const handle = await open(full, constants.O_RDONLY | NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    throw refusalOfOpen(err.code, relativePath);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse.notAFile(relativePath);
    if (info.size > maxBytes) throw refuse.tooLarge(relativePath, info.size, maxBytes);
    return { handle, size: info.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export async function readWorkspaceFile(root: string, relativePath: string, maxBytes = DEFAULT_READ_LIMIT): Promise<Buffer> {
  const { handle, size } = await openForReading(root, relativePath, maxBytes);
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface WriteOptions {
  /** Fail if the name exists in any form (the harness wants a fresh file, not one the code planted). */
  exclusive?: boolean;
  /** The uid (and gid) the new file and directories belong to: the code's, so it may change them. */
  owner?: number;
}

export async function writeWorkspaceFile(root: string, relativePath: string, data: string | Buffer, options: WriteOptions = {}): Promise<void> {
  const full = await walkParents(root, components(relativePath), relativePath, { owner: options.owner });
  const flags = constants.O_WRONLY | constants.O_CREAT | NOFOLLOW | (options.exclusive ? constants.O_EXCL : 0);
  const handle = await open(full, flags, 0o644).catch((err: NodeJS.ErrnoException) => {
    throw refusalOfOpen(err.code, relativePath);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse.notWritable(relativePath);
    await handle.truncate(0);
    await handle.writeFile(data);
    await handle.chmod(0o644);
    if (options.owner !== undefined) await handle.chown(options.owner, options.owner);
  } finally {
    await handle.close();
  }
}
