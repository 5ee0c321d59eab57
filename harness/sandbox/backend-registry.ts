import type { BackendName, SandboxBackend } from './types.js';

/** Loads a backend on first use, so a command that never uses it never loads its client (dockerode). */
export type BackendLoader = () => Promise<SandboxBackend>;

const loaders = new Map<BackendName, BackendLoader>();

/** Adds a backend under a name: `--runtime <name>`, `arena sandbox check` and the conformance suite pick it up. */
export function registerBackend(name: BackendName, load: BackendLoader): void {
  if (loaders.has(name)) throw new Error(`sandbox backend "${name}" is registered twice: give the second one another name`);
  loaders.set(name, load);
}

/** Every registered backend, in registration order. */
export function backendNames(): BackendName[] {
  return [...loaders.keys()];
}

export class UnknownBackendError extends Error {
  override name = 'UnknownBackendError';
}

export async function getBackend(name: BackendName): Promise<SandboxBackend> {
  const load = loaders.get(name);
  if (!load) throw new UnknownBackendError(`unknown sandbox backend "${name}": use one of ${backendNames().join(', ')}`);
  const backend = await load();
  if (backend.name !== name) throw new Error(`sandbox backend registered as "${name}" calls itself "${backend.name}": register it under its own name`);
  return backend;
}
