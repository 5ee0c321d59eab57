import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, chown, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from './types.js';

/**
 * How the harness touches files in a workspace, whose every name the agent's code may have
 * planted: a symbolic link out of the workspace, a FIFO that blocks whoever opens it, a sparse
 * file of terabytes, a set-uid file. Nothing here follows a link or blocks: intermediate
 * components are checked with lstat, the last one is opened with O_NOFOLLOW | O_NONBLOCK and must
 * be a regular file by fstat of the very descriptor that is then read or written.
 *
 * The checks are race-free because the harness only touches a workspace between executions,
 * when every process of the sandbox has been killed (both backends guarantee it).
 */

/** Bytes a plain readFile of the workspace returns at most, unless the caller says otherwise. */
export const DEFAULT_READ_LIMIT = 64 * 1024 * 1024;

const NOFOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Why a workspace file cannot be taken: each a reason the agent can be told. */
export type UnsafeKind = 'missing' | 'symlink' | 'not_a_file' | 'too_large' | 'outside';

export class UnsafeFileError extends SandboxError {
  constructor(
    readonly kind: UnsafeKind,
    message: string,
  ) {
    super(message);
  }
}

/** Splits a relative path into its components, refusing absolute paths and `..`. */
function components(relativePath: string): string[] {
  if (path.isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..')) {
    throw new UnsafeFileError('outside', `"${relativePath}" is not a path inside the workspace`);
  }
  const parts = relativePath.split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts.length === 0) throw new UnsafeFileError('outside', `"${relativePath}" names no file`);
  return parts;
}

/** Checks that every directory on the way is a real directory; creates missing ones when asked. */
async function walkParents(root: string, parts: string[], relativePath: string, create?: { owner?: number }): Promise<string> {
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info?.isDirectory()) continue;
    if (info?.isSymbolicLink()) throw new UnsafeFileError('symlink', `"${relativePath}" passes through a symbolic link (${path.relative(root, dir)}); refusing to follow it`);
    if (info) throw new UnsafeFileError('not_a_file', `"${relativePath}": ${path.relative(root, dir)} is not a directory`);
    if (!create) throw new UnsafeFileError('missing', `no file "${relativePath}" in the workspace`);
    await mkdir(dir, { mode: 0o755 });
    if (create.owner !== undefined) await chown(dir, create.owner, create.owner);
  }
  return path.join(dir, parts[parts.length - 1]!);
}

function explainOpenError(err: NodeJS.ErrnoException, relativePath: string): UnsafeFileError {
  if (err.code === 'ENOENT') return new UnsafeFileError('missing', `no file "${relativePath}" in the workspace`);
  if (err.code === 'ELOOP') return new UnsafeFileError('symlink', `"${relativePath}" is a symbolic link; write it as a regular file`);
  // ENXIO: a FIFO with no reader opened for writing without blocking.
  if (err.code === 'ENXIO' || err.code === 'EISDIR') return new UnsafeFileError('not_a_file', `"${relativePath}" is not a regular file`);
  return new UnsafeFileError('not_a_file', `"${relativePath}" cannot be opened: ${err.code ?? err.message}`);
}

/** Opens a workspace file for reading: a regular file of at most `maxBytes`, or an UnsafeFileError. */
async function openForReading(root: string, relativePath: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  const full = await walkParents(root, components(relativePath), relativePath);
  const handle = await open(full, constants.O_RDONLY | NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
    throw explainOpenError(err, relativePath);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnsafeFileError('not_a_file', `"${relativePath}" is not a regular file`);
    if (info.size > maxBytes) throw new UnsafeFileError('too_large', `"${relativePath}" is ${info.size} bytes, over the limit of ${maxBytes}`);
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

export interface CopiedFile {
  bytes: number;
  sha256: string;
}

/**
 * Copies a workspace file to a harness path (which must not exist yet) with mode 0644, hashing it
 * on the way: never a link, never more than `maxBytes`, never a set-uid or executable copy.
 */
export async function copyOutOfWorkspace(root: string, relativePath: string, destination: string, maxBytes: number): Promise<CopiedFile> {
  const { handle } = await openForReading(root, relativePath, maxBytes);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const out = await open(destination, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      const chunk = Buffer.alloc(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, bytes);
        if (bytesRead === 0) break;
        bytes += bytesRead;
        // The file was checked by fstat; bounded again in case it is being extended.
        if (bytes > maxBytes) throw new UnsafeFileError('too_large', `"${relativePath}" grew past the limit of ${maxBytes} bytes while being read`);
        hash.update(chunk.subarray(0, bytesRead));
        await out.write(chunk, 0, bytesRead);
      }
      await out.chmod(0o644);
    } finally {
      await out.close();
    }
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
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
    if (err.code === 'EEXIST') throw new UnsafeFileError('not_a_file', `"${relativePath}" already exists`);
    throw explainOpenError(err, relativePath);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnsafeFileError('not_a_file', `"${relativePath}" is not a regular file; refusing to write into it`);
    await handle.truncate(0);
    await handle.writeFile(data);
    await handle.chmod(0o644);
    if (options.owner !== undefined) await handle.chown(options.owner, options.owner);
  } finally {
    await handle.close();
  }
}
