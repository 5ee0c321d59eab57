import type { Sandbox } from './types.js';

/**
 * Where a sandbox's /workspace can be reached from the host, for the security suite alone (the
 * cross-sandbox attack aims at it, the uid checks stat files there). Not part of the contract:
 * nothing of the harness reads a sandbox's files this way.
 */
const locations = new WeakMap<Sandbox, () => Promise<string>>();

export function recordHostLocation(sandbox: Sandbox, locate: () => Promise<string>): void {
  locations.set(sandbox, locate);
}

export function hostLocationOf(sandbox: Sandbox): Promise<string> {
  const locate = locations.get(sandbox);
  if (!locate) throw new Error(`sandbox ${sandbox.id} (${sandbox.backend}) recorded no host location`);
  return locate();
}
