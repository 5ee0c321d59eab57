import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { recordHostLocation } from '../host-location.js';
import { SandboxError, type SandboxSpec } from '../types.js';
import { DOCKER_SOCKET, docker, statusOf } from './client.js';
import { LABELS } from './container.js';
import type { ContainerSandbox } from './container-sandbox.js';
import { ExecutorChannel } from './executor-channel.js';
import { runtimeImageTag } from './image.js';
import { dockerRuntime, type DockerRuntime } from './runtime.js';
import { WarmPool, warmPoolSize } from './warm-pool.js';

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
  /** The sandbox around the created container and its started executor; `id` is the sandbox's (its container is named for it). */
  wrap(container: Docker.Container, channel: ExecutorChannel, id: string): S;
  /** Where the workspace is on this machine, for the security suite alone. */
  hostLocation(container: Docker.Container): Promise<string>;
  /** Frees what the provision made (folders, volumes) when the sandbox could not be made. */
  release(): Promise<void>;
  /** The same, synchronously: for a pre-created sandbox nobody took when the process exits. */
  releaseSync?(): void;
}

type Provide<S extends ContainerSandbox> = (id: string, runtime: DockerRuntime, image: string) => Promise<ContainerProvision<S>>;

/** A created container whose executor is ready, not yet a sandbox: what the warm pool keeps. */
interface StartedContainer<S extends ContainerSandbox> {
  id: string;
  provision: ContainerProvision<S>;
  container: Docker.Container;
  channel: ExecutorChannel;
}

async function discard<S extends ContainerSandbox>(started: Pick<StartedContainer<S>, 'provision'> & { container?: Docker.Container; channel?: ExecutorChannel }): Promise<void> {
  started.channel?.close();
  await started.container?.remove({ force: true, v: true }).catch(() => undefined);
  await started.provision.release().catch(() => undefined);
}

/** Removes a container with the engine's own client: at process exit nothing asynchronous runs any more. */
function removeContainerSync(name: string): void {
  const host = process.env.DOCKER_HOST ? [] : ['-H', `unix://${DOCKER_SOCKET}`];
  // Without the docker CLI (or with a wedged engine) it stays for gc: labelled with this process, which is gone by then.
  spawnSync('docker', [...host, 'rm', '--force', '--volumes', name], { stdio: 'ignore', timeout: 30_000 });
}

/**
 * Sandboxes created ahead, per configuration (warm-pool.ts): a never-used container, its own fresh
 * workspace and its executor ready. Their idle channels do not keep the process alive.
 */
const warmPool = new WarmPool<StartedContainer<ContainerSandbox>>({
  discard: (started) => discard(started),
  discardSync: (started) => {
    started.channel.close();
    removeContainerSync(`mle-arena-${started.id}`);
    started.provision.releaseSync?.();
  },
});

/** Discards every pre-created sandbox of this process, made or being made. */
export function drainWarmPool(): Promise<void> {
  return warmPool.drain();
}

/** Resolves once every pre-creation under way has finished: what a caller waits for to be served warm. */
export function warmPoolSettled(): Promise<void> {
  return warmPool.settled();
}

/** The container of a new sandbox created and started (its executor ready); on failure nothing of it is left. */
async function startContainer<S extends ContainerSandbox>(id: string, runtime: DockerRuntime, provide: Provide<S>, labels: Record<string, string> = {}): Promise<StartedContainer<S>> {
  let provision: ContainerProvision<S> | undefined;
  let container: Docker.Container | undefined;
  try {
    provision = await provide(id, runtime, runtimeImageTag());
    container = await docker().createContainer({ ...provision.config, Labels: { ...provision.config.Labels, ...labels } });
    return { id, provision, container, channel: await ExecutorChannel.start(container) };
  } catch (err) {
    if (provision) await discard({ provision, container });
    throw creationError(id, err);
  }
}

/** The sandbox of a started container, under `id` (a pre-created container is renamed for it). */
async function finish<S extends ContainerSandbox>(started: StartedContainer<S>, id: string): Promise<S> {
  const { provision, container, channel } = started;
  try {
    if (started.id !== id) await container.rename({ name: `mle-arena-${id}` });
    const sandbox = provision.wrap(container, channel, id);
    await sandbox.attachCgroup();
    recordHostLocation(sandbox, () => provision.hostLocation(container));
    return sandbox;
  } catch (err) {
    await discard(started);
    throw creationError(id, err);
  }
}

/** A pre-created container of this configuration, if one is ready (or being made) and still alive. */
async function takeWarm<S extends ContainerSandbox>(key: string): Promise<StartedContainer<S> | undefined> {
  const started = (await warmPool.take(key)) as StartedContainer<S> | undefined;
  if (!started) return undefined;
  started.channel.holdProcess(true);
  if (started.channel.isOpen) return started;
  // Its container stopped while it waited (an engine restart): not worth restarting, make a new one.
  await discard(started);
  return undefined;
}

/**
 * Creates a sandbox on the Docker engine, the steps every engine backend shares: the spec checked,
 * the backend's provision (it must free what it made itself if it fails midway), the container and
 * its executor, the cgroup; on any failure the container and the provision are removed and the
 * error names the sandbox.
 *
 * With a `warmKey` (of everything of the spec that is fixed when its container is created, as the
 * backend knows it: limits, environment, what is mounted), a container pre-created for the same
 * key is handed out when there is one, and its replacement is started once this sandbox is
 * returned, so it is made while the caller uses this one.
 */
export async function createContainerSandbox<S extends ContainerSandbox>(spec: SandboxSpec, provide: Provide<S>, warmKey?: () => Promise<string>): Promise<S> {
  checkSpecSources(spec);
  const runtime = sandboxRuntime();
  const id = newSandboxId(spec);
  const size = warmKey === undefined ? 0 : warmPoolSizeOrError();
  const key = warmKey === undefined || size === 0 ? undefined : JSON.stringify([runtime, runtimeImageTag(), await warmKey()]);
  const warm = key === undefined ? undefined : await takeWarm<S>(key);
  // A warm container that cannot be made this sandbox (renaming failed) is discarded by finish(): then a new one.
  const sandbox = (warm && (await finish(warm, id).catch(() => undefined))) ?? (await finish(await startContainer(id, runtime, provide), id));
  if (key !== undefined) {
    const ahead = { ...spec, name: 'warm' };
    warmPool.fill(key, size, async () => {
      // Labelled as made ahead (its name is the sandbox's once taken); owned by this process like any sandbox, so gc removes it once the process is gone.
      const started = await startContainer(newSandboxId(ahead), runtime, provide, { [LABELS.sandbox]: ahead.name, [LABELS.warm]: '1' });
      started.channel.holdProcess(false);
      return started;
    });
  }
  return sandbox;
}

function warmPoolSizeOrError(): number {
  try {
    return warmPoolSize();
  } catch (err) {
    throw new SandboxError((err as Error).message);
  }
}
