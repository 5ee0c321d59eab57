import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { recordHostLocation } from '../host-location.js';
import { SandboxError, type SandboxSpec } from '../types.js';
import { docker, statusOf } from './client.js';
import type { ContainerSandbox } from './container-sandbox.js';
import { ExecutorChannel } from './executor-channel.js';
import { runtimeImageTag } from './image.js';
import { dockerRuntime, type DockerRuntime } from './runtime.js';

/** `<slug of the spec's name>-<8 hex>`: a sandbox's id, also in its container's name. */
function newSandboxId(spec: SandboxSpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'sandbox';
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

/** Refuses a spec whose public data or inputs are not there, or whose targets are not absolute. */
function checkSpecSources(spec: SandboxSpec): void {
  if (spec.publicDir !== undefined && !existsSync(spec.publicDir)) throw new SandboxError(`public data directory ${spec.publicDir} does not exist`);
  for (const m of spec.inputs ?? []) {
    if (!path.isAbsolute(m.target)) throw new SandboxError(`input target ${m.target} is not an absolute path`);
    if (!existsSync(m.source)) throw new SandboxError(`input source ${m.source} does not exist`);
  }
}

/** The runtime ARENA_DOCKER_RUNTIME names, as a sandbox error when it names none. */
function sandboxRuntime(): DockerRuntime {
  try {
    return dockerRuntime();
  } catch (err) {
    throw new SandboxError((err as Error).message);
  }
}

/** Why creating a sandbox's container failed, naming the image when the engine does not have it. */
function creationError(id: string, err: unknown): SandboxError {
  if (err instanceof SandboxError) return err;
  const missing = statusOf(err) === 404 ? ` (runtime image ${runtimeImageTag()} not built: run \`arena sandbox build-image\`)` : '';
  return new SandboxError(`could not create sandbox ${id}${missing}: ${(err as Error).message}`);
}

/** What an engine backend provides one new sandbox before its container exists. */
export interface ContainerProvision<S extends ContainerSandbox> {
  /** The container to create (mounts, tmpfs, limits): the backend's way of giving it files. */
  config: Docker.ContainerCreateOptions;
  /** The sandbox around the created container and its started executor. */
  wrap(container: Docker.Container, channel: ExecutorChannel): S;
  /** Where the workspace is on this machine, for the security suite alone. */
  hostLocation(container: Docker.Container): Promise<string>;
  /** Frees what the provision made (folders, volumes) when the sandbox could not be made. */
  release(): Promise<void>;
}

/**
 * Creates a sandbox on the Docker engine, the steps every engine backend shares: the spec checked,
 * the backend's provision (it must free what it made itself if it fails midway), the container and
 * its executor, the cgroup; on any failure the container and the provision are removed and the
 * error names the sandbox.
 */
export async function createContainerSandbox<S extends ContainerSandbox>(
  spec: SandboxSpec,
  provide: (id: string, runtime: DockerRuntime, image: string) => Promise<ContainerProvision<S>>,
): Promise<S> {
  checkSpecSources(spec);
  const runtime = sandboxRuntime();
  const id = newSandboxId(spec);
  let provision: ContainerProvision<S> | undefined;
  let container: Docker.Container | undefined;
  try {
    provision = await provide(id, runtime, runtimeImageTag());
    const created = await docker().createContainer(provision.config);
    container = created;
    const sandbox = provision.wrap(created, await ExecutorChannel.start(created));
    await sandbox.attachCgroup();
    const { hostLocation } = provision;
    recordHostLocation(sandbox, () => hostLocation(created));
    return sandbox;
  } catch (err) {
    await container?.remove({ force: true }).catch(() => undefined);
    await provision?.release().catch(() => undefined);
    throw creationError(id, err);
  }
}
