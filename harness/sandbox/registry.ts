import type { BackendName, SandboxBackend } from './types.js';

export const BACKEND_NAMES: readonly BackendName[] = ['local', 'docker'];

/** Backends by name, loaded on first use so the Docker client is only loaded when Docker is used. */
export async function getBackend(name: BackendName): Promise<SandboxBackend> {
  switch (name) {
    case 'local':
      return (await import('./local/backend.js')).localBackend;
    case 'docker':
      return (await import('./docker/backend.js')).dockerBackend;
  }
}
