import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { publicView } from '../host-dirs.js';
import { recordHostLocation } from '../host-location.js';
import { SandboxError, type BackendCheck, type Sandbox, type SandboxBackend, type SandboxSpec } from '../types.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';
import { docker, statusOf } from './client.js';
import { runtimeImageTag } from './image.js';
import { checkDocker } from './check.js';
import { containerConfig } from './container.js';
import { ContainerSandbox } from './container-sandbox.js';
import { gcDocker } from './gc.js';
import { dockerRuntime, type DockerRuntime } from './runtime.js';
import { SANDBOX_UID } from './executor.js';
import { ExecutorChannel } from './executor-channel.js';
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

/** `<slug of the spec's name>-<8 hex>`: a sandbox's id, also in its container's name. */
export function newSandboxId(spec: SandboxSpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'sandbox';
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

/** Refuses a spec whose public data or inputs are not there, or whose targets are not absolute. */
export function checkSpecSources(spec: SandboxSpec): void {
  if (spec.publicDir !== undefined && !existsSync(spec.publicDir)) throw new SandboxError(`public data directory ${spec.publicDir} does not exist`);
  for (const m of spec.inputs ?? []) {
    if (!path.isAbsolute(m.target)) throw new SandboxError(`input target ${m.target} is not an absolute path`);
    if (!existsSync(m.source)) throw new SandboxError(`input source ${m.source} does not exist`);
  }
}

/** The runtime ARENA_DOCKER_RUNTIME names, as a sandbox error when it names none. */
export function sandboxRuntime(): DockerRuntime {
  try {
    return dockerRuntime();
  } catch (err) {
    throw new SandboxError((err as Error).message);
  }
}

/** Why creating a sandbox's container failed, naming the image when the engine does not have it. */
export function creationError(id: string, err: unknown): SandboxError {
  if (err instanceof SandboxError) return err;
  const missing = statusOf(err) === 404 ? ` (runtime image ${runtimeImageTag()} not built: run \`arena sandbox build-image\`)` : '';
  return new SandboxError(`could not create sandbox ${id}${missing}: ${(err as Error).message}`);
}

export const dockerBackend: SandboxBackend = {
  name: 'docker',

  check(): Promise<BackendCheck> {
    return checkDocker();
  },

  async create(spec: SandboxSpec): Promise<Sandbox> {
    checkSpecSources(spec);
    const runtime = sandboxRuntime();
    const id = newSandboxId(spec);
    const workspace = await Workspace.create(id, spec.name, spec.limits.workspaceMb).catch((err: Error) => {
      throw new SandboxError(`could not create the workspace of sandbox ${id}: ${err.message}`);
    });
    let container: Docker.Container | undefined;
    try {
      const view = spec.publicDir === undefined ? undefined : await publicView(viewsDir(), spec.publicDir);
      container = await docker().createContainer(containerConfig(id, spec, workspace, view, runtimeImageTag(), runtime));
      const sandbox = new DockerSandbox(id, container, spec, workspace, runtime, await ExecutorChannel.start(container));
      await sandbox.attachCgroup();
      recordHostLocation(sandbox, async () => workspace.dir);
      return sandbox;
    } catch (err) {
      await container?.remove({ force: true }).catch(() => undefined);
      await workspace.destroy().catch(() => undefined);
      throw creationError(id, err);
    }
  },

  gc(): Promise<number> {
    return gcDocker();
  },
};
