import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { expertTargets } from '../../harness/smith/targets.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// A documented target missing on many rows is still a target when enough rows keep an answer; on
// the real datasets, from the share of answers each one has.
const NAMES = ['aer-star', 'cardata-slid', 'nlme-phenobarb', 'mice-boys'] as const;
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  for (const name of NAMES) profiles.set(name, await profileDataset(name));
}, 600_000);

const targets = (name: (typeof NAMES)[number]) => expertTargets(profiles.get(name)!);

describe('documented targets with missing answers', () => {
  it("Project STAR: the kindergarten reading score, missing for the half who joined later, is a target on the 5,800 pupils with one", () => {
    const profile = profiles.get('aer-star')!;
    const readk = profile.columns.find((c) => c.name === 'readk')!;
    expect(readk.missing).toBeGreaterThan(0.45);
    expect(Math.round(profile.rows * (1 - readk.missing))).toBeGreaterThan(5000);
    expect(targets('aer-star').ideas.map((i) => i.source)).toContain('readk');
  });

  it("SLID: Ontario's wages, missing for 44% (those without a wage), are a target on the 4,000 with one", () => {
    expect(targets('cardata-slid').ideas.map((i) => i.source)).toContain('wages');
  });

  it('Phenobarb: concentrations measured on a fifth of the rows (the others are doses) stay refused, the count of answers given', () => {
    const { ideas, rejected } = targets('nlme-phenobarb');
    expect(ideas.map((i) => i.source)).not.toContain('conc');
    expect(rejected.find((r) => r.target === 'conc')?.reason).toMatch(/^documented target, but 79% missing \(155 rows with an answer\)$/);
  });

  it("boys: the Tanner genital stage, missing on two rows in three, stays refused although 245 boys have one", () => {
    expect(targets('mice-boys').rejected.find((r) => r.target === 'gen')?.reason).toMatch(/67% missing \(2\d\d rows with an answer\)/);
  });
});
