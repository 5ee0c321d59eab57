import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refactorDraft } from '../../harness/smith/roles/refactor.js';
import { parseCsv } from '../../harness/tabular/csv.js';
import { prepareTask } from '../../harness/task/prepare.js';
import { tempDir } from '../helpers/fixture-task.js';
import { measurementOf, otherSide, sameQuantity } from '../../harness/smith/measurement.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { expertTargets, rateOf } from '../../harness/smith/targets.js';
import type { Proposal } from '../../harness/smith/types.js';
import { realProfiles } from './real-profiles.js';

// Target and drop rules from a second expert reading of tasks/smith-v2 (issue #12), each asserted
// on the real dataset whose task broke it, from what its card (the package's documentation) says.
const NAMES = ['aer-fatalities', 'gapminder', 'anes96', 'arm-lalonde', 'geepack-respiratory', 'mlmrev-exam', 'mlmrev-mmmec', 'psychtools-globalwarm', 'cardata-davis', 'psychtools-sat-act', 'vgam-hunua', 'vgam-waitakere', 'epi-dmepi', 'football', 'pscl-australianelectionpolling', 'mass-ome'] as const;
type Name = (typeof NAMES)[number];
const of = realProfiles(NAMES);
const brainstorm = (name: Name) => brainstormHeuristic(of(name), 3);
const proposal = (name: Name, target: string): Proposal => {
  const found = brainstorm(name).proposals.find((p) => p.target === target);
  if (!found) throw new Error(`${name}: no proposal for ${target}`);
  return found;
};
const design = (name: Name, target: string) => designHeuristic(of(name), proposal(name, target), {}).design;
const reasonOf = (name: Name, target: string, column: string) => design(name, target).dropped.find((d) => d.column === column)?.reason;

describe('documented covariates stay inputs', () => {
  it('Fatalities: the other fatality counts are no inputs of the fatality rate; the documented covariates are', () => {
    const inputs = design('aer-fatalities', 'frate').features;
    expect(inputs).toEqual(expect.arrayContaining(['beertax', 'spirits', 'unemp', 'income', 'drinkage', 'jail', 'year']));
    expect(inputs).not.toContain('nfatal');
    expect(reasonOf('aer-fatalities', 'frate', 'afatal')).toMatch(/another count of the same outcome as `fatal`/);
  });

  it('Gapminder: life expectancy, another question the documentation offers, is a covariate of fertility and fertility of life expectancy', () => {
    expect(design('gapminder', 'fertility').features).toContain('life_expect');
    expect(design('gapminder', 'life_expect').features).toContain('fertility');
  });

  it('anes96: the expected vote, left out of the documented model of party identification (statsmodels\' exog), stays out of its inputs', () => {
    expect(design('anes96', 'PID').features).toEqual(expect.arrayContaining(['logpopul', 'selfLR', 'age', 'educ', 'income']));
    expect(reasonOf('anes96', 'PID', 'vote')).toMatch(/^another documented response of the study/);
  });

  it('LaLonde: 1978 earnings modelled on 1974 and 1975 earnings (the same quantity earlier) is a task, not sibling measurements', () => {
    expect(brainstorm('arm-lalonde').proposals.map((p) => p.target)).toEqual(['re78']);
    expect(design('arm-lalonde', 're78').features).toEqual(expect.arrayContaining(['re74', 're75', 'treat']));
  });

  it('respiratory: the status at baseline, in the documented model of the status at each visit, is a baseline, no sibling measurement', () => {
    expect(brainstorm('geepack-respiratory').proposals.map((p) => p.target)).toEqual(['outcome']);
    expect(design('geepack-respiratory', 'outcome').features).toContain('baseline');
  });

  it('Exam and Mmmec: one documented input of the same kind (the reading test at intake, the expected deaths of the offset) makes no sibling model; "a numeric vector of" is a storage type', () => {
    expect(brainstorm('mlmrev-exam').proposals.map((p) => p.target)).toEqual(['normexam']);
    expect(design('mlmrev-exam', 'normexam').features).toContain('standLRT');
    expect(brainstorm('mlmrev-mmmec').proposals.map((p) => p.target)).toEqual(['deaths']);
    expect(measurementOf('a numeric vector of mathematics achievement scores.')).toBe('|scores|');
    // bioChemists: the mentor's articles are the mentor's, no sibling of the student's ("by" is no end of the head).
    expect(measurementOf('count of articles produced by Ph.D. mentor during last 3 years')).not.toBe(measurementOf('count of articles produced during last 3 years of Ph.D.'));
  });

  it('globalWarm: party identification ("a numeric", a storage type, no meaning) is no sibling measurement of govact', () => {
    expect(measurementOf('a numeric')).toBeNull();
    expect(design('psychtools-globalwarm', 'govact').features).toEqual(expect.arrayContaining(['partyid', 'ideology', 'negemot', 'posemot']));
  });

  it('Davis: measured weight is predicted from the reported weight; the report is not predicted from the measurement', () => {
    expect(sameQuantity('Measured weight in kg.', 'Reported weight in kg.')).toBe(true);
    expect(sameQuantity('Measured weight in kg.', 'Measured height in cm.')).toBe(false);
    const { proposals, rejected } = brainstorm('cardata-davis');
    expect(proposals.map((p) => p.target)).toEqual(['weight']);
    expect(design('cardata-davis', 'weight').features).toEqual(expect.arrayContaining(['repwt', 'repht', 'height', 'sex']));
    expect(rejected.find((r) => r.target === 'repwt')?.reason).toMatch(/report of what `weight` measures/);
  });
});

