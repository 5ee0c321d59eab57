import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../harness/sandbox/docker/client.js';
import { dockerBackend } from '../../harness/sandbox/docker/backend.js';
import { buildRuntimeImage, runtimeImageTag } from '../../harness/sandbox/docker/image.js';
import { defineConformanceSuite } from './conformance.js';

// The Docker backend runs for real: the engine is started and the image built (offline, from
// Debian packages) when missing. The first build takes minutes; it is cached afterwards.
beforeAll(async () => {
  execFileSync('scripts/docker-up.sh', { stdio: 'inherit' });
  await buildRuntimeImage({ onProgress: (l) => process.stderr.write(`${l}\n`) });
}, 1_800_000);

defineConformanceSuite('docker', () => dockerBackend);

describe('docker backend', () => {
  it('check() reports the engine, the image and each enforced limit', async () => {
    const check = await dockerBackend.check();
    expect(check.ok).toBe(true);
    expect(check.details.join('\n')).toContain(runtimeImageTag());
    expect(check.details.join('\n')).toMatch(/network none, read-only root/);
  });

  it('labels its containers and gc removes those of a dead owner', async () => {
    const sb = await dockerBackend.create({ name: 'gc-probe', limits: { memoryMb: 256, cpus: 1, pids: 32, workspaceMb: 16 } });
    const [info] = await docker().listContainers({ filters: { label: ['mle-arena.sandbox=gc-probe'] } });
    expect(info).toBeDefined();
    // Orphan it: relabel as owned by a pid that is not alive, the way a crashed run leaves it.
    const orphan = await docker().createContainer({ Image: runtimeImageTag(), Cmd: ['/bin/sleep', 'infinity'], Labels: { 'mle-arena': '1', 'mle-arena.owner-pid': '999999999' }, HostConfig: { NetworkMode: 'none' } });
    await orphan.start();
    expect(await dockerBackend.gc()).toBeGreaterThanOrEqual(1);
    await expect(orphan.inspect()).rejects.toThrow();
    // The live sandbox of this process is untouched.
    expect((await sb.runPython("print('alive')", { timeoutSec: 30 })).stdout).toBe('alive\n');
    await sb.destroy();
  });
});
