import { statSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { readThroughSandbox, writeThroughSandbox } from '../exec-files.js';
import { SANDBOX_PATHS, SandboxError, type BackendCheck, type Sandbox, type SandboxBackend, type SandboxInput, type SandboxSpec } from '../types.js';
import { createContainerSandbox } from '../docker/create.js';
import { sandboxContainerConfig } from '../docker/container.js';
import { ContainerSandbox } from '../docker/container-sandbox.js';
import type { ExecutorChannel } from '../docker/executor-channel.js';
import { SANDBOX_UID } from '../docker/executor.js';
import { gcDocker } from '../docker/gc.js';
import type { DockerRuntime } from '../docker/runtime.js';
import { unpackInto } from './archive.js';
import { checkDockerCopy } from './check.js';
import { scratchTmpfs } from './scratch.js';
import { createVolume, fillVolumes, gcVolumes, publicDataVolume, removeVolumes } from './volumes.js';

/** A declared input as docker-copy provides it: an engine volume holding a copy of its source. */
interface CopiedInput extends SandboxInput {
  volume: string;
}

/**
 * A container that shares no folder with the harness: its workspace is an engine tmpfs, read and
 * written by a program run through the executor (exec-files.ts); its inputs are volume copies,
 * the writable ones copied back to their sources when it is destroyed.
 */
class CopySandbox extends ContainerSandbox {
  readonly backend = 'docker-copy' as const;

  constructor(id: string, container: Docker.Container, spec: SandboxSpec, private readonly inputs: CopiedInput[], runtime: DockerRuntime, channel: ExecutorChannel) {
    super(id, container, spec, runtime, channel);
  }

  protected readWorkspace(relativePath: string, maxBytes: number | undefined): Promise<Buffer> {
    return readThroughSandbox((argv, options) => this.run(argv, options), this.id, relativePath, maxBytes);
  }

  protected writeWorkspace(relativePath: string, data: string | Buffer, options: { exclusive?: boolean }): Promise<void> {
    return writeThroughSandbox((argv, options) => this.run(argv, options), this.id, relativePath, data, options);
  }

  /** Stops everything of the code, then copies each writable input back from its volume (which survives the stop). */
  protected override async beforeRemove(): Promise<void> {
    const writable = this.inputs.filter((m) => !m.readOnly);
    if (writable.length === 0) return;
    await this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    await this.container.wait({ condition: 'not-running' }).catch(() => undefined);
    for (const m of writable) {
      try {
        await unpackInto(await this.container.getArchive({ path: m.target }), m.source);
      } catch (err) {
        throw new SandboxError(`sandbox ${this.id}: could not copy ${m.target} back to ${m.source}: ${(err as Error).message}`);
      }
    }
  }

  protected afterRemove(): Promise<void> {
    return removeVolumes(this.inputs.map((m) => m.volume));
  }
}

/** Copies the spec's inputs into fresh volumes of the sandbox: read-only ones root's, writable ones the code's. */
async function copyInputs(id: string, inputs: SandboxInput[]): Promise<CopiedInput[]> {
  for (const m of inputs) {
    if (!statSync(m.source).isDirectory()) throw new SandboxError(`input source ${m.source} is not a directory: docker-copy copies folders into volumes`);
  }
  const copied: CopiedInput[] = [];
  try {
    for (const [i, m] of inputs.entries()) copied.push({ ...m, volume: await createVolume(`mle-arena-${id}-in${i}`, 'input') });
    for (const readOnly of [true, false]) {
      const trees = Object.fromEntries(copied.filter((m) => m.readOnly === readOnly).map((m) => [m.volume, m.source]));
      await fillVolumes(trees, readOnly ? { uid: 0, gid: 0, readOnly } : { uid: SANDBOX_UID, gid: SANDBOX_UID, readOnly });
    }
    return copied;
  } catch (err) {
    await removeVolumes(copied.map((m) => m.volume)).catch(() => undefined);
    throw err;
  }
}

export const dockerCopyBackend: SandboxBackend = {
  name: 'docker-copy',

  check(): Promise<BackendCheck> {
    return checkDockerCopy();
  },

  create(spec: SandboxSpec): Promise<Sandbox> {
    return createContainerSandbox(spec, async (id, runtime, image) => {
      const data = spec.publicDir === undefined ? undefined : await publicDataVolume(spec.publicDir);
      const inputs = await copyInputs(id, spec.inputs ?? []);
      const volume = (Source: string, Target: string, ReadOnly: boolean): Docker.MountSettings => ({ Type: 'volume', Source, Target, ReadOnly });
      const mounts = [...(data ? [volume(data, SANDBOX_PATHS.data, true)] : []), ...inputs.map((m) => volume(m.volume, path.posix.normalize(m.target), m.readOnly))];
      return {
        config: sandboxContainerConfig(id, spec, image, runtime, { Mounts: mounts, Tmpfs: scratchTmpfs(spec.limits.workspaceMb) }),
        wrap: (container, channel) => new CopySandbox(id, container, spec, inputs, runtime, channel),
        // The workspace seen through the container's root, on an engine of this machine.
        hostLocation: async (container) => `/proc/${(await container.inspect()).State.Pid}/root${SANDBOX_PATHS.workspace}`,
        release: () => removeVolumes(inputs.map((m) => m.volume)),
      };
    });
  },

  async gc(): Promise<number> {
    // Containers first: a volume is removable only once no container holds it.
    return (await gcDocker()) + (await gcVolumes());
  },
};
