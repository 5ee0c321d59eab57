import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../util/paths.js';
import { docker } from './client.js';

/**
 * The Docker backend's runtime image, built offline: no image registry is reachable, but Debian's
 * apt mirror is. debootstrap makes a minimal bookworm with Debian's Python ML stack, a post-step
 * makes it lean, and the rootfs is `docker import`ed. The tag is a hash of the recipe, so a changed
 * recipe builds a new image and an unchanged one is reused.
 */

export const RUNTIME_REPO = 'mle-arena-runtime';

/** Post-processing inside the chroot. Part of the recipe: changing it changes the tag. */
const SLIM_SCRIPT = `set -e
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
# python3-scipy depends on python3-pythran, which pulls g++, boost and the -dev packages (~350 MB);
# scipy never uses it at run time. A same-named empty package stands in for it, then apt removes
# whatever only pythran needed.
mkdir -p /tmp/stub/DEBIAN
printf 'Package: python3-pythran\\nVersion: 99:0-arena\\nArchitecture: all\\nMaintainer: arena\\nDescription: stub: pythran is a build-time tool\\n' > /tmp/stub/DEBIAN/control
dpkg-deb --build /tmp/stub /tmp/stub.deb >/dev/null
dpkg -i /tmp/stub.deb >/dev/null
apt-mark auto $(dpkg-query -W -f '\${Package}\\n') >/dev/null
apt-mark manual $(dpkg-query -W -f '\${Package} \${Priority} \${Essential}\\n' | awk '$2 == "required" || $2 == "important" || $3 == "yes" {print $1}') >/dev/null
apt-mark manual "$@" >/dev/null
apt-get -y -q -o APT::AutoRemove::RecommendsImportant=false -o APT::AutoRemove::SuggestsImportant=false --purge autoremove >/dev/null
apt-get clean
# No docs, man pages, locales (C.UTF-8 is built in), apt lists, logs or caches in the image.
rm -rf /tmp/stub /tmp/stub.deb /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/* \\
  /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/locale/* /usr/share/lintian /debootstrap
mkdir -p /workspace /data
`;

const RECIPE = {
  version: 1,
  suite: 'bookworm',
  variant: 'minbase',
  components: 'main',
  packages: ['python3', 'python3-numpy', 'python3-pandas', 'python3-scipy', 'python3-sklearn', 'python3-xgboost', 'python3-statsmodels', 'python3-pil'],
  slim: SLIM_SCRIPT,
};

const cacheDir = () => path.join(REPO_ROOT, '.cache', 'runtime-image');
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const mirror = () => process.env.ARENA_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

/** `mle-arena-runtime:<first 12 hex of the recipe's hash>`. */
export function runtimeImageTag(): string {
  return `${RUNTIME_REPO}:${hash(RECIPE).slice(0, 12)}`;
}

export async function runtimeImageExists(tag = runtimeImageTag()): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

export interface BuildResult {
  tag: string;
  built: boolean;
  seconds: number;
}

export interface BuildOptions {
  force?: boolean;
  onProgress?: (line: string) => void;
}

/** Builds the runtime image unless one for this recipe exists (or `force`). Needs root (debootstrap). */
export async function buildRuntimeImage(options: BuildOptions = {}): Promise<BuildResult> {
  const tag = runtimeImageTag();
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  if (!options.force && (await runtimeImageExists(tag))) return { tag, built: false, seconds: seconds() };
  await mkdir(cacheDir(), { recursive: true });
  const release = await takeLock(path.join(cacheDir(), 'build.lock'), progress);
  try {
    // Another process may have built it while we waited for the lock.
    if (!options.force && (await runtimeImageExists(tag))) return { tag, built: false, seconds: seconds() };
    const tarball = await debootstrapTarball(progress);
    const rootfs = await mkdtemp(path.join(cacheDir(), 'rootfs.'));
    try {
      progress(`runtime image: installing into ${rootfs} (debootstrap --unpack-tarball, offline)`);
      await run('debootstrap', [...debootstrapArgs(), `--unpack-tarball=${tarball}`, RECIPE.suite, rootfs, mirror()], progress);
      progress('runtime image: slimming (pythran stub, autoremove, no docs/locales/caches)');
      await run('chroot', [rootfs, '/bin/sh', '-c', RECIPE.slim, 'slim', ...RECIPE.packages], progress);
      await unmountUnder(rootfs);
      progress(`runtime image: docker import as ${tag}`);
      await importRootfs(rootfs, tag);
    } finally {
      await unmountUnder(rootfs);
      await run('rm', ['-rf', '--one-file-system', rootfs], () => {});
    }
    progress(`runtime image: ${tag} built in ${seconds()} s`);
    return { tag, built: true, seconds: seconds() };
  } finally {
    await release();
  }
}

