import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dockerBackend } from '../../harness/sandbox/docker/backend.js';
import { docker } from '../../harness/sandbox/docker/client.js';
import { LABELS } from '../../harness/sandbox/docker/container.js';
import { drainWarmPool, warmPoolSettled } from '../../harness/sandbox/docker/create.js';
import { boxesDir } from '../../harness/sandbox/docker/workspace.js';
import { hostLocationOf } from '../../harness/sandbox/host-location.js';
import type { Sandbox, SandboxSpec } from '../../harness/sandbox/types.js';
import { tempDir } from '../helpers/fixture-task.js';
import { PREREQUISITE_TIMEOUT_MS, startDocker } from './backend-setup.js';

beforeAll(startDocker, PREREQUISITE_TIMEOUT_MS);

const containerOf = (sb: Sandbox) => docker().getContainer(`mle-arena-${sb.id}`);
/** Containers made ahead by the process `pid` and not handed out yet (then renamed for their sandbox; labels stay). */
const warmOf = async (pid: number) =>
  (await docker().listContainers({ all: true, filters: { label: [`${LABELS.warm}=1`, `${LABELS.ownerPid}=${pid}`] } })).filter((c) => /^\/mle-arena-warm-[0-9a-f]{8}$/.test(c.Names[0] ?? ''));

