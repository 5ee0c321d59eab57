import path from 'node:path';
import { SandboxError } from './types.js';

/**
 * Why the harness refuses to take or write a workspace file, whatever backend it goes through:
 * each reason comes with the one message the agent can be told.
 */
export type UnsafeKind = 'missing' | 'symlink' | 'not_a_file' | 'too_large' | 'outside';

export class UnsafeFileError extends SandboxError {
  constructor(
    readonly kind: UnsafeKind,
    message: string,
  ) {
    super(message);
  }
}

/** The refusals, by what was found at `relativePath` (`part`: the offending directory on the way). */
export const refuse = {
  outside: (relativePath: string) => new UnsafeFileError('outside', `"${relativePath}" is not a path inside the workspace`),
  empty: (relativePath: string) => new UnsafeFileError('outside', `"${relativePath}" names no file`),
  missing: (relativePath: string) => new UnsafeFileError('missing', `no file "${relativePath}" in the workspace`),
  linkOnTheWay: (relativePath: string, part: string) => new UnsafeFileError('symlink', `"${relativePath}" passes through a symbolic link (${part}); refusing to follow it`),
  notADirectory: (relativePath: string, part: string) => new UnsafeFileError('not_a_file', `"${relativePath}": ${part} is not a directory`),
  link: (relativePath: string) => new UnsafeFileError('symlink', `"${relativePath}" is a symbolic link; write it as a regular file`),
  notAFile: (relativePath: string) => new UnsafeFileError('not_a_file', `"${relativePath}" is not a regular file`),
  notWritable: (relativePath: string) => new UnsafeFileError('not_a_file', `"${relativePath}" is not a regular file; refusing to write into it`),
  exists: (relativePath: string) => new UnsafeFileError('not_a_file', `"${relativePath}" already exists`),
  cannotOpen: (relativePath: string, why: string) => new UnsafeFileError('not_a_file', `"${relativePath}" cannot be opened: ${why}`),
  tooLarge: (relativePath: string, size: number, maxBytes: number) => new UnsafeFileError('too_large', `"${relativePath}" is ${size} bytes, over the limit of ${maxBytes}`),
};

/** The refusal for an errno of opening the last component (O_NOFOLLOW | O_NONBLOCK). */
export function refusalOfOpen(code: string | undefined, relativePath: string): UnsafeFileError {
  if (code === 'ENOENT') return refuse.missing(relativePath);
  if (code === 'ELOOP') return refuse.link(relativePath);
  // ENXIO: a FIFO with no reader opened for writing without blocking.
  if (code === 'ENXIO' || code === 'EISDIR') return refuse.notAFile(relativePath);
  if (code === 'EEXIST') return refuse.exists(relativePath);
  return refuse.cannotOpen(relativePath, code ?? 'unknown error');
}

/** Splits a relative path into its components, refusing absolute paths and `..`. */
export function components(relativePath: string): string[] {
  if (path.isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..')) throw refuse.outside(relativePath);
  const parts = relativePath.split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts.length === 0) throw refuse.empty(relativePath);
  return parts;
}

/** Bytes a plain readFile of the workspace returns at most, unless the caller says otherwise. */
export const DEFAULT_READ_LIMIT = 64 * 1024 * 1024;
