import { beforeAll } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

/**
 * Profiles real datasets of the registry once, before the test file's tests, and looks them up by
 * name: the Smith rules are asserted on what these datasets' own documentation says.
 */
export function realProfiles<const Names extends readonly string[]>(names: Names, timeoutMs = 600_000): (name: Names[number]) => DatasetProfile {
  const profiles = new Map<string, DatasetProfile>();
  beforeAll(async () => {
    for (const name of names) profiles.set(name, await profileDataset(name));
  }, timeoutMs);
  return (name) => {
    const profile = profiles.get(name);
    if (!profile) throw new Error(`${name} was not profiled before the tests`);
    return profile;
  };
}
