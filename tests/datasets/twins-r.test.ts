import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { twinGroups, type TwinGroup } from '../../harness/datasets/twins.js';
import { useTempArenaHome } from './helpers.js';

// The packages added for issue #12's scale copy data sets that the registry already has from other
// sources: Boston in @stdlib, MASS and spData (boston.c adds corrected columns); the Wisconsin
// diagnostic data in scikit-learn and mclust; pscl's and flexmix's bioChemists; Grunfeld in AER and
// plm; HSB82 in mlmrev and nlme's MathAchieve; the toenail trial in mice twice (outcome and treatment
// coded 0/1 with 10-digit months in `toenail`, as factors with 7-digit months in `toenail2`) and in
// HSAUR3. Found by content, they are grouped; other data are not. The same units recoded are found
// too (the fifth reading of smith-v2): plm's Wages is AER's PSID7682 with log wage for wage and
// 0/1 for yes/no, Epi's brca is survival's rotterdam with times in years for days; survival's gbsg,
// breast cancer patients under the same columns as rotterdam's, is not, and neither are the PSID's
// 1975 wives (AER's PSID1976) a copy of its 1976-82 panel. They are carData's Mroz, though: the same
// 753 women with only `age` informative in common, identified jointly by it, the two kids counts and
// the three yes/no flags, which agree row for row (and not with the other yes/no columns, `city`).

const TWINS = [
  ['boston', 'mass-boston', 'spdata-boston-c'],
  ['breast-cancer', 'mclust-wdbc'],
  ['flexmix-biochemists', 'pscl-biochemists'],
  ['aer-grunfeld', 'plm-grunfeld'],
  ['mlmrev-hsb82', 'nlme-mathachieve'],
  ['hsaur3-toenail', 'mice-toenail', 'mice-toenail2'],
  ['aer-psid7682', 'plm-wages'],
  ['epi-brca', 'survival-rotterdam'],
  ['aer-psid1976', 'cardata-mroz'],
];
const OTHERS = ['ggplot2-diamonds', 'mice-boys', 'survey-apistrat', 'survival-gbsg'];

let cleanup: () => Promise<void>;
let groups: TwinGroup[];
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
  for (const name of [...TWINS.flat(), ...OTHERS]) await fetchDataset(name);
  groups = await twinGroups();
});
afterAll(() => cleanup());

describe('twins among the R packages and the other sources', () => {
  it('groups each copy with its original, whole rows contained', () => {
    expect(groups.map((g) => g.members).sort()).toEqual(TWINS.map((t) => [...t].sort()).sort());
    for (const group of groups) for (const pair of group.pairs) expect(pair.rowContainment).toBe(1);
  });

  it('finds Mroz in PSID1976 by the codes that agree row for row with age', () => {
    const pair = groups.find((g) => g.members.includes('cardata-mroz'))!.pairs[0]!;
    const columns = pair.contained === 'cardata-mroz' ? pair.columns : pair.columns.map(([a, b]) => [b, a]);
    expect(new Map(columns)).toEqual(
      new Map([
        ['age', 'age'],
        ['k5', 'youngkids'],
        ['k618', 'oldkids'],
        ['lfp', 'participation'],
        ['wc', 'college'],
        ['hc', 'hcollege'],
      ]),
    );
  });

  it('groups nothing else', () => {
    for (const name of OTHERS) expect(groups.find((g) => g.members.includes(name)), name).toBeUndefined();
  });
});