function debootstrapArgs(): string[] {
  return [`--variant=${RECIPE.variant}`, `--components=${RECIPE.components}`, `--include=${RECIPE.packages.join(',')}`];
}

/**
 * The downloaded packages, cached in .cache/ so a rebuild on this machine needs no network. Keyed by
 * what decides the package set only (suite, variant, packages), not by the post-processing.
 */
async function debootstrapTarball(progress: (line: string) => void): Promise<string> {
  const key = hash({ suite: RECIPE.suite, variant: RECIPE.variant, components: RECIPE.components, packages: RECIPE.packages }).slice(0, 12);
  const tarball = path.join(cacheDir(), `debootstrap-${RECIPE.suite}-${key}.tgz`);
  if (existsSync(tarball)) {
    progress(`runtime image: packages cached in ${path.relative(REPO_ROOT, tarball)}`);
    return tarball;
  }
  progress(`runtime image: downloading packages from ${mirror()} (once; cached in ${path.relative(REPO_ROOT, tarball)})`);
  const work = await mkdtemp(path.join(cacheDir(), 'download.'));
  try {
    await run('debootstrap', [...debootstrapArgs(), `--make-tarball=${tarball}.part`, RECIPE.suite, work, mirror()], progress);
    await rename(`${tarball}.part`, tarball);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(`${tarball}.part`, { force: true });
  }
  return tarball;
}

/** Streams the rootfs as a tar into the engine; /dev, /proc and /sys are the engine's to provide. */
async function importRootfs(rootfs: string, tag: string): Promise<void> {
  const tar = spawn('tar', ['--numeric-owner', '--one-file-system', '-C', rootfs, '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarErr = '';
  tar.stderr.on('data', (d: Buffer) => (tarErr = (tarErr + d.toString()).slice(-2000)));
  const tarDone = new Promise<number>((resolve) => tar.on('close', (code) => resolve(code ?? 1)));
  const [repo, version] = tag.split(':') as [string, string];
  const stream = await docker().importImage(tar.stdout, {
    repo,
    tag: version,
    changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'ENV LANG=C.UTF-8', 'WORKDIR /workspace', `LABEL mle-arena.recipe=${hash(RECIPE)}`],
  });
  await new Promise<void>((resolve, reject) => {
    docker().modem.followProgress(stream, (err: Error | null, events: Array<{ error?: string }>) => {
      const failed = events?.find((e) => e.error);
      if (err || failed) reject(err ?? new Error(`docker import failed: ${failed?.error}`));
      else resolve();
    });
  });
  const code = await tarDone;
  if (code !== 0) throw new Error(`tar of the rootfs failed (exit ${code}): ${tarErr}`);
}

/** debootstrap mounts /proc (and more) in the chroot; never tar or delete through a mount. */
async function unmountUnder(rootfs: string): Promise<void> {
  const mounts = (await readFile('/proc/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p === rootfs || p.startsWith(rootfs + '/'))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) await run('umount', ['-l', mountPoint], () => {});
}

/** Runs a build step; its output goes to the progress callback and, on failure, into the error. */
function run(command: string, args: string[], progress: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' } });
    let tail = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) progress(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new Error(`${command}: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}):\n${tail}`))));
  });
}

/** One build at a time per machine (the CLI and a test run may start together); stale locks are taken over. */
async function takeLock(file: string, progress: (line: string) => void): Promise<() => Promise<void>> {
  for (let waited = 0; ; waited++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(file).catch(() => {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(file, 'utf8').catch(() => '0'));
      if (!owner || !pidAlive(owner)) {
        await unlink(file).catch(() => {});
        continue;
      }
      if (waited % 30 === 0) progress(`runtime image: waiting for the build running in process ${owner}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
