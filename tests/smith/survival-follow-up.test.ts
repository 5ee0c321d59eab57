import { describe, expect, it } from 'vitest';
import type { CardColumn } from '../../harness/datasets/card.js';
import { Recipe } from '../../harness/task/recipe.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { datedFollowUp, statusCodes } from '../../harness/smith/survival-dates.js';
import { causeSpecificEvent } from '../../harness/smith/survival-phrases.js';
import { phrasedPairsOf } from '../../harness/smith/survival.js';
import { expertTargets } from '../../harness/smith/targets.js';
import { realProfiles } from './real-profiles.js';

// Rule R1 of the no-target reading (reports/readings/no-target-cards-2026-12-04.md): survival
// outcomes these cards document without a Surv() formula or a time/status pair the card builder finds.
const DATED = ['epi-steno2', 'epi-dmlate', 'mass-aids2', 'epi-brv', 'epi-diet', 'epi-thoro', 'kmsurv-channing', 'epi-brca'] as const;
const PHRASED = ['cardata-rossi', 'epitools-wcgs', 'mass-melanoma', 'timereg-melanoma', 'timereg-trace'] as const;
// Follow-up the rules must leave alone: interval censoring (dmconv, hivDK), an event only as an ICD
// code (nickel), per-episode rows with no exit status (rhDNase), a tabulation of dates (lungDK), and
// cards whose survival pair the card builder already documents (lung).
const NOT = ['epi-dmconv', 'epi-hivdk', 'epi-nickel', 'survival-rhdnase', 'epi-lungdk', 'survival-lung'] as const;
const of = realProfiles([...DATED, ...PHRASED, ...NOT]);

describe('statusCodes: the codings of status columns', () => {
  it('reads numeric, slash-separated, grouped and quoted codes', () => {
    expect(Object.fromEntries(statusCodes('status at end of follow-up, a numeric vector (0=alive,1=dead)'))).toEqual({ 0: 'alive', 1: 'dead' });
    expect(Object.fromEntries(statusCodes('Status at exit, 1: dead / 2: alive, censored at closing of study, 20 February 1992 / 3: censored alive at some earlier date.'))).toEqual({ 1: 'dead', 2: 'alive', 3: 'censored alive at some earlier date' });
    expect(Object.fromEntries(statusCodes('a numeric vector code. Survival status. 9: dead from myocardial infarction, 0: alive, 7,8: dead from other causes.'))).toEqual({ 9: 'dead from myocardial infarction', 0: 'alive', 7: 'dead from other causes', 8: 'dead from other causes' });
    expect(Object.fromEntries(statusCodes('"A" (alive) or "D" (dead) at end of observation.'))).toEqual({ A: 'alive', D: 'dead' });
    expect(Object.fromEntries(statusCodes('1 died from melanoma, 2 alive, 3 dead from other causes.'))).toEqual({ 1: 'died from melanoma', 2: 'alive', 3: 'dead from other causes' });
  });
});

describe('causeSpecificEvent: the death the title names, the others censored', () => {
  const column = (meaning: string) => ({ name: 'status', meaning }) as CardColumn;
  it('takes death from the cause in the title', () => {
    const melanoma = causeSpecificEvent('Survival from Malignant Melanoma', column('1 died from melanoma, 2 alive, 3 dead from other causes.'), ['1', '2', '3']);
    expect(melanoma).toEqual({ value: '1', name: 'death from melanoma', competing: [{ value: '3', label: 'dead from other causes' }] });
  });
  it('takes nothing when the title names no cause of the codes, or two codes are deaths of it', () => {
    expect(causeSpecificEvent('Survival after surgery', column('1 died from melanoma, 2 alive, 3 dead from other causes.'), ['1', '2', '3'])).toBeNull();
    expect(causeSpecificEvent('Melanoma', column('1 died from melanoma, 2 died from melanoma relapse, 3 alive'), ['1', '2', '3'])).toBeNull();
    // A code the coding does not label: the page does not say what it is.
    expect(causeSpecificEvent('Melanoma', column('1 died from melanoma, 2 alive'), ['1', '2', '3'])).toBeNull();
  });
});