describe('docker backend: sandboxes created ahead', () => {
  const root = tempDir('arena-docker-warm-');
  const publicDir = path.join(root, 'task', 'public');
  const limits = { memoryMb: 512, cpus: 1, pids: 64, workspaceMb: 64 };
  const spec = (name: string, extra: Partial<SandboxSpec> = {}): SandboxSpec => ({ name, publicDir, limits, env: { ARENA_TEST: 'warm' }, ...extra });
  const boxes: Sandbox[] = [];
  const create = async (s: SandboxSpec) => {
    const sb = await dockerBackend.create(s);
    boxes.push(sb);
    return sb;
  };
  const timed = async (s: SandboxSpec) => {
    const t = performance.now();
    const sb = await create(s);
    return { sb, ms: performance.now() - t };
  };

  beforeAll(() => {
    mkdirSync(publicDir, { recursive: true });
    writeFileSync(path.join(publicDir, 'train.csv'), 'id,x\n1,0.5\n');
  });

  afterEach(async () => {
    await Promise.all(boxes.splice(0).map((sb) => sb.destroy()));
    await drainWarmPool();
  });

  afterAll(async () => {
    await drainWarmPool();
  });

  it('hands a second create of the same configuration the container made ahead, faster than a cold create', async () => {
    const first = await create(spec('warm-first'));
    await warmPoolSettled();
    const [ahead] = await warmOf(process.pid);
    expect(ahead?.Labels[LABELS.sandbox]).toBe('warm');
    // Another memory limit is another configuration: nothing made ahead for it.
    const cold = await timed(spec('warm-cold', { limits: { ...limits, memoryMb: 384 } }));
    await warmPoolSettled();
    const warm = await timed(spec('warm-second'));
    const coldInfo = await containerOf(cold.sb).inspect();
    const warmInfo = await containerOf(warm.sb).inspect();
    // The very container made ahead, renamed for the sandbox it became.
    expect(warmInfo.Id).toBe(ahead!.Id);
    expect(warmInfo.Name).toBe(`/mle-arena-${warm.sb.id}`);
    expect(warm.sb.id).toMatch(/^warm-second-[0-9a-f]{8}$/);
    expect(coldInfo.Config.Labels[LABELS.warm]).toBeUndefined();
    expect(warm.ms).toBeLessThan(cold.ms);
    console.log(`create: cold ${cold.ms.toFixed(0)} ms, made ahead ${warm.ms.toFixed(0)} ms`);
    // Same limits and environment as a sandbox created for the spec, its own workspace.
    const fresh = await containerOf(first).inspect();
    for (const field of ['Memory', 'MemorySwap', 'NanoCpus', 'PidsLimit', 'ReadonlyRootfs', 'NetworkMode', 'CapAdd', 'SecurityOpt'] as const) expect(warmInfo.HostConfig[field], field).toEqual(fresh.HostConfig[field]);
    expect(warmInfo.Config.Env).toEqual(fresh.Config.Env);
    expect(await hostLocationOf(warm.sb)).not.toBe(await hostLocationOf(first));
    const r = await warm.sb.exec(['/bin/sh', '-c', 'echo $ARENA_TEST; cat /data/train.csv'], { timeoutSec: 30 });
    expect(r.stdout).toBe('warm\nid,x\n1,0.5\n');
    // Its replacement is being made: the next one is served ahead too.
    await warmPoolSettled();
    expect(await warmOf(process.pid)).toHaveLength(2);
  });

  it("serves no warm container bound to other public data: another task's, or this task's prepared again", async () => {
    const otherDir = path.join(root, 'other', 'public');
    mkdirSync(otherDir, { recursive: true });
    writeFileSync(path.join(otherDir, 'train.csv'), 'other\n');
    const taskPrepared = path.join(publicDir, '..', 'prepared.json');
    writeFileSync(taskPrepared, '{"run": 1}');
    await create(spec('data-first'));
    await warmPoolSettled();
    const [ahead] = await warmOf(process.pid);
    const cat = async (sb: Sandbox) => (await sb.exec(['/bin/cat', '/data/train.csv'], { timeoutSec: 30 })).stdout;
    const other = await create(spec('data-other', { publicDir: otherDir }));
    expect((await containerOf(other).inspect()).Id).not.toBe(ahead!.Id);
    expect(await cat(other)).toBe('other\n');
    // Prepared again (a new content record, so a new view of the data): the container made ahead is for the old one.
    // A new file, as preparing writes one: an old view's hard link would still show the old content.
    writeFileSync(path.join(root, 'train.csv.new'), 'id,x\n1,0.5\n2,9.5\n');
    renameSync(path.join(root, 'train.csv.new'), path.join(publicDir, 'train.csv'));
    writeFileSync(taskPrepared, '{"run": 2}');
    const again = await create(spec('data-again'));
    expect((await containerOf(again).inspect()).Id).not.toBe(ahead!.Id);
    expect(await cat(again)).toBe('id,x\n1,0.5\n2,9.5\n');
  });

  it('a sandbox made ahead has an empty workspace and no process, whatever the sandbox before it planted', async () => {
    const planter = await create(spec('warm-planter'));
    await warmPoolSettled();
    const plant = await planter.exec(
      [
        '/bin/sh',
        '-c',
        // Files everywhere it may write, and a daemon that left the session, still writing.
        'for d in /workspace /tmp /dev/shm; do echo planted > $d/planted.txt; mkdir -p $d/.hidden; done; setsid sh -c "while true; do date > /workspace/daemon.txt; sleep 0.1; done" </dev/null >/dev/null 2>&1 & sleep 0.3; echo started',
      ],
      { timeoutSec: 30 },
    );
    expect(plant.stdout).toBe('started\n');
    const [ahead] = await warmOf(process.pid);
    const next = await create(spec('warm-next'));
    expect((await containerOf(next).inspect()).Id).toBe(ahead!.Id);
    const r = await next.runPython(
      "import os\nfor d in ('/workspace', '/tmp', '/dev/shm'): print(d, sorted(os.listdir(d)))\nprint('others', [open(f'/proc/{p}/comm').read().strip() for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())])",
      { timeoutSec: 30 },
    );
    expect(r.stdout).toBe("/workspace []\n/tmp []\n/dev/shm []\nothers []\n");
    // And the planter's own workspace still has its files: they were its, not shared.
    expect((await planter.readFile('planted.txt')).toString()).toBe('planted\n');
  });

  it('gc removes the containers made ahead by a killed harness, stopped already, with their workspaces', async () => {
    const dist = (module: string) => JSON.stringify(pathToFileURL(path.resolve('dist', module)).href);
    const script = `const { dockerBackend } = await import(${dist('harness/sandbox/docker/backend.js')});
const { warmPoolSettled } = await import(${dist('harness/sandbox/docker/create.js')});
await dockerBackend.create(${JSON.stringify(spec('warm-killed'))});
await warmPoolSettled();
console.log('READY');
setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code} before its sandbox was made ahead`)));
    });
    const [ahead] = await warmOf(child.pid!);
    expect(ahead).toBeDefined();
    const workspace = ahead!.Labels[LABELS.root]!;
    expect(path.dirname(workspace)).toBe(boxesDir());
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // Its executor read EOF when the harness's attach ended: nothing of it runs.
    await docker().getContainer(ahead!.Id).wait({ condition: 'not-running' });
    expect((await docker().getContainer(ahead!.Id).inspect()).State.Running).toBe(false);
    expect(existsSync(workspace)).toBe(true);
    expect(await dockerBackend.gc()).toBeGreaterThanOrEqual(2);
    expect(await warmOf(child.pid!)).toEqual([]);
    expect(existsSync(workspace)).toBe(false);
  });
});
