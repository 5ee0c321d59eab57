import type Docker from 'dockerode';
import { publicView } from '../host-dirs.js';
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
import { viewsDir, Workspace } from './workspace.js';

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
          wrap: (container, channel) => new DockerSandbox(id, container, spec, workspace, runtime, channel),
          hostLocation: async () => workspace.dir,
          release: () => workspace.destroy(),
        };
      } catch (err) {
        await workspace.destroy().catch(() => undefined);
        throw err;
      }
    });
  },

  gc(): Promise<number> {
    return gcDocker();
  },
};
