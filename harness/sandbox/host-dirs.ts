import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from './types.js';

/**
 * Creates (or accepts) a directory the harness keeps sandbox state in, and refuses one that
 * another user could have planted or can write into: it must be a real directory (not a link),
 * owned by the harness's uid, and writable by nobody else.
 */
export async function ensureOwnedDir(dir: string, mode = 0o711): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  const info = await lstat(dir);
  const uid = process.getuid?.() ?? 0;
  if (!info.isDirectory()) throw new SandboxError(`${dir} is not a directory (a ${info.isSymbolicLink() ? 'symbolic link' : 'file'}): refusing to keep sandboxes there; remove it or set ARENA_SANDBOX_DIR`);
  if (info.uid !== uid) throw new SandboxError(`${dir} belongs to uid ${info.uid}, not to this process (uid ${uid}): refusing a directory another user may control; remove it or set ARENA_SANDBOX_DIR`);
  if ((info.mode & 0o022) !== 0) throw new SandboxError(`${dir} is writable by group or others (mode ${(info.mode & 0o7777).toString(8)}): refusing it; chmod go-w it or set ARENA_SANDBOX_DIR`);
}

/**
 * A read-only input as the sandbox sees it, from a neutral host path: bind-mounting the task's own
 * `data/public` would show its host path (and so where `data/private` is) in /proc/self/mountinfo.
 * The view is a tree of hard links to the same files (copies where a link is impossible: another
 * file system, or a file not readable by everyone), made once per input and content record, and
 * shared by every sandbox of this process.
 */
export async function publicView(viewsRoot: string, publicDir: string): Promise<string> {
  const { source, key } = await publicDataKey(publicDir);
  const view = path.join(viewsRoot, `p${process.pid}-${key}`);
  if (existsSync(view)) return view;
  await ensureOwnedDir(viewsRoot);
  removeAtExit(view);
  const scratch = `${view}.tmp-${Math.random().toString(36).slice(2)}`;
  try {
    await mirror(source, scratch);
    await rename(scratch, view).catch(async (err: NodeJS.ErrnoException) => {
      // Another sandbox of this process made the same view meanwhile.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
      await rm(scratch, { recursive: true, force: true });
    });
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    throw new SandboxError(`could not make the sandbox's view of ${publicDir}: ${(err as Error).message}`);
  }
  return view;
}

/**
 * The public data's real path and a key of it and its content record (the task's prepared.json,
 * else the folder's mtime): one copy of the data per key serves every sandbox of the process.
 */
export async function publicDataKey(publicDir: string): Promise<{ source: string; key: string }> {
  const source = await realpath(publicDir).catch(() => {
    throw new SandboxError(`public data directory ${publicDir} does not exist`);
  });
  const record = await readFile(path.join(source, '..', 'prepared.json')).catch(async () => Buffer.from(String((await stat(source)).mtimeMs)));
  return { source, key: createHash('sha256').update(source).update('\0').update(record).digest('hex').slice(0, 20) };
}

const madeHere = new Set<string>();

/** This process's views go when it exits normally; a crashed one's are removed by `gc`. */
function removeAtExit(view: string): void {
  if (madeHere.size === 0) process.once('exit', () => madeHere.forEach((v) => rmSync(v, { recursive: true, force: true })));
  madeHere.add(view);
}

async function mirror(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await mirror(src, dst);
    else if (entry.isFile()) {
      const info = await stat(src);
      const readable = (info.mode & 0o004) !== 0 && (info.mode & 0o6000) === 0;
      const linked = readable && (await link(src, dst).then(() => true, () => false));
      if (!linked) {
        await copyFile(src, dst);
        await chmod(dst, 0o644);
      }
    }
    // Links, sockets and devices in public data are not inputs: left out.
  }
}

/** Views whose owning process is gone; removed by `gc`. */
export async function orphanViews(viewsRoot: string, isAlive: (pid: number) => boolean): Promise<string[]> {
  const entries = await readdir(viewsRoot).catch(() => [] as string[]);
  return entries.filter((e) => !isAlive(Number(/^p(\d+)-/.exec(e)?.[1] ?? 0))).map((e) => path.join(viewsRoot, e));
}
