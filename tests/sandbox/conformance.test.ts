import { beforeAll, describe, expect, it } from 'vitest';
import { backendNames } from '../../harness/sandbox/registry.js';
import { defineConformanceSuite } from './conformance.js';
import { PREREQUISITES, PREREQUISITE_TIMEOUT_MS } from './backend-setup.js';

// Every registered backend gets the execution contract and the security suites: a new backend
// is covered by registering, without naming it here.
describe('sandbox backends', () => {
  it('are the registered ones, the built-in local, docker and docker-copy among them', () => {
    expect(backendNames()).toEqual(expect.arrayContaining(['local', 'docker', 'docker-copy']));
  });
});

for (const name of backendNames()) {
  describe(`backend ${name}`, () => {
    beforeAll(async () => {
      await PREREQUISITES[name]?.();
    }, PREREQUISITE_TIMEOUT_MS);
    defineConformanceSuite(name);
  });
}
