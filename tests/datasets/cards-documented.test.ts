import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardColumn, DatasetCard } from '../../harness/datasets/card.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { REPO_ROOT } from '../../harness/util/paths.js';
import { useTempArenaHome } from './helpers.js';

// Cards of named datasets against what their own documentation says. The expected facts are quoted
// from scikit-learn's DESCR, statsmodels' NOTE, vega-datasets' datapackage.json and the READMEs; the
// last test reads those documents on this machine and checks that documented meanings quote them.

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

async function card(name: string): Promise<DatasetCard> {
  return (await fetchDataset(name)).manifest.card;
}

function columnOf(c: DatasetCard, name: string): CardColumn {
  const found = c.columns.find((col) => col.name === name);
  if (!found) throw new Error(`no column ${name} on the card`);
  return found;
}

const python = (code: string) => execFileSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' });
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('cards drawn from the documentation', () => {
  it('sklearn diabetes: the target is disease progression one year after baseline; bmi is body mass index', async () => {
    const c = await card('diabetes');
    expect(c.targets).toEqual([expect.objectContaining({ column: 'progression', modelFamily: 'regression', origin: 'documented', evidence: expect.objectContaining({ kind: 'sklearn-target' }) })]);
    expect(columnOf(c, 'progression')).toMatchObject({ role: 'outcome', origin: 'documented' });
    expect(columnOf(c, 'progression').meaning).toContain('disease progression one year after baseline');
    expect(columnOf(c, 'bmi')).toMatchObject({ meaning: 'body mass index', role: 'input', origin: 'documented' });
    expect(columnOf(c, 'age')).toMatchObject({ meaning: 'age in years', unit: 'years' });
    expect(c.citation).toContain('Least Angle Regression');
  });

  it('sklearn breast_cancer: the target is malignant or benign', async () => {
    const c = await card('breast-cancer');
    expect(c.targets.map((t) => [t.column, t.modelFamily, t.evidence.kind])).toEqual([['diagnosis', 'classification', 'sklearn-target']]);
    expect(columnOf(c, 'diagnosis').meaning).toMatch(/Malignant.*Benign/);
    expect(columnOf(c, 'diagnosis').coding).toMatch(/^malignant, benign/);
    // DESCR: "radius (mean of distances from center to points on the perimeter)", computed as mean, SE and worst.
    expect(columnOf(c, 'mean radius').meaning).toBe('mean of radius (mean of distances from center to points on the perimeter)');
    expect(columnOf(c, 'radius error').meaning).toMatch(/^standard error of radius/);
    expect(c.columns.filter((col) => col.origin === 'documented')).toHaveLength(31);
  });

  it('sklearn iris copy: units in cm from feature names, the three classes', async () => {
    const c = await card('iris-sklearn');
    expect(columnOf(c, 'petal width (cm)')).toMatchObject({ meaning: 'petal width in cm', unit: 'cm' });
    expect(columnOf(c, 'species').meaning).toBe('class: Iris-Setosa, Iris-Versicolour, Iris-Virginica');
  });

  it('statsmodels fair: endog affairs, the marriage rating coded 1 = very poor to 5 = very good', async () => {
    const c = await card('affairs');
    expect(c.targets).toEqual([expect.objectContaining({ column: 'affairs', evidence: expect.objectContaining({ kind: 'statsmodels-endog' }) })]);
    expect(c.targets[0]!.evidence.text).toContain('endog_name = "affairs"');
    expect(columnOf(c, 'affairs')).toMatchObject({ meaning: 'measure of time spent in extramarital affairs', role: 'outcome' });
    expect(columnOf(c, 'rate_marriage').coding).toBe('1 = very poor, 2 = poor, 3 = fair, 4 = good, 5 = very good');
    expect(c.title).toBe('Affairs dataset');
  });

  it('statsmodels randhie: endog mdvis, the number of outpatient visits (a count)', async () => {
    const c = await card('rand-hie');
    expect(c.targets).toEqual([expect.objectContaining({ column: 'mdvis', modelFamily: 'poisson', evidence: expect.objectContaining({ kind: 'statsmodels-endog' }) })]);
    expect(columnOf(c, 'mdvis').meaning).toBe('Number of outpatient visits to an MD');
    expect(columnOf(c, 'disea').meaning).toBe('number of chronic diseases');
  });

  it('statsmodels anes96 and modechoice: coded levels, a grouping key, a binomial star98 response', async () => {
    const anes = await card('anes96');
    expect(anes.targets.map((t) => [t.column, t.modelFamily])).toEqual([['PID', 'ordinal']]);
    expect(columnOf(anes, 'PID').coding).toMatch(/^0 = Strong Democrat, 1 = Weak Democrat/);
    // "The following 3 variables all take the values: 1 - Extremely liberal ..."
    for (const name of ['selfLR', 'ClinLR', 'DoleLR']) expect(columnOf(anes, name).coding).toMatch(/^1 = Extremely liberal/);
    const travel = await card('travel-mode-choice');
    expect(columnOf(travel, 'individual').role).toBe('grouping');
    expect(columnOf(travel, 'ttme').unit).toBe('minutes');
    expect(columnOf(travel, 'mode').coding).toBe('1 = air, 2 = train, 3 = bus, 4 = car');
    const star = await card('star98');
    expect(star.targets).toEqual([expect.objectContaining({ column: 'NABOVE', transform: 'NABOVE / (NABOVE + NBELOW)', modelFamily: 'logistic' })]);
    // The NOTE misspells PERMINTE_AVSAL as PEMINTE_AVSAL.
    expect(columnOf(star, 'PERMINTE_AVSAL')).toMatchObject({ origin: 'documented', meaning: expect.stringContaining('interaction terms') });
  });

  it('vega seattle-weather: weather is the weather type; metric units from the field descriptions', async () => {
    const c = await card('seattle-weather');
    expect(columnOf(c, 'weather').meaning).toContain('Categorical weather type');
    expect(columnOf(c, 'weather').coding).toBe('drizzle, rain, snow, sun, fog');
    expect(columnOf(c, 'precipitation').unit).toBe('millimeters');
    expect(columnOf(c, 'temp_max').unit).toBe('degrees Celsius');
    expect(columnOf(c, 'date').role).toBe('time');
    // The documented km/h is corrected, with the reason.
    expect(columnOf(c, 'wind')).toMatchObject({ unit: 'm/s', origin: 'override', overrideReason: expect.stringContaining('kilometers per hour') });
  });

  it('vega penguins, flights, cars: targets the documentation is silent on are overrides with reasons', async () => {
    const penguins = await card('penguins');
    expect(penguins.targets).toEqual([expect.objectContaining({ column: 'species', origin: 'override', overrideReason: expect.any(String) })]);
    expect(columnOf(penguins, 'body_mass_g')).toMatchObject({ unit: 'grams', origin: 'documented' });
    expect(columnOf(penguins, 'island').meaning).toBe('Island where the penguin was observed (Torgersen, Biscoe, or Dream)');
    const flights = await card('flights');
    expect(flights.targets.map((t) => t.column)).toEqual(['delay']);
    const cars = await card('cars');
    expect(columnOf(cars, 'weight_in_lbs')).toMatchObject({ role: 'input', unit: 'lbs', origin: 'override' });
    expect(columnOf(cars, 'name').role).toBe('identifier');
    expect(cars.targets.map((t) => t.column)).toEqual(['miles_per_gallon']);
  });

  it('@stdlib boston: the README says medv and nox can be predicted; units from the field list', async () => {
    const c = await card('boston');
    expect(c.targets.map((t) => t.column).sort()).toEqual(['medv', 'nox']);
    expect(c.targets[0]!.evidence).toEqual({ kind: 'package-docs', text: 'The dataset can be used to predict two dependent variables: 1) nitrous oxide level and 2) median home value.' });
    expect(columnOf(c, 'medv')).toMatchObject({ meaning: "median value of owner-occupied homes in $1000's", unit: "$1000's", role: 'outcome' });
    expect(columnOf(c, 'nox').unit).toBe('parts per 10 million');
    expect(c.citation).toContain('Harrison');
  });

  it('@stdlib spam-assassin and sotu: fields from the README, the group codes, a renamed field', async () => {
    const spam = await card('spam-assassin');
    expect(columnOf(spam, 'text').meaning).toBe('message text (including headers)');
    expect(columnOf(spam, 'group').coding).toContain('hard-ham-1: harder to detect non-spam e-mails (250 messages)');
    const sotu = await card('sotu');
    expect(columnOf(sotu, 'president')).toMatchObject({ meaning: 'President name', origin: 'documented' });
  });

  it('Fashion-MNIST and fortunes: Debian documentation files; image sets say which suites may use them', async () => {
    const fashion = await card('fashion-mnist');
    expect(fashion.targets).toEqual([expect.objectContaining({ column: 'label', evidence: expect.objectContaining({ kind: 'package-docs' }) })]);
    expect(columnOf(fashion, 'label').coding).toContain('Ankle boot (9)');
    expect(fashion.citation).toContain('Han Xiao');
    expect(fashion.usableBy).toEqual(['human-v1']);
    expect((await card('digits')).usableBy).toEqual(['human-v1']);
    const fortunes = await card('fortunes');
    expect(columnOf(fortunes, 'category').coding).toContain('computers: various fortunes that are computer-related.');
    expect(fortunes.description).toContain('fortune cookies');
  });

  it('documented meanings quote the documentation installed on this machine', async () => {
    const diabetesDescr = python('from sklearn import datasets; print(datasets.load_diabetes().DESCR)');
    const fairNote = python('import statsmodels.api as sm; print(sm.datasets.fair.NOTE)');
    const randNote = python('import statsmodels.api as sm; print(sm.datasets.randhie.NOTE)');
    const datapackage = readFileSync(path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'datapackage.json'), 'utf8');
    const bostonReadme = readFileSync(path.join(REPO_ROOT, 'node_modules', '@stdlib', 'datasets-harrison-boston-house-prices', 'README.md'), 'utf8').replace(/\*\*|`/g, '');
    // Markdown links, code spans and bold as the plain words a reader sees.
    const fashionReadme = gunzipSync(readFileSync('/usr/share/doc/dataset-fashion-mnist/README.md.gz'))
      .toString('utf8')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`|\*\*/g, '');
    const cases: [string, string][] = [
      ['diabetes', diabetesDescr],
      ['affairs', fairNote],
      ['rand-hie', randNote],
      ['seattle-weather', datapackage],
      ['penguins', datapackage],
      ['boston', bostonReadme],
    ];
    for (const [name, documentation] of cases) {
      const c = await card(name);
      const documented = c.columns.filter((col) => col.origin === 'documented');
      expect(documented.length, name).toBeGreaterThan(3);
      for (const col of documented) expect(squash(documentation), `${name}.${col.name}`).toContain(squash(col.meaning));
    }
    expect(squash(fashionReadme)).toContain(squash((await card('fashion-mnist')).description).split(' This copy')[0]!);
  });
});
