import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../harness/grading/metrics/catalog.js';
import { profileDataset, screenTargets } from '../../harness/smith/profile.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { missingSections } from '../../harness/smith/roles/refactor.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { formulaPredictors } from '../../harness/smith/targets.js';
import { survivalTerms } from '../../harness/smith/survival.js';
import type { DatasetProfile, Proposal } from '../../harness/smith/types.js';

// The roles read real datasets' cards, drawn from the sources' own documentation (R help pages,
// statsmodels): what is asserted below is what that documentation says.
const NAMES = ['aer-cps1985', 'affairs', 'survival-lung', 'star98', 'sunspots', 'aer-fatalities', 'mass-crabs', 'football', 'aer-usmacrosw', 'lmtest-fyff', 'aer-bankwages', 'aer-equationcitations', 'aer-caschools', 'aer-gss7402', 'aer-guns', 'aer-nmes1988', 'aer-maschools', 'aer-psid1976', 'aer-electricity1955', 'geepack-dietox', 'caravan-insurance'] as const;
const profiles = new Map<string, DatasetProfile>();

beforeAll(async () => {
  for (const name of NAMES) profiles.set(name, await profileDataset(name));
}, 600_000);

const of = (name: (typeof NAMES)[number]) => profiles.get(name)!;
const brainstorm = (name: (typeof NAMES)[number]) => brainstormHeuristic(of(name), 4);
const fits = (p: Proposal) => METRICS.get(p.metric.name)!.fits.some((f) => f.kind === p.kind);

describe('the heuristic Brainstormer reads the dataset card', () => {
  it('CPS1985: wage, the documented response of lm(log(wage) ~ ...), and never an input such as education', () => {
    const { proposals } = brainstorm('aer-cps1985');
    expect(proposals[0]).toMatchObject({ target: 'wage', basis: 'documented', objective: 'regression' });
    expect(proposals[0]!.justification).toMatch(/log\(wage\)/);
    expect(proposals.map((p) => p.target)).not.toContain('education');
    expect(proposals.every(fits)).toBe(true);
  });

  it('Fair\'s affairs: the zero-inflated outcome with a metric for it, and "any affair" derived from it', () => {
    const { proposals } = brainstorm('affairs');
    const raw = proposals.find((p) => p.target === 'affairs')!;
    expect(raw.kind).toBe('zero-inflated');
    expect(['rmsle', 'mape']).not.toContain(raw.metric.name);
    const any = proposals.find((p) => p.derive.kind === 'threshold')!;
    expect(any).toMatchObject({ source: 'affairs', objective: 'binary', basis: 'derived', derive: { kind: 'threshold', op: '>', value: 0 } });
    expect(proposals.every(fits)).toBe(true);
  });

  it('lung: Surv(time, status) becomes "dead within a horizon", with status 2 = dead as the R help page codes it', () => {
    const { proposals } = brainstorm('survival-lung');
    const survival = proposals.find((p) => p.derive.kind === 'event_by')!;
    expect(survival.derive).toMatchObject({ kind: 'event_by', status: 'status', event: '2' });
    expect(survival.source).toBe('time');
    // The status column is part of the survival outcome, not a target of its own.
    expect(proposals.map((p) => p.target)).not.toContain('status');
  });

  it('star98: the documented binomial response NABOVE / (NABOVE + NBELOW) becomes a share, neither count an input', () => {
    const { proposals } = brainstorm('star98');
    const share = proposals.find((p) => p.derive.kind === 'share')!;
    expect(share).toMatchObject({ source: 'NABOVE', derive: { kind: 'share', failures: 'NBELOW' } });
    const draft = designHeuristic(of('star98'), share, {});
    expect(draft.design.features).not.toContain('NABOVE');
    expect(draft.design.features).not.toContain('NBELOW');
    expect(draft.recipe?.target).toEqual({ source: 'NABOVE', name: share.target, derive: { kind: 'share', failures: 'NBELOW' } });
  });

  it('sunspots: a forecast with lags no shorter than its horizon, scored by MASE, not MAPE', () => {
    const { proposals } = brainstorm('sunspots');
    const forecast = proposals.find((p) => p.objective === 'forecasting')!;
    expect(forecast.metric.name).toBe('mase');
    const draft = designHeuristic(of('sunspots'), forecast, {});
    const steps = of('sunspots').columns.find((c) => c.name === forecast.split.timeColumn)!.distinct;
    const horizon = Math.round(draft.design.testFraction * steps);
    expect(horizon).toBeGreaterThanOrEqual(30);
    expect(Math.min(...draft.recipe!.lags!.lags)).toBeGreaterThanOrEqual(horizon);
    expect(draft.recipe!.split).toEqual({ kind: 'temporal', column: forecast.split.timeColumn });
  });

  it('Fatalities: a panel of states is split by its documented grouping key, which is not an input', () => {
    const { proposals } = brainstorm('aer-fatalities');
    const grouped = proposals.find((p) => p.split.kind === 'group')!;
    expect(grouped.split.groupColumn).toBe('state');
    const draft = designHeuristic(of('aer-fatalities'), grouped, {});
    expect(draft.design.features).not.toContain('state');
    expect(draft.description).toMatch(/split is by `state`/);
  });

  it('football: the match result (home, draw, away) from pre-match information, neither score an input', () => {
    const { proposals } = brainstorm('football');
    expect(proposals[0]).toMatchObject({ target: 'result', objective: 'multiclass', derive: { kind: 'compare', other: 'away_score', labels: ['away', 'draw', 'home'] } });
    const draft = designHeuristic(of('football'), proposals[0]!, {});
    expect(draft.design.features).not.toContain('home_score');
    expect(draft.design.features).not.toContain('away_score');
    expect(draft.design.classes).toEqual(['away', 'draw', 'home']);
    // A score predicted as its own target does not see the other side's score of the same match.
    const home = proposals.find((p) => p.target === 'home_score');
    if (home) expect(designHeuristic(of('football'), home, {}).design.features).not.toContain('away_score');
  });

  it('USMacroSW: a time series with documented series and no documented target: each series is forecast, in the card\'s order', () => {
    const { proposals } = brainstorm('aer-usmacrosw');
    expect(proposals.slice(0, 3).map((p) => p.target)).toEqual(['unemp', 'cpi', 'ffrate']);
    for (const p of proposals) {
      expect(p).toMatchObject({ objective: 'forecasting', basis: 'series', split: { kind: 'temporal', timeColumn: 'time' } });
      expect(p.justification).toMatch(/documents `\w+` as /);
    }
    // The other series of the same quarter are not known when forecasting one of them.
    const draft = designHeuristic(of('aer-usmacrosw'), proposals[0]!, {});
    expect(draft.design.features).not.toContain('cpi');
  });

  it('a series restated as differences and lags (lmtest fyff: y, dy, dy1 ... dy6) is forecast once, in levels', () => {
    const { proposals } = brainstorm('lmtest-fyff');
    expect(proposals.map((p) => p.target)).toEqual(['y']);
  });

  it('BankWages: the ordered job category is screened as classes, not as numbers (it once crashed the screen)', async () => {
    const { proposals } = brainstorm('aer-bankwages');
    const job = proposals.find((p) => p.target === 'job')!;
    expect(job.objective).toBe('ordinal');
    const unsafe = await screenTargets(of('aer-bankwages'), [job]);
    expect(unsafe.has('job')).toBe(true);
  }, 120_000);

  it('GSS7402: the documented probit of nokids = factor(kids <= 0) is a yes/no task, and kids itself a count, not 9 nominal classes', () => {
    const { proposals } = brainstorm('aer-gss7402');
    expect(proposals[0]).toMatchObject({ target: 'nokids', source: 'kids', objective: 'binary', basis: 'documented', derive: { kind: 'threshold', op: '<=', value: 0, labels: ['no', 'yes'] } });
    const kids = proposals.find((p) => p.target === 'kids')!;
    expect(kids.objective).toBe('regression');
    expect(['count', 'zero-inflated']).toContain(kids.kind);
    expect(proposals.every(fits)).toBe(true);
  });

  it('crabs: only measurements of a crab, no documented outcome: species and sex are the documented targets, no shape statistic is', () => {
    const { proposals, rejected } = brainstorm('mass-crabs');
    const measurements = ['FL', 'RW', 'CL', 'CW', 'BD'];
    expect(proposals.map((p) => p.target).filter((t) => measurements.includes(t))).toEqual([]);
    expect(proposals.length + rejected.length).toBeGreaterThan(0);
  });
});

