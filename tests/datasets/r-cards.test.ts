import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardColumn, DatasetCard } from '../../harness/datasets/card.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { rObjectCard } from '../../harness/datasets/sources/r-packages.js';
import { useTempArenaHome } from './helpers.js';

// Cards of named R data sets against what their help pages say. The expected facts are quoted from
// the Rd pages (\format items, \examples) of the Debian packages in .cache/debian-r, as `?CPS1985`
// shows them in R; a card that misses or misreads one fails here.

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTempArenaHome());
});
afterAll(() => cleanup());

function columnOf(card: DatasetCard, name: string): CardColumn {
  const found = card.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} on the card of ${card.source.object}`);
  return found;
}

function targetsOf(card: DatasetCard, column: string) {
  return card.targets.filter((t) => t.column === column);
}

describe('R data set cards', () => {
  it('AER CPS1985: wage (in dollars per hour) is modelled as lm(log(wage) ~ ...)', async () => {
    // \item{wage}{Wage (in dollars per hour).}; \examples: cps_2b <- lm(log(wage) ~ union + education, data = CPS1985)
    const card = (await fetchDataset('aer-cps1985')).manifest.card!;
    expect(card.title).toBe('Determinants of Wages Data (CPS 1985)');
    expect(columnOf(card, 'wage')).toMatchObject({ meaning: 'Wage (in dollars per hour).', unit: 'dollars per hour', role: 'outcome', origin: 'documented' });
    const [first] = targetsOf(card, 'wage');
    expect(first).toMatchObject({ modelFamily: 'linear', transform: 'log', origin: 'documented', evidence: { kind: 'r-example' } });
    expect(first!.evidence.text).toMatch(/^lm\(log\(wage\) ~ union \+ education, data = CPS1985\)/);
    expect(columnOf(card, 'education')).toMatchObject({ unit: 'years', role: 'input' });
    expect(card.license).toBe('GPL-2 | GPL-3');
  });

  it('MASS Boston: medv is the median value of homes in $1000s; chas is a river dummy', async () => {
    // \item{medv}{median value of owner-occupied homes in \$1000s.}; \item{chas}{Charles River dummy variable (= 1 if tract bounds river; 0 otherwise).}
    const card = await rObjectCard('MASS', 'Boston');
    expect(columnOf(card, 'medv')).toMatchObject({ unit: '$1000s', origin: 'documented' });
    expect(columnOf(card, 'chas').coding).toBe('= 1 if tract bounds river; 0 otherwise');
    expect(columnOf(card, 'nox').unit).toBe('parts per 10 million');
    expect(card.citation).toContain('Harrison, D. and Rubinfeld, D.L. (1978)');
  });

  it('survival lung: Surv(time, status) names both the survival time in days and the censoring status', async () => {
    // \item{time:}{Survival time in days}; \item{status:}{censoring status 1=censored, 2=dead}; \item{inst:}{Institution code}
    const card = await rObjectCard('survival', 'lung');
    const [survival] = targetsOf(card, 'time');
    expect(survival).toMatchObject({ modelFamily: 'survival', origin: 'documented' });
    expect(survival!.evidence.text).toContain('Surv(time, status)');
    expect(columnOf(card, 'time')).toMatchObject({ unit: 'days', role: 'outcome' });
    expect(columnOf(card, 'status')).toMatchObject({ role: 'outcome', coding: '1=censored, 2=dead' });
    expect(columnOf(card, 'inst').role).toBe('grouping');
    expect(columnOf(card, 'sex').coding).toBe('Male=1 Female=2');
  });

  it('lme4 sleepstudy: Reaction (ms) by Days within Subject, lmer(Reaction ~ Days + (Days|Subject))', async () => {
    // \item{Reaction}{Average reaction time (ms)}; \item{Days}{Number of days of sleep deprivation}; \item{Subject}{Subject number on which the observation was made.}
    const card = await rObjectCard('lme4', 'sleepstudy');
    expect(targetsOf(card, 'Reaction')[0]).toMatchObject({ modelFamily: 'mixed', evidence: { kind: 'r-example' } });
    expect(targetsOf(card, 'Reaction')[0]!.evidence.text).toContain('(Days|Subject)');
    expect(columnOf(card, 'Reaction').unit).toBe('ms');
    expect(columnOf(card, 'Subject').role).toBe('grouping');
    expect(columnOf(card, 'Days')).toMatchObject({ role: 'time', unit: 'days' });
  });

  it('mlmRev Exam: normexam of students grouped by school, lmer(normexam ~ ... + (1|school))', async () => {
    // \item{school}{School ID - a factor.}; \item{normexam}{Normalized exam score.}
    const card = await rObjectCard('mlmRev', 'Exam');
    expect(columnOf(card, 'school')).toMatchObject({ role: 'grouping', meaning: 'School ID - a factor.' });
    expect(targetsOf(card, 'normexam')[0]).toMatchObject({ modelFamily: 'mixed' });
    expect(targetsOf(card, 'normexam')[0]!.evidence.text).toContain('(1|school)');
    expect(columnOf(card, 'schgend').role).toBe('input');
  });

  it('pscl bioChemists: art, a count of articles, fitted as Poisson, negative binomial and zero-inflated', async () => {
    // \item{art}{count of articles produced during last 3 years of Ph.D.}; pscl's examples: glm(art ~ ., family = poisson), glm.nb, zeroinfl, hurdle
    const card = await rObjectCard('pscl', 'bioChemists');
    const families = new Set(targetsOf(card, 'art').map((t) => t.modelFamily));
    for (const f of ['poisson', 'negative-binomial', 'zero-inflated'] as const) expect(families).toContain(f);
    expect(columnOf(card, 'art')).toMatchObject({ type: 'integer', role: 'outcome' });
    expect(columnOf(card, 'fem').coding).toBe('levels: Men, Women');
  });

  it('ordinal wine: rating, an ordered factor, fitted with clm (a data set of 72 rows, left out of listings)', async () => {
    // \item{rating}{ordered factor with 5 levels; a grouped version of response.}; \examples: clm(rating ~ temp * contact, data = wine)
    const card = await rObjectCard('ordinal', 'wine');
    expect(targetsOf(card, 'rating')[0]).toMatchObject({ modelFamily: 'ordinal', origin: 'documented' });
    expect(columnOf(card, 'rating')).toMatchObject({ type: 'ordered', coding: 'ordered levels: 1 < 2 < 3 < 4 < 5' });
    // The ungrouped bitterness score is an outcome too: no task may use it to predict rating.
    expect(columnOf(card, 'response').role).toBe('outcome');
  });

  it('AER Affairs: affairs as counts, tobit, and I(affairs > 0) as a probit', async () => {
    // \item{affairs}{numeric. How often engaged in extramarital sexual intercourse during the past year? 0 = none, 1 = once, ...}
    const card = await rObjectCard('AER', 'Affairs');
    const affairs = targetsOf(card, 'affairs');
    expect(affairs).toContainEqual(expect.objectContaining({ modelFamily: 'logistic', transform: 'I(affairs > 0)' }));
    expect(affairs.map((t) => t.evidence.text)).toContainEqual(expect.stringMatching(/^tobit\(affairs ~ age \+ yearsmarried/));
    expect(columnOf(card, 'affairs').coding).toMatch(/^0 = none, 1 = once, 2 = twice/);
  });

  it('AER Fatalities: a state-by-year panel, frate derived from fatal and pop', async () => {
    // \examples: Fatalities$frate <- with(Fatalities, fatal/pop * 10000); plm(frate ~ beertax, data = Fatalities, index = c("state", "year"))
    const card = await rObjectCard('AER', 'Fatalities');
    expect(columnOf(card, 'state').role).toBe('grouping');
    expect(columnOf(card, 'year').role).toBe('time');
    expect(targetsOf(card, 'fatal')[0]!.transform).toBe('frate = fatal/pop * 10000');
    expect(columnOf(card, 'income').unit).toBe('1987 dollars');
  });

  it('AER CASchools: the test score the examples model is (math + read)/2', async () => {
    // \examples: CASchools$score <- with(CASchools, (math + read)/2); fm1 <- lm(score ~ stratio, data = CASchools)
    const card = await rObjectCard('AER', 'CASchools');
    expect(targetsOf(card, 'math')[0]).toMatchObject({ modelFamily: 'linear', transform: 'score = (math + read)/2' });
    expect(columnOf(card, 'district').role).toBe('identifier');
  });

  it('MASS birthwt: low birth weight with glm(low ~ ., binomial, bwt); weights in pounds and grams', async () => {
    // \item{low}{indicator of birth weight less than 2.5 kg.}; \item{race}{mother's race (1 = white, 2 = black, 3 = other).}
    const card = await rObjectCard('MASS', 'birthwt');
    expect(targetsOf(card, 'low')[0]).toMatchObject({ modelFamily: 'logistic' });
    expect(columnOf(card, 'race').coding).toBe('1 = white, 2 = black, 3 = other');
    expect(columnOf(card, 'lwt').unit).toBe('pounds');
    expect(columnOf(card, 'bwt').unit).toBe('grams');
  });

  it('survival pbc: Surv(time, status == 2); trt is the randomised treatment; bilirubin in mg/dl', async () => {
    // \item{status}{status at endpoint, 0/1/2 for censored, transplant, dead}; \item{trt}{1/2/NA for D-penicillmain, placebo, not randomised}
    const card = await rObjectCard('survival', 'pbc');
    expect(targetsOf(card, 'time')[0]).toMatchObject({ modelFamily: 'survival' });
    expect(targetsOf(card, 'time')[0]!.evidence.text).toMatch(/Surv\(time, status ?== ?2\)/);
    expect(columnOf(card, 'status').role).toBe('outcome');
    expect(columnOf(card, 'trt').role).toBe('design');
    expect(columnOf(card, 'bili').unit).toBe('mg/dl');
    expect(columnOf(card, 'id').role).toBe('identifier');
  });

  it('quantreg engel: food expenditure by quantile regression rq(foodexp ~ income)', async () => {
    // \item{foodexp}{annual household food expenditure in Belgian francs}
    const card = await rObjectCard('quantreg', 'engel');
    expect(targetsOf(card, 'foodexp').map((t) => t.modelFamily)).toContain('regression');
    expect(targetsOf(card, 'foodexp').some((t) => t.evidence.text.startsWith('rq('))).toBe(true);
  });

  it("carData Mroz: labor-force participation, documented by car's examples glm(lfp ~ ., family=binomial)", async () => {
    // carData: \item{lfp}{labor-force participation; a factor with levels: no; yes.}; car's ?S examples
    const card = await rObjectCard('carData', 'Mroz');
    const [lfp] = targetsOf(card, 'lfp');
    expect(lfp).toMatchObject({ modelFamily: 'logistic' });
    expect(lfp!.evidence.text).toContain('(car, ');
    expect(columnOf(card, 'age').unit).toBe('years');
  });

  it('modeldata mlc_churn: "The outcome is contained in a column called churn"', async () => {
    const card = await rObjectCard('modeldata', 'mlc_churn');
    expect(card.targets).toEqual([expect.objectContaining({ column: 'churn', modelFamily: 'classification', evidence: { kind: 'r-format', text: 'The outcome is contained in a column called churn (also yes/no).' } })]);
    expect(card.license).toBe('MIT + file LICENSE');
  });

  it('mlbench BostonHousing: "medv being the target variable", in USD 1000\'s', async () => {
    const card = await rObjectCard('mlbench', 'BostonHousing');
    expect(card.targets).toEqual([expect.objectContaining({ column: 'medv', modelFamily: 'regression', evidence: expect.objectContaining({ kind: 'r-format' }) })]);
    expect(card.targets[0]!.evidence.text).toContain('medv being the target variable');
    expect(columnOf(card, 'medv').unit).toBe("USD 1000's");
  });

  it('mlbench Glass: Type is the class attribute (registered as glass)', async () => {
    // \tabular row: [,10] \tab Type \tab Type of glass (class attribute)
    const card = (await fetchDataset('glass')).manifest.card!;
    expect(card.targets).toEqual([expect.objectContaining({ column: 'Type', modelFamily: 'classification', evidence: { kind: 'r-format', text: 'Type: Type of glass (class attribute)' } })]);
    expect(columnOf(card, 'Na').meaning).toBe('Sodium');
  });

  it('geepack dietox and ohio: pigs and children measured repeatedly, geeglm(..., id=id)', async () => {
    // dietox: \item{Pig}{Factor; id of each pig}; \item{Time}{Time (in weeks) in the experiment}; \item{Weight}{Weight in Kg}
    const dietox = await rObjectCard('geepack', 'dietox');
    expect(columnOf(dietox, 'Pig').role).toBe('grouping');
    expect(columnOf(dietox, 'Time')).toMatchObject({ role: 'time', unit: 'weeks' });
    expect(columnOf(dietox, 'Weight').unit).toBe('Kg');
    expect(columnOf(dietox, 'Evit').role).toBe('design');
    // ohio: \item{resp}{an indicator of wheeze status (1=yes, 0=no)}; \examples: geeglm(resp ~ age + smoke + age:smoke, id=id, data=ohio, family=binomial, ...)
    const ohio = await rObjectCard('geepack', 'ohio');
    expect(targetsOf(ohio, 'resp')[0]).toMatchObject({ modelFamily: 'logistic' });
    expect(columnOf(ohio, 'id').role).toBe('grouping');
    expect(columnOf(ohio, 'resp').coding).toBe('1=yes, 0=no');
  });

  it('HSAUR3 toenail: visits of patients in a trial, identified by patientID', async () => {
    // \item{patientID}{a unique identifier for each patient in the trial.}; \item{time}{the time in month when the visit actually took place.}
    const card = await rObjectCard('HSAUR3', 'toenail');
    expect(columnOf(card, 'patientID').role).toBe('grouping');
    expect(columnOf(card, 'time')).toMatchObject({ role: 'time', unit: 'month' });
    expect(columnOf(card, 'outcome').role).toBe('outcome');
  });

  it('vcd Bundesliga: games with their season year and starting time', async () => {
    // \item{HomeGoals}{number of goals scored by the home team.}; \item{Date}{starting time of the game (in "POSIXct" format).}
    const card = await rObjectCard('vcd', 'Bundesliga');
    expect(columnOf(card, 'HomeGoals')).toMatchObject({ meaning: 'number of goals scored by the home team.', type: 'integer' });
    expect(columnOf(card, 'Date')).toMatchObject({ type: 'datetime', role: 'time' });
    expect(columnOf(card, 'Year').role).toBe('time');
  });

  it('MASS nlschools: pupils in classes, lme(lang ~ ..., random = ~ IQ | class)', async () => {
    // \item{lang}{language test score.}; \item{class}{class ID.}
    const card = await rObjectCard('MASS', 'nlschools');
    expect(targetsOf(card, 'lang')[0]).toMatchObject({ modelFamily: 'mixed' });
    expect(columnOf(card, 'class').role).toBe('grouping');
    // GS is the class size ("number of eighth-grade pupils recorded in the class"): not a documented target.
    expect(targetsOf(card, 'GS')).toEqual([]);
  });

  it('tm Reuters and Jane Austen: text collections with their documented labels', async () => {
    const reuters = (await fetchDataset('tm-reuters')).manifest;
    expect(reuters.modality).toBe('text');
    expect(reuters.card!.targets[0]).toMatchObject({ column: 'topic', modelFamily: 'classification', origin: 'documented' });
    expect(reuters.card!.targets[0]!.evidence.text).toContain('Data Set of Topic crude');
    expect(columnOf(reuters.card!, 'document').role).toBe('grouping');
    const austen = await rObjectCard('janeaustenr', 'books');
    expect(columnOf(austen, 'book').coding).toBe('levels: Emma, Mansfield Park, Northanger Abbey, Persuasion, Pride and Prejudice, Sense and Sensibility');
    expect(austen.targets[0]).toMatchObject({ column: 'book', origin: 'inferred' });
  });
});
