import type Docker from 'dockerode';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { publicDataKey, publicView } from '../host-dirs.js';
import { SandboxError, type BackendCheck, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';
import { checkDocker } from './check.js';
import { containerConfig } from './container.js';
import { ContainerSandbox } from './container-sandbox.js';
import { gcDocker } from './gc.js';
import { createContainerSandbox } from './create.js';
import type { ExecutorChannel } from './executor-channel.js';
import type { DockerRuntime } from './runtime.js';
import { SANDBOX_UID } from './executor.js';
import { preferredQuotaMode, viewsDir, Workspace } from './workspace.js';

/** A container whose workspace is a host directory (the scratch filesystem), read and written in place. */
class DockerSandbox extends ContainerSandbox {
  readonly backend = 'docker' as const;

  constructor(id: string, container: Docker.Container, spec: SandboxSpec, private readonly workspace: Workspace, runtime: DockerRuntime, channel: ExecutorChannel) {
    super(id, container, spec, runtime, channel);
  }

  protected readWorkspace(relativePath: string, maxBytes: number | undefined): Promise<Buffer> {
    return readWorkspaceFile(this.workspace.dir, relativePath, maxBytes);
  }

  protected writeWorkspace(relativePath: string, data: string | Buffer, options: { exclusive?: boolean }): Promise<void> {
    // Written by the harness (root), the file and new directories must still be the code's to change.
    return writeWorkspaceFile(this.workspace.dir, relativePath, data, { ...options, owner: process.getuid?.() === 0 ? SANDBOX_UID : undefined });
  }

  protected afterRemove(): Promise<void> {
    return this.workspace.destroy();
  }
}

/**
 * What of a spec is fixed when its container is created: a sandbox made ahead serves a request
 * only if all of it is the same. The public data by its content record (publicDataKey), as its
 * view is: data prepared again gets a new view, never a warm container bound to the old one. The
 * inputs by their real paths: they are bind mounts, live, so what is in them is always current.
 * The name is not: a warm container is renamed for the sandbox it becomes.
 */
async function warmKey(spec: SandboxSpec): Promise<string> {
  const inputs = await Promise.all((spec.inputs ?? []).map(async (m) => [await realpath(m.source), path.posix.normalize(m.target), m.readOnly]));
  return JSON.stringify({
    backend: 'docker',
    quota: preferredQuotaMode(),
    limits: [spec.limits.memoryMb, spec.limits.cpus, spec.limits.pids, spec.limits.workspaceMb],
    env: Object.entries(spec.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    data: spec.publicDir === undefined ? null : (await publicDataKey(spec.publicDir)).key,
    inputs,
  });
}

export const dockerBackend: SandboxBackend = {
  name: 'docker',

  check(): Promise<BackendCheck> {
    return checkDocker();
  },

  create(spec: SandboxSpec): Promise<Sandbox> {
    return createContainerSandbox(spec, async (id, runtime, image) => {
      const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb).catch((err: Error) => {
        throw new SandboxError(`could not create the workspace of sandbox ${id}: ${err.message}`);
      });
      try {
        const view = spec.publicDir === undefined ? undefined : await publicView(viewsDir(), spec.publicDir);
        return {
          config: containerConfig(id, spec, workspace, view, image, runtime),
          wrap: (container, channel, sandboxId) => new DockerSandbox(sandboxId, container, spec, workspace, runtime, channel),
          hostLocation: async () => workspace.dir,
          release: () => workspace.destroy(),
          releaseSync: () => Workspace.removeDirSync(workspace.root),
        };
      } catch (err) {
        await workspace.destroy().catch(() => undefined);
        throw err;
      }
    }, () => warmKey(spec));
  },

  gc(): Promise<number> {
    return gcDocker();
  },
};