describe('the heuristic Designer and Refactor', () => {
  it('every input of a task is described with its documented meaning and unit', () => {
    const p = of('aer-cps1985');
    const draft = designHeuristic(p, brainstorm('aer-cps1985').proposals[0]!, {});
    expect(draft.description).toMatch(/- `education`: Number of years of education\.; unit: years/);
    expect(draft.description).toMatch(/It fits this target because/);
    expect(missingSections(draft.description)).toEqual([]);
    expect(draft.prepareScript).toBeUndefined();
    expect(draft.recipe).toMatchObject({ preparer: 'tabular-v1', target: { name: 'wage' }, split: { kind: 'random' } });
  });

  it('Fatalities: the other fatality counts (night, single-vehicle, by age band, alcohol-involved) are not inputs of the fatality rate', () => {
    const proposal = brainstorm('aer-fatalities').proposals.find((p) => p.target === 'frate')!;
    const draft = designHeuristic(of('aer-fatalities'), proposal, {});
    for (const sibling of ['nfatal', 'sfatal', 'fatal1517', 'nfatal1517', 'fatal2124', 'afatal']) expect(draft.design.features).not.toContain(sibling);
    expect(draft.design.features).toEqual(expect.arrayContaining(['beertax', 'spirits', 'unemp', 'income']));
    expect(draft.design.dropped.find((d) => d.column === 'afatal')!.reason).toMatch(/another count of the same outcome as `fatal`/);
  });

  it('EquationCitations: citations by the authors themselves are not an input of citations by others', () => {
    const proposal = brainstorm('aer-equationcitations').proposals.find((p) => p.target === 'othercites')!;
    const draft = designHeuristic(of('aer-equationcitations'), proposal, {});
    expect(draft.design.features).not.toContain('selfcites');
    expect(draft.design.features).toEqual(expect.arrayContaining(['equations', 'pages', 'journal']));
  });

  it('CASchools: the documented response is score = (math + read)/2, so read is no input of math', () => {
    const proposal = brainstorm('aer-caschools').proposals.find((p) => p.target === 'math')!;
    const draft = designHeuristic(of('aer-caschools'), proposal, {});
    expect(draft.design.features).not.toContain('read');
    expect(draft.design.dropped.find((d) => d.column === 'read')!.reason).toMatch(/part of the documented response/);
    expect(draft.design.features).toEqual(expect.arrayContaining(['students', 'teachers', 'income']));
    // A divisor of the documented response is a normalisation: Electricity's log(cost/fuel) keeps the fuel price an input.
    const cost = brainstorm('aer-electricity1955').proposals.find((p) => p.target === 'cost')!;
    expect(designHeuristic(of('aer-electricity1955'), cost, {}).design.features).toContain('fuel');
  });

  it('sibling outcomes by their documented meaning are not inputs: other crime rates, other kinds of visits, another grade\'s score', () => {
    const features = (name: (typeof NAMES)[number], target: string) => designHeuristic(of(name), brainstorm(name).proposals.find((p) => p.target === target)!, {}).design.features;
    // Guns: violent crime includes murder and robbery, all "rate (incidents per 100,000)"; the incarceration rate is a predictor.
    const guns = features('aer-guns', 'violent');
    expect(guns).not.toContain('murder');
    expect(guns).not.toContain('robbery');
    expect(guns).toEqual(expect.arrayContaining(['prisoners', 'income', 'law']));
    // NMES1988: the six utilisation counts are all outcomes of Deb and Trivedi's study; chronic conditions and hospital stays are not visits.
    const nmes = features('aer-nmes1988', 'visits');
    for (const sibling of ['nvisits', 'ovisits', 'novisits', 'emergency']) expect(nmes).not.toContain(sibling);
    expect(nmes).toEqual(expect.arrayContaining(['chronic', 'age', 'income']));
    // MASchools: the 8th grade score is not an input of the 4th grade score.
    expect(features('aer-maschools', 'score4')).not.toContain('score8');
    // PSID1976: the husband's wage is the wife's household circumstance, not her outcome.
    expect(features('aer-psid1976', 'wage')).toContain('hwage');
    // dietox: the start weight is a baseline, measured before the weight predicted.
    expect(features('geepack-dietox', 'Weight')).toContain('Start');
    // CoIL 2000: the other insurance policies a customer holds are the classic inputs of CARAVAN (0/1).
    expect(features('caravan-insurance', 'CARAVAN')).toEqual(expect.arrayContaining(['APERSAUT', 'AWAPART', 'ALEVEN']));
  });

  it('drops screened leaks and other outcomes of the study with their reasons', () => {
    const p = of('survival-lung');
    const proposal = brainstorm('survival-lung').proposals.find((x) => x.derive.kind === 'event_by')!;
    const draft = designHeuristic(p, proposal, { 'wt.loss': 'an exact copy of the target' });
    const reasons = Object.fromEntries(draft.design.dropped.map((d) => [d.column, d.reason]));
    expect(reasons['wt.loss']).toMatch(/leaks the target: an exact copy/);
    expect(reasons.time).toMatch(/derived from it/);
    expect(reasons.status).toMatch(/derived from it/);
    expect(draft.description).toContain('`wt.loss`: leaks the target: an exact copy of the target');
  });

  it('the offline Refactor restores the unified sections of a description that lost them', async () => {
    const p = of('aer-cps1985');
    const draft = designHeuristic(p, brainstorm('aer-cps1985').proposals[0]!, {});
    const broken = { ...draft, description: draft.description.replace('## Evaluation', '## How it is scored').replace('## Task', '## Goal') };
    expect(missingSections(broken.description)).toEqual(['Task', 'Evaluation']);
    const fixed = await heuristicRoles.refactor(p, broken, ['description.md lacks sections']);
    expect(missingSections(fixed.description)).toEqual([]);
    expect(fixed.roles.refactor).toEqual({ by: 'heuristic' });
  });
});

describe('reading model formulas', () => {
  it('finds the predictors of an R formula and the parts of Surv()', () => {
    const columns = ['wage', 'education', 'experience', 'age', 'gender', 'time', 'status', 'ph.ecog'];
    expect(formulaPredictors('lm(log(wage) ~ education + experience + I(experience^2), data = CPS1985)', columns)).toEqual(['education', 'experience']);
    expect(formulaPredictors('lm(wage ~ ., data = CPS1985)', columns)).toEqual(columns);
    expect(survivalTerms('survfit(Surv(time, status) ~ ph.ecog, data=lung)')).toEqual({ time: 'time', status: 'status', event: undefined });
    expect(survivalTerms('survfit(Surv(time, status==2) ~ sex, pbc)')).toEqual({ time: 'time', status: 'status', event: '2' });
  });
});
