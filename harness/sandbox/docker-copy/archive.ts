import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** Who owns what a tree becomes inside the sandbox, and whether the code may change it. */
export interface Ownership {
  uid: number;
  gid: number;
  readOnly: boolean;
}

/** Modes inside the sandbox: read-only trees are 0555/0444 (root's), writable ones 0755/0644 (the code's); executables keep x. */
const dirMode = (o: Ownership) => (o.readOnly ? 0o555 : 0o755);
const fileMode = (o: Ownership, hostMode: number) => (o.readOnly ? 0o444 : 0o644) | ((hostMode & 0o111) !== 0 ? 0o111 : 0);

/**
 * Packs host directories into one tar stream, each under its own top-level name (`roots`: name →
 * host directory), directories and regular files only: links, sockets and devices are not inputs
 * and are left out (as the docker backend's views do). Streamed: a large input is never held in
 * memory.
 */
export function packTrees(roots: Record<string, string>, owner: Ownership): Readable {
  const pack = tar.pack();
  const entry = (headers: tar.Headers, body?: Readable) =>
    new Promise<void>((resolve, reject) => {
      const sink = pack.entry({ ...headers, uid: owner.uid, gid: owner.gid, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve()));
      if (body) body.on('error', reject).pipe(sink);
      else sink.end();
    });
  const walk = async (dir: string, name: string): Promise<void> => {
    await entry({ name, type: 'directory', mode: dirMode(owner) });
    for (const child of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const from = path.join(dir, child.name);
      const to = `${name}/${child.name}`;
      if (child.isDirectory()) await walk(from, to);
      else if (child.isFile()) {
        const info = await lstat(from);
        await entry({ name: to, type: 'file', size: info.size, mode: fileMode(owner, info.mode) }, createReadStream(from));
      }
    }
  };
  void (async () => {
    for (const [name, dir] of Object.entries(roots)) await walk(dir, name);
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack;
}

/** What unpack() took and what it left out. */
export interface Unpacked {
  files: number;
  bytes: number;
  /** Entries that are not directories or regular files (links, FIFOs, devices), or not inside the tree: never written. */
  skipped: string[];
}

/**
 * Unpacks the engine's archive of a sandbox folder (its one top-level entry is the folder itself)
 * into `destination`, a harness directory. The archive is the code's work, so it is not trusted:
 * only directories and regular files are written, never through a link (O_NOFOLLOW, and lstat of
 * every directory on the way), never outside `destination`, never set-uid (0644, or 0755 for
 * executables), owned by the harness.
 */
export async function unpackInto(archive: NodeJS.ReadableStream, destination: string): Promise<Unpacked> {
  const result: Unpacked = { files: 0, bytes: 0, skipped: [] };
  const extract = tar.extract();
  extract.on('entry', (headers, stream, next) => {
    write(headers, stream, destination, result).then(
      () => next(),
      (err: Error) => next(err),
    );
  });
  await pipeline(archive, extract);
  return result;
}

async function write(headers: tar.Headers, stream: Readable, destination: string, result: Unpacked): Promise<void> {
  const parts = headers.name.split('/').filter((p) => p && p !== '.').slice(1);
  const inside = !parts.some((p) => p === '..') && (headers.type === 'directory' || headers.type === 'file');
  if (!inside || (parts.length === 0 && headers.type !== 'directory')) {
    result.skipped.push(headers.name);
    stream.resume();
    return;
  }
  try {
    const dir = await directoryOf(destination, headers.type === 'directory' ? parts : parts.slice(0, -1));
    if (headers.type === 'directory') {
      stream.resume();
      return;
    }
    const exec = ((headers.mode ?? 0) & 0o111) !== 0;
    const out = await open(path.join(dir, parts.at(-1)!), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      if (!(await out.stat()).isFile()) throw new Error('not a regular file');
      for await (const chunk of stream) await out.write(chunk as Buffer);
      await out.chmod(exec ? 0o755 : 0o644);
      result.files += 1;
      result.bytes += headers.size ?? 0;
    } finally {
      await out.close();
    }
  } catch (err) {
    throw new Error(`copying "${headers.name}" back into ${destination}: ${(err as Error).message}`);
  }
}

/** The directory `parts` under `root`, made where missing; refuses a link or a file on the way. */
async function directoryOf(root: string, parts: string[]): Promise<string> {
  let dir = root;
  for (const part of parts) {
    dir = path.join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info?.isDirectory()) continue;
    if (info) throw new Error(`${dir} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a directory'}`);
    await mkdir(dir, { mode: 0o755 });
  }
  return dir;
}
