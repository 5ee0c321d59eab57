import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackInto } from '../../harness/sandbox/docker-copy/archive.js';
import { dockerCopyBackend } from '../../harness/sandbox/docker-copy/backend.js';
import { scratchSizes } from '../../harness/sandbox/docker-copy/scratch.js';
import { VOLUME_LABELS } from '../../harness/sandbox/docker-copy/volumes.js';
import { docker } from '../../harness/sandbox/docker/client.js';
import { LABELS } from '../../harness/sandbox/docker/container.js';
import { ENFORCEMENT_NAMES, type Sandbox, type SandboxSpec } from '../../harness/sandbox/types.js';
import { tempDir } from '../helpers/fixture-task.js';
import { PREREQUISITE_TIMEOUT_MS, startDocker } from './backend-setup.js';

// The conformance and security suites run against every registered backend: conformance.test.ts.
// Here: what is particular to docker-copy (no host folder shared, the copies in and back).

/** A tar archive as the engine would send it, built with tar-stream from the entries given. */
function archiveOf(entries: Array<tar.Headers & { body?: string }>): Readable {
  const pack = tar.pack();
  for (const { body, ...headers } of entries) pack.entry(headers, body ?? '');
  pack.finalize();
  return pack;
}

describe('docker-copy archive copy-back (unpackInto)', () => {
  it('writes directories and regular files only, inside the destination, never set-uid, never through a link', async () => {
    const dest = tempDir('arena-unpack-');
    mkdirSync(path.join(dest, 'victim-dir'));
    const outside = tempDir('arena-unpack-outside-');
    spawnSync('ln', ['-s', outside, path.join(dest, 'linked')]);
    const result = await unpackInto(
      archiveOf([
        { name: 'out/', type: 'directory', mode: 0o777 },
        { name: 'out/public/', type: 'directory', mode: 0o755 },
        { name: 'out/public/train.csv', type: 'file', mode: 0o6755, body: 'id,y\n1,2\n' },
        { name: 'out/run.sh', type: 'file', mode: 0o700, body: '#!/bin/sh\n' },
        { name: 'out/link.csv', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'out/pipe', type: 'fifo' },
        { name: 'out/../escape.txt', type: 'file', body: 'x' },
      ]),
      dest,
    );
    expect(readFileSync(path.join(dest, 'public', 'train.csv'), 'utf8')).toBe('id,y\n1,2\n');
    expect(statSync(path.join(dest, 'public', 'train.csv')).mode & 0o7777).toBe(0o755);
    expect(statSync(path.join(dest, 'run.sh')).mode & 0o7777).toBe(0o755);
    expect(existsSync(path.join(dest, 'link.csv'))).toBe(false);
    expect(existsSync(path.join(dest, 'pipe'))).toBe(false);
    expect(existsSync(path.join(dest, '..', 'escape.txt'))).toBe(false);
    expect(result).toMatchObject({ files: 2, skipped: ['out/link.csv', 'out/pipe', 'out/../escape.txt'] });
    // A file under a name the harness holds as a link is refused, not written through it.
    await expect(unpackInto(archiveOf([{ name: 'out/linked/x.txt', type: 'file', body: 'x' }]), dest)).rejects.toThrow(/linked is a symbolic link/);
    expect(existsSync(path.join(outside, 'x.txt'))).toBe(false);
    expect(lstatSync(path.join(dest, 'victim-dir')).isDirectory()).toBe(true);
  });
});