describe('no measurement predicted from its siblings', () => {
  it('sat.act: SAT quantitative, modelled from SAT verbal and the ACT, is rejected as sibling measurements; ACT from gender, education and age stays, without the SAT scores', () => {
    const { proposals, rejected } = brainstorm('psychtools-sat-act');
    expect(proposals.map((p) => p.target)).toEqual(['ACT']);
    expect(rejected.find((r) => r.target === 'SATQ')?.reason).toMatch(/from `ACT`, `SATV`: .*sibling measurements/);
    expect(design('psychtools-sat-act', 'ACT').features.sort()).toEqual(['age', 'education', 'gender']);
  });

  it('Hunua and Waitakere ("Altitude is explanatory, and there are binary responses for 17 plant species"): a species is predicted from altitude, never from the other species', () => {
    for (const name of ['vgam-hunua', 'vgam-waitakere'] as const) {
      const d = design(name, 'agaaus');
      expect(d.features).toEqual(['altitude']);
      expect(d.dropped.find((x) => x.column === 'corlae')?.reason).toMatch(/another response of the study like the documented/);
    }
    expect(design('vgam-hunua', 'cyadea').features).toEqual(['altitude']);
    // cbind(agaaus, kniexc) with binomialff(multiple.responses = TRUE): two responses, no share of successes.
    const hunua = brainstorm('vgam-hunua');
    expect(hunua.proposals.map((p) => p.derive.kind)).not.toContain('share');
    expect(hunua.rejected.find((r) => r.target === 'agaaus')?.reason).toMatch(/binds two yes\/no responses \(`agaaus`, `kniexc`\)/);
  });
});

describe('person-years are an exposure', () => {
  it('DMepi: cbind(X, Y.nD) under poisreg pairs diagnoses with person-years, no binomial share; X stays a count with Y.nD as an input', () => {
    const { proposals, rejected } = brainstorm('epi-dmepi');
    expect(proposals.map((p) => p.derive.kind)).not.toContain('share');
    expect(rejected.find((r) => r.target === 'X')?.reason).toMatch(/`Y\.nD` \(Person-years among persons without diabetes\): an exposure, not a count of failures/);
    const x = design('epi-dmepi', 'X');
    expect(x.features).toContain('Y.nD');
    expect(x.features).not.toContain('D.nD');
  });

  it('DMepi: person-years among persons with diabetes are no sibling of the deaths among persons without (prepositions end a meaning\'s head)', () => {
    expect(measurementOf('Number of deaths among persons without diabetes')).toBe(measurementOf('Number of deaths among persons with diabetes'));
    expect(measurementOf('Person-years among persons with diabetes')).not.toBe(measurementOf('Number of deaths among persons without diabetes'));
    const d = design('epi-dmepi', 'D.nD');
    expect(d.features).toEqual(expect.arrayContaining(['Y.DM', 'Y.nD']));
    expect(reasonOf('epi-dmepi', 'D.nD', 'D.DM')).toMatch(/same kind of measurement/);
  });
});

describe('dated rows are split in time', () => {
  it('football: matches are split by date and predicted from what is known before kick-off (teams, division, date), never the other score', () => {
    expect(otherSide('home_score', ['home_score', 'away_score'])).toBe('away_score');
    for (const target of ['result', 'home_score', 'away_score']) {
      const p = proposal('football', target);
      expect(p.split).toEqual({ kind: 'temporal', timeColumn: 'date' });
      expect(design('football', target).features.sort()).toEqual(['away_team', 'date', 'division', 'home_team']);
    }
    expect(reasonOf('football', 'home_score', 'away_score')).toMatch(/^the other score of the same match/);
  });

  it('football: the result (away, draw, home) is scored as three classes, with no "yes" class to ask about (recipe.positiveClass once rejected the task)', () => {
    const result = proposal('football', 'result');
    expect(result.metric).toEqual({ name: 'log_loss', form: 'probabilities' });
    expect(designHeuristic(of('football'), result, {}).recipe.positiveClass).toBeNull();
  });

  it('AustralianElectionPolling: polls are split by their start date (the later polls are the test), and the other parties\' shares of the same poll are no inputs', () => {
    const alp = proposal('pscl-australianelectionpolling', 'ALP');
    expect(alp.split).toEqual({ kind: 'temporal', timeColumn: 'startDate' });
    const d = design('pscl-australianelectionpolling', 'ALP');
    expect(d.testFraction).toBe(0.25);
    expect(d.features).not.toContain('Lib');
  });
});