describe('R1a: follow-up stored as dates or ages', () => {
  it('steno2: doEnd − doBase in days, death where doDth has a date (the Lexis call of its examples); every later date and the cause of death left out', () => {
    const f = datedFollowUp(of('epi-steno2'))!;
    expect(f).toMatchObject({ entry: 'doBase', exit: 'doEnd', status: 'doDth', event: undefined, eventName: 'death', unit: 'days' });
    expect([...f.later.keys()].sort()).toEqual(['deathCVD', 'doBase', 'doCVD1', 'doCVD2', 'doCVD3', 'doDM', 'doDth', 'doESRD', 'doEnd']);
    expect(f.later.has('doBth')).toBe(false);
  });

  it('DMlate: dates in fractions of years, so the time is in years', () => {
    expect(datedFollowUp(of('epi-dmlate'))).toMatchObject({ entry: 'dodm', exit: 'dox', status: 'dodth', unit: 'years' });
  });

  it('Aids2: Julian dates of diagnosis and of death or end of observation, status "D" (dead)', () => {
    const f = datedFollowUp(of('mass-aids2'))!;
    expect(f).toMatchObject({ entry: 'diag', exit: 'death', status: 'status', event: 'D', unit: 'days' });
    expect(f.later.has('age')).toBe(false); // "Age (years) at diagnosis" is known at entry
  });

  it('brv: the status at end of follow-up (1=dead); the spouse\'s date of death is a later date, not the event', () => {
    const f = datedFollowUp(of('epi-brv'))!;
    expect(f).toMatchObject({ entry: 'doe', exit: 'dox', status: 'fail', event: '1', unit: 'days' });
    expect(f.later.has('dosp')).toBe(true);
    expect(f.later.has('dob')).toBe(false);
  });

  it('diet: no death recorded, so the CHD event its description names; the status on exit and the years at risk restate it', () => {
    const f = datedFollowUp(of('epi-diet'))!;
    expect(f).toMatchObject({ entry: 'doe', exit: 'dox', status: 'chd', event: '1', eventName: 'CHD' });
    expect(['fail', 'y', 'doe', 'dox'].every((c) => f.later.has(c))).toBe(true);
  });

  it('thoro: exitstat 1 = dead of three codes; the liver cancers diagnosed during follow-up are left out', () => {
    const f = datedFollowUp(of('epi-thoro'))!;
    expect(f).toMatchObject({ entry: 'injecdat', exit: 'exitdat', status: 'exitstat', event: '1' });
    expect(['cause', 'liverdat', 'liver', 'hepcc', 'chola', 'hmang'].every((c) => f.later.has(c))).toBe(true);
    expect(['volume', 'contrast', 'birthdat'].some((c) => f.later.has(c))).toBe(false);
  });

  it('channing: ages in months; the age at entry stays an input, the difference of the two ages does not', () => {
    const f = datedFollowUp(of('kmsurv-channing'))!;
    expect(f).toMatchObject({ entry: 'ageentry', exit: 'age', status: 'death', event: '1', unit: 'months' });
    expect(f.later.has('time')).toBe(true);
    expect(f.later.has('ageentry')).toBe(false);
  });

  it('brca: times since diagnosis need no entry; relapse and metastasis times are left out', () => {
    const f = datedFollowUp(of('epi-brca'))!;
    expect(f).toMatchObject({ entry: undefined, exit: 'tox', status: 'xst', event: 'Dead', unit: 'years' });
    expect(['tor', 'tom', 'tod'].every((c) => f.later.has(c))).toBe(true);
  });

  it('leaves interval censoring, ICD-coded deaths, episode rows and tabulations alone', () => {
    for (const name of NOT) expect(datedFollowUp(of(name)), name).toBeNull();
  });
});

