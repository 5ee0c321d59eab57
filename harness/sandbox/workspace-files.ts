import { lstat, readFile, realpath, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from './types.js';

/**
 * Resolves a path relative to a workspace and refuses anything that leaves it: absolute paths,
 * `..`, and symbolic links whose target lies outside (e.g. submission.csv → /etc/passwd).
 */
export async function resolveInWorkspace(root: string, relativePath: string): Promise<string> {
  if (path.isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..')) {
    throw new SandboxError(`"${relativePath}" is not a path inside the workspace`);
  }
  const full = path.join(root, relativePath);
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    return full;
  }
  const realRoot = await realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new SandboxError(`"${relativePath}" leads outside the workspace (to ${real})`);
  }
  return full;
}

export async function readWorkspaceFile(root: string, relativePath: string): Promise<Buffer> {
  const full = await resolveInWorkspace(root, relativePath);
  const info = await lstat(full).catch(() => null);
  if (!info) throw new SandboxError(`no file "${relativePath}" in the workspace`);
  if (!info.isFile() && !info.isSymbolicLink()) throw new SandboxError(`"${relativePath}" is not a regular file`);
  return readFile(full);
}

export async function writeWorkspaceFile(root: string, relativePath: string, data: string | Buffer): Promise<void> {
  const full = await resolveInWorkspace(root, relativePath);
  await mkdir(path.dirname(full), { recursive: true });
  // The directory may itself be reached through a link the code made; and a dangling link as the
  // file would be followed by the write.
  await resolveInWorkspace(root, path.relative(root, path.dirname(full)) || '.');
  if ((await lstat(full).catch(() => null))?.isSymbolicLink()) {
    throw new SandboxError(`"${relativePath}" is a symbolic link; refusing to write through it`);
  }
  await writeFile(full, data);
}
