import { beforeAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic, groupColumn, simulatedData } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { survivalPairsOf, survivalTermsAll } from '../../harness/smith/survival.js';
import type { DatasetProfile, Proposal } from '../../harness/smith/types.js';

// Rules found by an expert reading of tasks/smith-v2 (50 tasks drawn at random), each asserted on
// the real dataset whose task broke it, from what its R help page documents.
const NAMES = ['survival-nafld1', 'survival-mgus2', 'survival-rotterdam', 'survival-heart', 'aer-guns', 'aer-medicaid1986', 'mass-cpus', 'aer-cps1985', 'aer-psid1976', 'survival-myeloid', 'lme4-arabidopsis', 'psychtools-sat-act', 'survival-nwtco', 'anes96'] as const;
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  for (const name of NAMES) profiles.set(name, await profileDataset(name));
}, 600_000);

const of = (name: (typeof NAMES)[number]) => profiles.get(name)!;
const proposals = (name: (typeof NAMES)[number]) => brainstormHeuristic(of(name), 3);
const inputsOf = (name: (typeof NAMES)[number], p: Proposal) => designHeuristic(of(name), p, {}).design.features;

describe('censored survival outcomes', () => {
  it('reads every Surv() of a text: rescaled times, event codes and counting-process intervals', () => {
    expect(survivalTermsAll('coxph(Surv(futime/365.25, status) ~ age + male, nafld1)')).toEqual([{ time: 'futime', status: 'status', event: undefined }]);
    expect(survivalTermsAll('coxph(Surv(etime, event=="pcm") ~ age)')).toEqual([{ time: 'etime', status: 'event', event: 'pcm' }]);
    expect(survivalTermsAll('coxph(Surv(start, stop, event) ~ age + surgery, heart)')).toEqual([{ start: 'start', time: 'stop', status: 'event', event: undefined }]);
  });

  it('nafld1: the status of Surv(futime/365.25, status) becomes "dead within a horizon", never a plain yes/no, and the matched set\'s number is no input', () => {
    const { proposals: ps } = proposals('survival-nafld1');
    expect(ps.map((p) => p.target)).not.toContain('status');
    const death = ps.find((p) => p.derive.kind === 'event_by')!;
    expect(death).toMatchObject({ source: 'futime', derive: { kind: 'event_by', status: 'status', event: '1' } });
    expect(death.metric.positiveClass).toBe('yes');
    const inputs = inputsOf('survival-nafld1', death);
    expect(inputs).not.toContain('case.id');
    expect(inputs).not.toContain('futime');
    expect(inputs).toEqual(expect.arrayContaining(['age', 'male', 'bmi']));
  });

  it('mgus2: progression (pstat) is asked within a horizon of ptime, and no follow-up time or status of the other outcome is an input', () => {
    const { proposals: ps } = proposals('survival-mgus2');
    expect(ps.every((p) => p.derive.kind === 'event_by')).toBe(true);
    for (const p of ps) expect(inputsOf('survival-mgus2', p).filter((c) => ['ptime', 'pstat', 'futime', 'death'].includes(c))).toEqual([]);
  });

  it('rotterdam: "days to relapse or last follow-up" pairs with recur, "days to death or last follow-up" with death, and neither time is an input of the other outcome', () => {
    expect(survivalPairsOf(of('survival-rotterdam'))).toEqual(expect.arrayContaining([{ time: 'rtime', status: 'recur' }, { time: 'dtime', status: 'death' }]));
    const { proposals: ps } = proposals('survival-rotterdam');
    expect(ps.map((p) => p.derive.kind)).toEqual(['event_by', 'event_by']);
    for (const p of ps) expect(inputsOf('survival-rotterdam', p).filter((c) => ['rtime', 'recur', 'dtime', 'death'].includes(c))).toEqual([]);
  });

  it('heart: counting-process intervals (Surv(start, stop, event)) give no per-row yes/no, and their subject is the group', () => {
    const { proposals: ps, rejected } = proposals('survival-heart');
    expect(ps.map((p) => p.target)).not.toContain('event');
    expect(rejected.map((r) => r.reason).join(' ')).toMatch(/counting-process/);
    expect(groupColumn(of('survival-heart'))).toBe('id');
  });
});

describe('splits and inputs an expert would set', () => {
  it('Guns: a panel of states over years is split by state, and the state is no input', () => {
    expect(groupColumn(of('aer-guns'))).toBe('state');
    const violent = proposals('aer-guns').proposals.find((p) => p.target === 'violent')!;
    expect(violent.split).toEqual({ kind: 'group', groupColumn: 'state' });
    expect(inputsOf('aer-guns', violent)).not.toContain('state');
  });

  it('Medicaid1986: `school` (years of education) is an input, not a grouping key, and "any visits" asks for P(yes)', () => {
    expect(groupColumn(of('aer-medicaid1986'))).toBeUndefined();
    const any = proposals('aer-medicaid1986').proposals.find((p) => p.derive.kind === 'threshold')!;
    expect(any.metric.positiveClass).toBe('yes');
    expect(inputsOf('aer-medicaid1986', any)).toContain('school');
  });

  it('PSID1976: the documented yes/no participation is scored for P(yes), whichever class is rarer', () => {
    const participation = proposals('aer-psid1976').proposals.find((p) => p.target === 'participation')!;
    expect(participation.metric.positiveClass).toBe('yes');
  });

  it('cpus: the published estimate estperf (Ein-Dor & Feldmesser) is no input of the published performance', () => {
    const perf = proposals('mass-cpus').proposals.find((p) => p.target === 'perf')!;
    const draft = designHeuristic(of('mass-cpus'), perf, {});
    expect(draft.design.features).not.toContain('estperf');
    expect(draft.design.dropped.find((d) => d.column === 'estperf')?.reason).toMatch(/estimate/);
    expect(draft.design.features).toEqual(expect.arrayContaining(['syct', 'mmin', 'mmax', 'cach']));
  });

  it("anes96: the documented vote beside party identification is dropped as another response of the study, not as 'a score of the same match'", () => {
    const pid = proposals('anes96').proposals.find((p) => p.target === 'PID')!;
    const vote = designHeuristic(of('anes96'), pid, {}).design.dropped.find((d) => d.column === 'vote');
    expect(vote?.reason).toMatch(/^another documented response of the study/);
  });

  it('nwtco: `seqno`, one number per child, is dropped as the number of a unit, not of a group', () => {
    const proposal = proposals('survival-nwtco').proposals[0]!;
    const seqno = designHeuristic(of('survival-nwtco'), proposal, {}).design.dropped.find((d) => d.column === 'seqno');
    expect(seqno?.reason).toMatch(/^the number of a unit .* nearly one value per row/);
  });

  it('counts are what the documentation counts: CPS1985 wage stays a measurement, medicaid visits a count', () => {
    expect(proposals('aer-cps1985').proposals[0]!.kind).not.toBe('count');
    const visits = proposals('aer-medicaid1986').proposals.find((p) => p.target === 'visits')!;
    expect(['count', 'zero-inflated']).toContain(visits.kind);
  });
});

describe('real data only', () => {
  it('myeloid ("This simulated data set is based on a trial") gives no task; "simulated herbivory" and the Synthetic Aperture Personality Assessment are real data', () => {
    expect(simulatedData(of('survival-myeloid'))).toMatch(/simulated data set/);
    const { proposals: ps, rejected } = proposals('survival-myeloid');
    expect(ps).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/not real/);
    expect(simulatedData(of('lme4-arabidopsis'))).toBeNull();
    expect(simulatedData(of('psychtools-sat-act'))).toBeNull();
  });
});
