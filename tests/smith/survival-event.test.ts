import { describe, expect, it } from 'vitest';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import type { DatasetCard } from '../../harness/datasets/card.js';
import { profileDataset } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { horizonText, survivalEvent } from '../../harness/smith/survival-event.js';

// The event and time unit of every "event within a horizon" task in tasks/smith-v2, read from the
// datasets' own R help pages (issue #12: the reading found titles like "Status by 310" that name
// neither). Expected values are what each help page says; null where it does not say.
const CASES: { dataset: string; time: string; status: string; code: string; event: string | null; unit: string | null }[] = [
  { dataset: 'survival-lung', time: 'time', status: 'status', code: '2', event: 'death', unit: 'days' }, // "censoring status 1=censored, 2=dead"
  { dataset: 'survival-mgus2', time: 'futime', status: 'death', code: '1', event: 'death', unit: 'months' }, // "occurrence of death: 0=no, 1=yes"
  { dataset: 'survival-flchain', time: 'futime', status: 'death', code: '1', event: 'death', unit: 'days' }, // "days from enrollment until death"
  { dataset: 'survival-mgus', time: 'futime', status: 'death', code: '1', event: 'death', unit: 'days' }, // "1= follow-up is until death"
  { dataset: 'survival-rotterdam', time: 'rtime', status: 'recur', code: '1', event: 'relapse', unit: 'days' }, // "0= no relapse, 1= relapse"
  { dataset: 'survival-rotterdam', time: 'dtime', status: 'death', code: '1', event: 'death', unit: 'days' }, // "0= alive, 1= dead"
  { dataset: 'survival-nafld1', time: 'futime', status: 'status', code: '1', event: 'death', unit: 'days' }, // "time to death or last follow-up"; the page: "all time intervals are in days since the index date"
  { dataset: 'survival-retinopathy', time: 'futime', status: 'status', code: '1', event: 'loss of vision', unit: null }, // "1 = loss of vision in this eye"
  { dataset: 'survival-nwtco', time: 'edrel', status: 'rel', code: '1', event: 'relapse', unit: null }, // "indicator for relapse"
  { dataset: 'kmsurv-kidtran', time: 'time', status: 'delta', code: '1', event: 'death', unit: null }, // "Death indicator (0=alive, 1=dead)"
  { dataset: 'kmsurv-std', time: 'time', status: 'rinfct', code: '1', event: 'reinfection', unit: null }, // "Reinfection (1=yes, 0=no)"
  { dataset: 'th-data-gbsg2', time: 'time', status: 'cens', code: '1', event: 'recurrence', unit: 'days' }, // "recurrence free survival time (in days)", "1- event"
  { dataset: 'survival-stanford2', time: 'time', status: 'status', code: '1', event: null, unit: null }, // "survival or censoring time", "censoring status"
];

describe('survivalEvent on the R help pages of the smith-v2 survival tasks', () => {
  for (const c of CASES) {
    it(`${c.dataset}: ${c.status} = ${c.code} is ${c.event ?? 'not named'}, ${c.time} in ${c.unit ?? 'no stated unit'}`, async () => {
      const { card } = (await fetchDataset(c.dataset)).manifest;
      expect(survivalEvent(card, c.time, c.status, c.code)).toEqual({ event: c.event, unit: c.unit });
    });
  }
});

describe('horizonText', () => {
  it('names the unit, or says the documentation does not', () => {
    expect(horizonText(310, 'time', 'days')).toBe('310 days');
    expect(horizonText(1, 'futime', 'years')).toBe('1 year');
    expect(horizonText(1400, 'time', null)).toBe('1400 (in the units of `time`, which the documentation does not state)');
  });
});

describe('what survivalEvent does not take for a unit or an event', () => {
  const card = (time: string, status: string) => ({ columns: [{ name: 't', meaning: time }, { name: 's', meaning: status }] }) as unknown as DatasetCard;
  it('a time word that is not the unit the time is counted in', () => {
    expect(survivalEvent(card('survival time, with deaths in the first year marked', 'censoring status'), 't', 's', '1')).toEqual({ event: null, unit: null });
  });
  it("a unit the dataset's description gives only for something else than all its times", () => {
    const described = (description: string) => ({ description, columns: [{ name: 't', meaning: 'follow-up time' }, { name: 's', meaning: 'censoring status' }] }) as unknown as DatasetCard;
    expect(survivalEvent(described('All time intervals are in days since the index date.'), 't', 's', '1').unit).toBe('days');
    expect(survivalEvent(described('Ages are in years; the interval between visits is in months.'), 't', 's', '1').unit).toBeNull();
  });
  it('the bookkeeping words of a status code', () => {
    expect(survivalEvent(card('follow-up time', '0 = censored, 1 = event'), 't', 's', '1').event).toBeNull();
    expect(survivalEvent(card('follow-up time', 'status (1=yes, 0=no)'), 't', 's', '1').event).toBeNull();
  });
});

describe('an event-by-horizon task names its event and unit (lung: death within 310 days)', () => {
  it('in the title, the justification and the description', async () => {
    const profile = await profileDataset('survival-lung');
    const proposal = brainstormHeuristic(profile, 4).proposals.find((p) => p.derive.kind === 'event_by')!;
    expect(proposal.title).toMatch(/^Death within 310 days classification — /);
    expect(proposal.justification).toContain('whether death happens within 310 days of follow-up');
    const { description } = designHeuristic(profile, proposal, {});
    expect(description).toContain('is `yes` when death (`status` = 2) happened within 310 days of follow-up (`time` ≤ 310)');
  }, 120_000);
});