describe('a documented count per its documented exposure is a rate', () => {
  it("Fatalities: the task is the traffic fatality rate of the help page and Stock & Watson, deaths per 10,000 population (frate = fatal/pop * 10000)", () => {
    const { ideas } = expertTargets(of('aer-fatalities'));
    expect(ideas.map((i) => i.name)).toEqual(['frate']);
    expect(ideas[0]).toMatchObject({ source: 'fatal', derive: { kind: 'rate', exposure: 'pop', per: 10000 }, kind: 'continuous', basis: 'derived' });
    expect(ideas[0]!.why).toMatch(/`fatal` \(numeric. Number of vehicle fatalities\) per 10,000 of its exposure `pop` \(numeric. Population\)/);
    const p = proposal('aer-fatalities', 'frate');
    // The state x year panel: every year of a state on one side, so the test states are unseen.
    expect(p).toMatchObject({ objective: 'regression', split: { kind: 'group', groupColumn: 'state' } });
  });

  it('Fatalities: neither the count nor the population is an input (together they are the target), and the description says how the rate is made', () => {
    const { design: d, description, recipe } = designHeuristic(of('aer-fatalities'), proposal('aer-fatalities', 'frate'), {});
    expect(d.features).not.toContain('fatal');
    expect(d.features).not.toContain('pop');
    expect(d.dropped.find((x) => x.column === 'pop')?.reason).toBe('the target is derived from it');
    expect(recipe?.target).toEqual({ source: 'fatal', name: 'frate', derive: { kind: 'rate', exposure: 'pop', per: 10000 } });
    expect(description).toContain('`frate` is `fatal` / `pop` × 10000 (per 10,000 of `pop`); neither is given.');
  });

  it("Fatalities: the prepared rate reproduces Stock & Watson's regressions of it on the beer tax (1982: 2.01 + 0.15 BeerTax; 1988: 1.86 + 0.44 BeerTax)", { timeout: 300_000 }, async () => {
    const draft = designHeuristic(of('aer-fatalities'), proposal('aer-fatalities', 'frate'), {});
    const task = await refactorDraft(of('aer-fatalities'), draft, tempDir('fatalities-rate-'));
    expect(await prepareTask(task)).toMatchObject({ status: 'prepared' });
    const table = (name: string) => parseCsv(readFileSync(path.join(task.paths.dir, 'data', name), 'utf8'));
    const [train, test, answers] = [table('public/train.csv'), table('public/test.csv'), table('private/answers.csv')];
    const rate = new Map(answers.rows.map((r) => [r[0]!, Number(r[answers.header.indexOf('frate')])]));
    const rows = [
      ...train.rows.map((r) => ({ year: r[train.header.indexOf('year')], beertax: Number(r[train.header.indexOf('beertax')]), frate: Number(r[train.header.indexOf('frate')]) })),
      ...test.rows.map((r) => ({ year: r[test.header.indexOf('year')], beertax: Number(r[test.header.indexOf('beertax')]), frate: rate.get(r[0]!)! })),
    ];
    expect(rows).toHaveLength(336);
    const ols = (year: string) => {
      const xs = rows.filter((r) => r.year === year);
      const mx = xs.reduce((a, r) => a + r.beertax, 0) / xs.length;
      const my = xs.reduce((a, r) => a + r.frate, 0) / xs.length;
      const slope = xs.reduce((a, r) => a + (r.beertax - mx) * (r.frate - my), 0) / xs.reduce((a, r) => a + (r.beertax - mx) ** 2, 0);
      return { intercept: my - slope * mx, slope, states: xs.length };
    };
    expect(ols('1982')).toMatchObject({ states: 48 });
    expect(ols('1982').intercept).toBeCloseTo(2.01, 2);
    expect(ols('1982').slope).toBeCloseTo(0.15, 1);
    expect(ols('1988').intercept).toBeCloseTo(1.86, 2);
    expect(ols('1988').slope).toBeCloseTo(0.44, 2);
    for (const hidden of ['fatal', 'pop', 'state']) expect(test.header).not.toContain(hidden);
  });

  it('OME: correct responses per trial is a share of trials, not a rate per exposure; the card\'s other transforms make none', () => {
    const ome = of('mass-ome').card;
    const columns = new Map(ome.columns.map((c) => [c.name, c]));
    expect(ome.targets.find((t) => t.column === 'Correct')?.transform).toBe('Correct/Trials');
    for (const t of ome.targets) expect(rateOf(t, columns)).toBeNull();
    for (const name of NAMES.filter((n) => n !== 'aer-fatalities')) expect(expertTargets(of(name)).ideas.filter((i) => i.derive.kind === 'rate'), name).toEqual([]);
  });
});
