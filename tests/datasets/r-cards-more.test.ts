import { describe, expect, it } from 'vitest';
import type { CardColumn, DatasetCard } from '../../harness/datasets/card.js';
import { rObjectCard } from '../../harness/datasets/sources/r-packages.js';

// Cards of data sets from the packages added for issue #12's scale (nlme, plm, survey, arm, ggplot2,
// sandwich, glmmTMB, Epi, mice, psych, brglm2), against their help pages in .cache/debian-r: the
// \format items and \examples quoted in each test, as `?Oxboys` shows them in R.

function columnOf(card: DatasetCard, name: string): CardColumn {
  const found = card.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} on the card of ${card.source.object}`);
  return found;
}

const roles = (card: DatasetCard, ...names: string[]) => names.map((n) => columnOf(card, n).role);
const families = (card: DatasetCard, column: string) => card.targets.filter((t) => t.column === column).map((t) => t.modelFamily);

describe('R data set cards of the added packages', () => {
  it('nlme Oxboys: the groupedData formula height ~ age | Subject gives the target and the grouping', async () => {
    // nlme stores its data as groupedData objects whose formula attribute is `height ~ age | Subject`.
    const card = await rObjectCard('nlme', 'Oxboys');
    const [target] = card.targets;
    expect(target).toMatchObject({ column: 'height', modelFamily: 'mixed', origin: 'documented', evidence: { kind: 'package-docs' } });
    expect(target!.evidence.text).toContain('height ~ age | Subject');
    expect(columnOf(card, 'height')).toMatchObject({ unit: 'cm', role: 'outcome' });
    expect(roles(card, 'Subject', 'age')).toEqual(['grouping', 'input']);
  });

  it('mlmrev guImmun: "a factor identifying the family" and "... the community" are grouping keys; "identifying the diet" or "the race" is no key', async () => {
    // \item{mom}{a factor identifying the family.} \item{comm}{a factor identifying the community.} \item{kid}{a factor identifying the child}
    const card = await rObjectCard('mlmrev', 'guImmun');
    expect(roles(card, 'mom', 'comm', 'kid')).toEqual(['grouping', 'grouping', 'identifier']);
    // nlme Milk: \item{Diet}{a factor with levels barley, barley+lupins, and lupins identifying the diet}
    expect(columnOf(await rObjectCard('nlme', 'Milk'), 'Diet').role).not.toBe('grouping');
    // nlme Quinidine: \item{Race}{a factor with levels Caucasian, Latin, and Black identifying the race of the subject}
    expect(columnOf(await rObjectCard('nlme', 'Quinidine'), 'Race').role).not.toBe('grouping');
  });

  it('nlme MathAchieve: MathAch ~ SES | School, pupils grouped by school', async () => {
    const card = await rObjectCard('nlme', 'MathAchieve');
    expect(families(card, 'MathAch')).toContain('mixed');
    expect(roles(card, 'MathAch', 'School', 'SES')).toEqual(['outcome', 'grouping', 'input']);
  });

  it('plm Grunfeld: inv (gross Investment) from plm(inv ~ value + capital, ...); firm groups, year is time', async () => {
    // \item{inv}{gross Investment}; examples: plm(inv ~ value + capital, data = Grunfeld, index = c("firm", "year"));
    // a vignette's lme(..., random = ~value+capital|year) groups by year, which must not hide the time index.
    const card = await rObjectCard('plm', 'Grunfeld');
    expect(columnOf(card, 'inv')).toMatchObject({ meaning: 'gross Investment', role: 'outcome', origin: 'documented' });
    expect(families(card, 'inv')).toContain('linear');
    expect(card.targets.find((t) => t.column === 'inv')!.evidence.text).toMatch(/^plm\(inv ~ value \+ capital/);
    expect(roles(card, 'firm', 'year', 'value', 'capital')).toEqual(['grouping', 'time', 'input', 'input']);
  });

  it('plm Wages: lwage (logarithm of wage) is the outcome; the instruments after | are not grouping keys', async () => {
    // \item{lwage}{logarithm of wage.}; examples: plm(lwage ~ wks + ... | bluecol + south + ..., data = Wages)
    const card = await rObjectCard('plm', 'Wages');
    expect(columnOf(card, 'lwage')).toMatchObject({ meaning: 'logarithm of wage.', role: 'outcome' });
    expect(card.targets.map((t) => t.column)).toEqual(['lwage']);
    expect(roles(card, 'bluecol', 'south', 'ed')).toEqual(['input', 'input', 'input']);
  });

  it('survey apistrat: api00 and sch.wide from svyglm(..., design = dstrat), the design built on apistrat', async () => {
    // examples: dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc);
    // svyglm(api00~ell+meals+mobility, design=dstrat); svyglm(sch.wide~ell+meals+mobility, design=dstrat, family=quasibinomial())
    const card = await rObjectCard('survey', 'apistrat');
    expect(families(card, 'api00')).toEqual(['linear']);
    expect(families(card, 'sch.wide')).toEqual(['logistic']);
    // \item{sch.wide}{Met school-wide growth target?}: its own word "target" is not a statement that it is predicted.
    expect(card.targets.filter((t) => t.evidence.kind === 'r-format')).toEqual([]);
    expect(columnOf(card, 'api00')).toMatchObject({ meaning: 'API in 2000', role: 'outcome' });
    // \item{yr.rnd}{Year-round school}: a school's schedule, not a time index.
    expect(columnOf(card, 'yr.rnd').role).toBe('input');
  });

  it('arm lalonde: re78 (real earnings in 1978) from lm(re78 ~ treat + ...); treat is the design', async () => {
    const card = await rObjectCard('arm', 'lalonde');
    expect(columnOf(card, 're78')).toMatchObject({ meaning: 'real earnings in 1978.', role: 'outcome' });
    expect(card.targets[0]!.evidence.text).toMatch(/^lm\(re78 ~ treat \+ re74/);
    expect(columnOf(card, 'treat')).toMatchObject({ meaning: 'an indicator variable for treatment status.', role: 'design' });
    expect(columnOf(card, 'age')).toMatchObject({ unit: 'years', role: 'input' });
  });

  it('ggplot2 diamonds: price in US dollars is modelled; the stone\'s measurements x, y, z (mm) stay inputs', async () => {
    // \item{price}{price in US dollars (\$326--\$18,823)}; \item{x}{length in mm (0--10.74)}; lm(price ~ cut, data = diamonds)
    const card = await rObjectCard('ggplot2', 'diamonds');
    expect(columnOf(card, 'price')).toMatchObject({ unit: 'US dollars', role: 'outcome' });
    expect(families(card, 'price')).toEqual(['linear']);
    expect(card.columns.filter((c) => ['x', 'y', 'z', 'carat', 'depth', 'table'].includes(c.name)).map((c) => c.role)).toEqual(Array(6).fill('input'));
    expect(columnOf(card, 'x')).toMatchObject({ meaning: 'length in mm (0--10.74)', unit: 'mm' });
  });

  it('sandwich PetersenCL: y is the "Dependent response variable"; firm groups the 10 years per firm', async () => {
    // \item{firm}{integer. Firm identifier (500 firms).}; \item{year}{integer. Time variable (10 years per firm).}; \item{y}{numeric. Dependent response variable.}
    const card = await rObjectCard('sandwich', 'PetersenCL');
    expect(columnOf(card, 'y')).toMatchObject({ meaning: 'numeric. Dependent response variable.', role: 'outcome' });
    expect(roles(card, 'firm', 'year', 'x')).toEqual(['grouping', 'time', 'input']);
  });

  it('glmmTMB Salamanders: count (number of salamanders observed) is Poisson or negative binomial, grouped by site', async () => {
    // examples: glmmTMB(count~spp * mined + (1|site), zi=~spp * mined, Salamanders, family="poisson"); ... family=nbinom1; family=truncated_poisson
    const card = await rObjectCard('glmmTMB', 'Salamanders');
    expect(columnOf(card, 'count')).toMatchObject({ meaning: 'number of salamanders observed', role: 'outcome' });
    expect(new Set(families(card, 'count'))).toEqual(new Set(['poisson', 'negative-binomial']));
    expect(columnOf(card, 'site').role).toBe('grouping');
  });

  it('Epi DMepi: X (new diagnoses) is a Poisson count; the person-years Y.nD are its exposure, not an outcome', async () => {
    // \item{X}{Number of new diagnoses of diabetes among persons without diabetes}; \item{Y.nD}{Person-years among persons without diabetes};
    // examples: glm(cbind(X, Y.nD) ~ -1 + agegrp + sex, family=poisreg, data=DMepi); glm(D.nD ~ ..., offset = log(Y.nD), family = poisson, ...)
    const card = await rObjectCard('Epi', 'DMepi');
    expect(new Set(families(card, 'X'))).toEqual(new Set(['poisson']));
    expect(roles(card, 'X', 'D.nD', 'Y.nD')).toEqual(['outcome', 'outcome', 'input']);
    expect(columnOf(card, 'P')).toMatchObject({ meaning: 'Calendar year, 1996--2016', role: 'time' });
  });

  it('mice boys: height (cm) and weight (kg) are measurements, the Tanner stage gen is modelled', async () => {
    // \item{hgt}{Height (cm)}; \item{wgt}{Weight (kg)}; examples: glm(gen > levels(gen)[1] ~ hgt + hc + reg, family = binomial)
    const card = await rObjectCard('mice', 'boys');
    expect(columnOf(card, 'hgt')).toMatchObject({ unit: 'cm', role: 'input' });
    expect(columnOf(card, 'wgt')).toMatchObject({ unit: 'kg', role: 'input' });
    expect(card.targets[0]).toMatchObject({ column: 'gen', modelFamily: 'logistic', transform: 'gen > levels(gen)[1]' });
  });

  it('caret GermanCredit: "These data have two classes for the credit worthiness: good or bad" names Class', async () => {
    const card = await rObjectCard('caret', 'GermanCredit');
    expect(card.targets).toMatchObject([{ column: 'Class', modelFamily: 'classification', evidence: { kind: 'r-format' } }]);
    expect(card.targets[0]!.evidence.text).toContain('two classes for the credit worthiness');
    expect(columnOf(card, 'Class').role).toBe('outcome');
  });

  it('brglm2 coalition: duration from glm(duration ~ fract + numst2, family = Gamma, ...)', async () => {
    const card = await rObjectCard('brglm2', 'coalition');
    expect(card.targets[0]).toMatchObject({ column: 'duration', modelFamily: 'regression' });
    expect(card.targets[0]!.evidence.text).toMatch(/^glm\(duration ~ fract \+ numst2, family = Gamma/);
  });
});