describe('docker-copy backend', () => {
  const root = tempDir('arena-docker-copy-');
  const publicDir = path.join(root, 'task', 'public');
  const rawDir = path.join(root, 'raw');
  const outDir = path.join(root, 'out');
  const limits = { memoryMb: 512, cpus: 1, pids: 64, workspaceMb: 64 };
  let sb: Sandbox;
  const py = (code: string, timeoutSec = 60) => sb.runPython(code, { timeoutSec });

  beforeAll(async () => {
    await startDocker();
    for (const d of [publicDir, path.join(rawDir, 'nested'), outDir]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(publicDir, 'train.csv'), 'id,x\n1,0.5\n');
    writeFileSync(path.join(rawDir, 'nested', 'raw.csv'), 'a,b\n1,2\n');
    writeFileSync(path.join(outDir, 'kept.txt'), 'from the harness');
    const spec: SandboxSpec = {
      name: 'docker-copy-suite',
      publicDir,
      inputs: [
        { source: rawDir, target: '/raw', readOnly: true },
        { source: outDir, target: '/out', readOnly: false },
      ],
      limits,
    };
    sb = await dockerCopyBackend.create(spec);
  }, PREREQUISITE_TIMEOUT_MS);

  afterAll(async () => {
    await sb?.destroy();
  });

  it('check() reports every protection enforced, the storage being the engine\'s', async () => {
    const check = await dockerCopyBackend.check();
    expect(check).toMatchObject({ backend: 'docker-copy', ok: true });
    expect(check.enforcements.map((e) => e.name)).toEqual([...ENFORCEMENT_NAMES]);
    for (const e of check.enforcements) expect(e, e.name).toMatchObject({ enforced: true });
    expect(check.details.join('\n')).toMatch(/engine volumes.*nothing bind-mounted/);
    expect(Object.fromEntries(check.enforcements.map((e) => [e.name, e.detail]))['workspace-quota']).toMatch(/engine tmpfs/);
  });

  it('mounts nothing of the host: volumes and tmpfs only', async () => {
    const info = await docker().getContainer(`mle-arena-${sb.id}`).inspect();
    expect(info.Mounts.map((m) => m.Type).sort()).toEqual(['volume', 'volume', 'volume']);
    expect(info.HostConfig.Binds ?? []).toEqual([]);
    expect(Object.keys(info.HostConfig.Tmpfs ?? {}).sort()).toEqual(['/dev/shm', '/tmp', '/workspace']);
  });

  it('copies the public data and read-only inputs in as root\'s, read-only', async () => {
    const r = await py(`import os
for p in ['/data', '/data/train.csv', '/raw', '/raw/nested', '/raw/nested/raw.csv']:
    st = os.stat(p); print(p, st.st_uid, oct(st.st_mode & 0o7777))
print(open('/raw/nested/raw.csv').read().strip())
for p in ['/data/new', '/raw/new', '/raw/nested/raw.csv']:
    try:
        open(p, 'a').write('x'); print('WROTE', p)
    except OSError as e:
        print('DENIED', p, e.errno)`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('/data 0 0o555\n/data/train.csv 0 0o444\n/raw 0 0o555\n/raw/nested 0 0o555\n/raw/nested/raw.csv 0 0o444\n');
    expect(r.stdout).toContain('a,b\n1,2');
    expect(r.stdout).not.toMatch(/WROTE/);
    expect(r.stdout.match(/DENIED/g)).toHaveLength(3);
  });

  it('splits the quota between /workspace, /tmp and /dev/shm, adding up to it', async () => {
    const sizes = scratchSizes(limits.workspaceMb);
    expect(sizes.workspaceMb + 2 * sizes.tmpMb).toBe(limits.workspaceMb);
    const r = await py("import os\nfor p in ['/workspace', '/tmp', '/dev/shm']:\n    s = os.statvfs(p); print(p, s.f_blocks * s.f_frsize >> 20)");
    expect(r.stdout).toBe(`/workspace ${sizes.workspaceMb}\n/tmp ${sizes.tmpMb}\n/dev/shm ${sizes.tmpMb}\n`);
  });

  it('restarts a container that died and stays usable; the workspace starts empty again, the volumes keep theirs', async () => {
    await sb.writeFile('before.txt', 'x');
    expect((await py("open('/out/before-restart.txt', 'w').write('kept')")).exitCode).toBe(0);
    await docker().getContainer(`mle-arena-${sb.id}`).kill({ signal: 'SIGKILL' });
    const r = await py("import os\nprint(sorted(os.listdir('.')), open('/out/before-restart.txt').read(), open('/data/train.csv').read().split()[0])");
    expect(r.stdout).toBe("[] kept id,x\n");
    await expect(sb.readFile('before.txt')).rejects.toMatchObject({ kind: 'missing' });
  });

  it('copies what the code wrote into a writable input back to its source on destroy, without links, FIFOs or set-uid bits', async () => {
    const r = await py(`import os
print(open('/out/kept.txt').read(), os.stat('/out').st_uid)
os.makedirs('/out/public')
open('/out/public/train.csv', 'w').write('id,y\\n1,2\\n')
os.chmod('/out/public/train.csv', 0o4755)
os.symlink('/etc/passwd', '/out/passwd')
os.mkfifo('/out/fifo')`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('from the harness 65534\n');
    await sb.destroy();
    expect(readFileSync(path.join(outDir, 'public', 'train.csv'), 'utf8')).toBe('id,y\n1,2\n');
    expect(statSync(path.join(outDir, 'public', 'train.csv')).mode & 0o7777).toBe(0o755);
    expect(readFileSync(path.join(outDir, 'kept.txt'), 'utf8')).toBe('from the harness');
    expect(existsSync(path.join(outDir, 'passwd'))).toBe(false);
    expect(existsSync(path.join(outDir, 'fifo'))).toBe(false);
    // Its own volumes went with it; the public data's stays for the next sandbox of the task.
    const { Volumes } = await docker().listVolumes({ filters: { label: [`${LABELS.ownerPid}=${process.pid}`, VOLUME_LABELS.kind] } });
    expect((Volumes ?? []).map((v) => v.Labels?.[VOLUME_LABELS.kind])).toEqual(['data']);
  });

  it('copies the public data anew when its volume was removed behind the process\'s back, and refuses an input that is a file', async () => {
    const { Volumes } = await docker().listVolumes({ filters: { label: [`${LABELS.ownerPid}=${process.pid}`, `${VOLUME_LABELS.kind}=data`] } });
    for (const v of Volumes ?? []) await docker().getVolume(v.Name).remove();
    const again = await dockerCopyBackend.create({ name: 'docker-copy-again', publicDir, limits });
    try {
      expect((await again.runPython("print(open('/data/train.csv').read(), end='')", { timeoutSec: 60 })).stdout).toBe('id,x\n1,0.5\n');
    } finally {
      await again.destroy();
    }
    const file = path.join(root, 'one-file.txt');
    writeFileSync(file, 'x');
    await expect(dockerCopyBackend.create({ name: 'docker-copy-file', inputs: [{ source: file, target: '/one', readOnly: true }], limits })).rejects.toThrow(/is not a directory: docker-copy copies folders/);
  });

  it('gc removes the volumes of a process that is gone', async () => {
    const dead = spawnSync('/bin/true').pid!;
    const name = `mle-arena-gc-test-${process.pid}`;
    await docker().createVolume({ Name: name, Labels: { [LABELS.arena]: '1', [LABELS.ownerPid]: String(dead), [VOLUME_LABELS.kind]: 'input' } });
    expect(await dockerCopyBackend.gc()).toBeGreaterThanOrEqual(1);
    await expect(docker().getVolume(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
