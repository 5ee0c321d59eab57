import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Sandbox } from './types.js';

export interface CopiedFile {
  bytes: number;
  sha256: string;
}

/**
 * Copies a workspace file to a harness path (which must not exist yet) through the sandbox's
 * readFile, hashing it: never a link or a FIFO, never more than `maxBytes` (the backend refuses
 * those with an UnsafeFileError before a byte is read), never a set-uid or executable copy.
 */
export async function copyOut(sandbox: Sandbox, relativePath: string, destination: string, maxBytes: number): Promise<CopiedFile> {
  const data = await sandbox.readFile(relativePath, { maxBytes });
  const out = await open(destination, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await out.writeFile(data);
    await out.chmod(0o644);
  } finally {
    await out.close();
  }
  return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
