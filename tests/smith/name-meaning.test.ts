import { beforeAll, describe, expect, it } from 'vitest';
import { columnLine } from '../../harness/smith/description.js';
import { meaningFromName, nameWords } from '../../harness/smith/name-meaning.js';
import { profileDataset } from '../../harness/smith/profile.js';
import type { DatasetProfile } from '../../harness/smith/types.js';

// Columns a help page leaves undescribed, from real datasets' cards: a name in plain words is read
// as its meaning (and said to be read so), a code is not, so the review still rejects tasks whose
// inputs are codes nobody explained (sonar's V1…V60, pd_speech's PPE, imports85's symboling).

const profiles = new Map<string, DatasetProfile>();
beforeAll(async () => {
  for (const name of ['modeldata-mlc-churn', 'sonar', 'modeldata-pd-speech']) profiles.set(name, await profileDataset(name));
}, 300_000);

const undescribed = (p: DatasetProfile) => p.card.columns.filter((c) => !c.meaning.trim()).map((c) => c.name);

describe('meaning read from a column name', () => {
  it('splits snake, dot and camel case', () => {
    expect(nameWords('number_vmail_messages')).toEqual(['number', 'vmail', 'messages']);
    expect(nameWords('InstallmentRatePercentage')).toEqual(['installment', 'rate', 'percentage']);
    expect(nameWords('leaf.halo')).toEqual(['leaf', 'halo']);
    expect(nameWords('ACEInhibitor2')).toEqual(['ace', 'inhibitor']);
  });

  it('reads every undescribed column of the MLC++ churn data, whose help page lists the predictors only by name', () => {
    const churn = profiles.get('modeldata-mlc-churn')!;
    const names = undescribed(churn);
    expect(names).toEqual(expect.arrayContaining(['account_length', 'international_plan', 'number_vmail_messages', 'total_day_minutes']));
    expect(Object.fromEntries(names.map((n) => [n, meaningFromName(n)]))).toMatchObject({ account_length: 'account length', number_vmail_messages: 'number vmail messages', total_day_minutes: 'total day minutes' });
    expect(names.filter((n) => meaningFromName(n) === null)).toEqual([]);
    expect(columnLine(churn, 'account_length')).toMatch(/^- `account_length`: account length \(read from the column's name: the documentation does not describe it\) \(integer, from \d+ to \d+\)$/);
  });

  it('reads no code: sonar\'s band energies V1…V60 and the speech measures of pd_speech stay without a meaning', () => {
    const sonar = undescribed(profiles.get('sonar')!).filter((n) => /^V\d+$/.test(n));
    expect(sonar.length).toBeGreaterThanOrEqual(60);
    expect(sonar.filter((n) => meaningFromName(n) !== null)).toEqual([]);
    expect(columnLine(profiles.get('sonar')!, 'V1')).toMatch(/^- `V1` \(/);
    for (const code of ['PPE', 'DFA', 'RPDE', 'locPctJitter', 'symboling', 'lgdp2', 'x.3', 'X1', 'moeGao_Abra_L', 'ACE_CD143_Angiotensin_Converti']) expect([code, meaningFromName(code)]).toEqual([code, null]);
    expect(meaningFromName('Age')).toBe('age');
  });
});
