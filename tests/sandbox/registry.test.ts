import { describe, expect, it } from 'vitest';
import { backendNames, getBackend, registerBackend, UnknownBackendError } from '../../harness/sandbox/registry.js';
import type { SandboxBackend } from '../../harness/sandbox/types.js';

const fake = (name: string): SandboxBackend => ({
  name,
  check: async () => ({ backend: name, ok: true, details: [], enforcements: [] }),
  create: async () => {
    throw new Error('not used');
  },
  gc: async () => 0,
});

describe('sandbox backend registry', () => {
  it('lists the built-in backends for --runtime, local first', () => {
    expect(backendNames()).toEqual(['local', 'docker', 'docker-copy']);
  });

  it('a registered backend is listed and loaded on first use only', async () => {
    let loads = 0;
    registerBackend('fake-remote', async () => {
      loads += 1;
      return fake('fake-remote');
    });
    expect(loads).toBe(0);
    expect(backendNames()).toContain('fake-remote');
    expect((await getBackend('fake-remote')).name).toBe('fake-remote');
    expect(loads).toBe(1);
  });

  it('refuses a name registered twice, and a backend registered under another name than its own', async () => {
    expect(() => registerBackend('local', async () => fake('local'))).toThrow('sandbox backend "local" is registered twice');
    registerBackend('alias', async () => fake('other'));
    await expect(getBackend('alias')).rejects.toThrow('sandbox backend registered as "alias" calls itself "other"');
  });

  it('an unknown name is refused naming the registered ones', async () => {
    const error = await getBackend('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownBackendError);
    expect((error as Error).message).toMatch(/^unknown sandbox backend "nope": use one of local, docker/);
  });
});