describe('R1c: censored times and statuses the pairing misses', () => {
  const pair = (name: (typeof PHRASED)[number]) => phrasedPairsOf(of(name))[0];
  it('pairs each time with the status its card names', () => {
    expect(pair('cardata-rossi')).toMatchObject({ time: 'week', status: 'arrest', event: '1', eventName: 'arrest' });
    expect(pair('epitools-wcgs')).toMatchObject({ time: 'time169', status: 'chd69', event: '1', eventName: 'coronary heart disease' });
    expect(pair('mass-melanoma')).toMatchObject({ time: 'time', status: 'status', event: '1', competing: [{ value: '3' }] });
    expect(pair('timereg-melanoma')).toMatchObject({ time: 'days', status: 'status', event: '1' });
    expect(pair('timereg-trace')).toMatchObject({ time: 'time', status: 'status', event: '9', competing: [{ value: '7' }, { value: '8' }] });
  });

  it("leaves out Rossi's weekly employment after release and wcgs's type of CHD event", () => {
    const rossi = pair('cardata-rossi')!.later;
    expect(rossi.has('emp1') && rossi.has('emp52')).toBe(true);
    expect(['age', 'fin', 'prio', 'mar'].some((c) => rossi.has(c))).toBe(false);
    expect([...pair('epitools-wcgs')!.later.keys()]).toEqual(['typechd']);
  });

  it('finds nothing where the card builder already pairs, or on cards without such a time', () => {
    for (const name of NOT) expect(phrasedPairsOf(of(name)), name).toEqual([]);
  });
});

describe('the tasks: event within a horizon, with no date, status or event record of the follow-up among the inputs', () => {
  // steno2's card says its data are simulated: the Brainstormer rightly posts no task of them.
  for (const name of [...DATED, ...PHRASED].filter((n) => n !== 'epi-steno2')) {
    it(name, () => {
      const profile = of(name);
      const idea = expertTargets(profile).ideas.find((i) => i.derive.kind === 'event_by');
      expect(idea, name).toBeDefined();
      const proposal = brainstormHeuristic(profile, 4).proposals.find((p) => p.derive.kind === 'event_by')!;
      expect(proposal.objective).toBe('binary');
      // A cohort's birth date or follow-up dates are no time axis to split by (thoro was once split by \`birthdat\`).
      expect(proposal.split.kind).not.toBe('temporal');
      const draft = designHeuristic(profile, proposal, {});
      const recipe = Recipe.parse(draft.recipe);
      const later = new Set([...(datedFollowUp(profile)?.later.keys() ?? []), ...(phrasedPairsOf(profile)[0]?.later.keys() ?? [])]);
      expect(recipe.inputs.filter((c) => later.has(c)), name).toEqual([]);
      expect(recipe.inputs.length).toBeGreaterThan(0);
      expect(draft.description).toContain('rows censored before');
    });
  }

  it('steno2 is simulated: no task, however well its follow-up reads', () => {
    expect(brainstormHeuristic(of('epi-steno2'), 4).proposals).toEqual([]);
  });

  it('DMlate says how the time is made and that the dates are not given', () => {
    const profile = of('epi-dmlate');
    const proposal = brainstormHeuristic(profile, 4).proposals.find((p) => p.derive.kind === 'event_by')!;
    expect(proposal.derive).toMatchObject({ kind: 'event_by', status: 'dodth', entry: 'dodm' });
    expect(proposal.derive).not.toHaveProperty('event');
    expect(proposal.title).toMatch(/^Death within [\d.]+ years classification/);
    const { description, recipe } = designHeuristic(profile, proposal, {});
    expect(recipe.target.source).toBe('dox');
    expect(recipe.inputs).toEqual(['sex', 'dobth']);
    expect(description).toContain('`dox` − `dodm` in years');
    expect(description).toContain('Neither `dox`, `dodth`, `dodm` nor any other date');
  });

  it('melanoma says that death from other causes counts as censored', () => {
    const profile = of('mass-melanoma');
    const proposal = brainstormHeuristic(profile, 4).proposals.find((p) => p.derive.kind === 'event_by')!;
    expect(proposal.title).toMatch(/^Death from melanoma within \d+ days/);
    expect(designHeuristic(profile, proposal, {}).description).toContain('`status` = 3 (dead from other causes) is counted as censored');
  });
});
