import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardColumn, DatasetCard, DocumentedTarget } from '../../harness/datasets/card.js';
import { fetchDataset } from '../../harness/datasets/fetch.js';
import { DATASETS } from '../../harness/datasets/registry.js';
import { rObjectCard } from '../../harness/datasets/sources/r-packages.js';
import { useTempArenaHome } from './helpers.js';

// Targets the help pages state outside a model formula: in their prose, as a time to an event and
// its indicator in the \format, as the labels an x/y classifier call is given, or as the one
// column their plots and tests study. Each expectation quotes the page of the Debian package in
// .cache/debian-r (as `?wdbc` shows it in R); the KMsurv and timereg data sets, kept as
// data/*.txt.gz tables, are read into the registry like the other R data.

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

const summary = (t: DocumentedTarget) => ({ column: t.column, modelFamily: t.modelFamily, kind: t.evidence.kind });

describe('targets stated in prose', () => {
  it('mclust wdbc: "For each patient the cancer was diagnosed as malignant or benign" names Diagnosis', async () => {
    // \item{Diagnosis}{cancer diagnosis: \code{M} = malignant, \code{B} = benign}
    const card = await rObjectCard('mclust', 'wdbc');
    expect(card.targets.map(summary)).toEqual([{ column: 'Diagnosis', modelFamily: 'classification', kind: 'r-prose' }]);
    expect(card.targets[0]!.evidence.text).toBe('For each patient the cancer was diagnosed as malignant or benign.');
    expect(columnOf(card, 'Diagnosis').role).toBe('outcome');
    expect(columnOf(card, 'ID').role).toBe('identifier');
  });

  it('mclust banknote: MclustDA(banknote[,2:7], banknote$Status) in ?MclustDR classifies by Status', async () => {
    // \item{Status}{the status of the banknote: \code{genuine} or \code{counterfeit}}; the page itself has no example.
    const card = await rObjectCard('mclust', 'banknote');
    expect(card.targets.map(summary)).toEqual([{ column: 'Status', modelFamily: 'classification', kind: 'r-example' }]);
    expect(card.targets[0]!.evidence.text).toMatch(/^MclustDA\(banknote\[,2:7\], banknote\$Status/);
    expect(columnOf(card, 'Length')).toMatchObject({ unit: 'mm', role: 'input' });
  });

  it('mlmRev Gcsemv: "chosen as outcome variables: written paper and course work", pupils in schools', async () => {
    const card = await rObjectCard('mlmRev', 'Gcsemv');
    expect(card.targets.map((t) => t.column)).toEqual(['written', 'course']);
    expect(card.targets.every((t) => t.evidence.kind === 'r-prose')).toBe(true);
    expect([columnOf(card, 'school').role, columnOf(card, 'written').role, columnOf(card, 'course').role]).toEqual(['grouping', 'outcome', 'outcome']);
  });

  it('carData GSSvocab: "with response given by subject\'s score on a vocabulary test" is vocab', async () => {
    // \item{vocab}{Number of words out of 10 correct on a vocabulary test}
    const card = await rObjectCard('carData', 'GSSvocab');
    expect(card.targets.map(summary)).toEqual([{ column: 'vocab', modelFamily: 'regression', kind: 'r-prose' }]);
  });

  it('mclust thyroid and modeldata hpc_data: the classes a sentence lists are the levels of one column', async () => {
    // ?thyroid: "... classified as euthyroidism (normal ...), hypothyroidism (...) or hyperthyroidism"; Diagnosis: Hypo, Normal, Hyper.
    expect((await rObjectCard('mclust', 'thyroid')).targets.map(summary)).toEqual([{ column: 'Diagnosis', modelFamily: 'classification', kind: 'r-prose' }]);
    // ?hpc_data: "... classify there completion times as either very fast (1 min or less, VF), fast (1–50 min, F), moderate (5–30 min, M), or long (greater than 30 min, L)".
    expect((await rObjectCard('modeldata', 'hpc_data')).targets.map(summary)).toEqual([{ column: 'class', modelFamily: 'classification', kind: 'r-prose' }]);
  });

  it('geepack muscatine: the formula f1 <- numobese ~ gender that geeglm(formula = f1, ...) fits', async () => {
    const card = await rObjectCard('geepack', 'muscatine');
    expect(card.targets.map(summary)).toEqual([{ column: 'numobese', modelFamily: 'logistic', kind: 'r-example' }]);
    expect(card.targets[0]!.evidence.text).toContain('with the formula numobese ~ gender');
    expect([columnOf(card, 'id').role, columnOf(card, 'occasion').role]).toEqual(['grouping', 'time']);
  });
});

describe('targets from plots and tests', () => {
  it('ggplot2 mpg: hwy, drawn across car classes (aes(class, hwy)) and in most of the package\'s plots', async () => {
    // \item{hwy}{highway miles per gallon}; the page has no example, the other pages plot ggplot(mpg, aes(displ, hwy)) and the like.
    const card = await rObjectCard('ggplot2', 'mpg');
    expect(card.targets.map(summary)).toEqual([{ column: 'hwy', modelFamily: 'regression', kind: 'r-example-plot' }]);
    expect(card.targets[0]!.evidence.text).toMatch(/^ggplot\(mpg, aes\(/);
  });

  it('ggplot2 txhousing and economics: no target where the plots only draw series against time or each other', async () => {
    // txhousing: one plot, aes(x = sales, y = median); economics: unemploy, psavert and pop drawn along date.
    expect((await rObjectCard('ggplot2', 'txhousing')).targets).toEqual([]);
    expect((await rObjectCard('ggplot2', 'economics')).targets).toEqual([]);
  });

  it('coin alzheimer: cmh_test(disease ~ smoking | gender, ...) tests disease across smoking', async () => {
    const card = await rObjectCard('coin', 'alzheimer');
    expect(card.targets.map(summary)).toEqual([{ column: 'disease', modelFamily: 'classification', kind: 'r-example-test' }]);
  });

  it('survey election: plot(Bush ~ Kerry, ...) relates two counts and documents no target', async () => {
    expect((await rObjectCard('survey', 'election')).targets).toEqual([]);
  });
});

describe('survival data kept as text tables (KMsurv, timereg)', () => {
  it('KMsurv kidtran: Surv(time, delta) from "Time to death or on-study time" and "Death indicator (0=alive, 1=dead)"', async () => {
    const entry = DATASETS.find((d) => d.name === 'kmsurv-kidtran');
    expect(entry).toMatchObject({ approxRows: 863, approxColumns: 6, knownTargets: ['time'] });
    const { manifest } = await fetchDataset('kmsurv-kidtran');
    const card = manifest.card!;
    expect(card.targets).toEqual([
      expect.objectContaining({ column: 'time', modelFamily: 'survival', evidence: { kind: 'r-format-survival', text: 'Surv(time, delta): time: Time to death or on-study time; delta: Death indicator (0=alive, 1=dead)' } }),
    ]);
    expect([columnOf(card, 'time').role, columnOf(card, 'delta').role, columnOf(card, 'obs').role]).toEqual(['outcome', 'outcome', 'identifier']);
    expect(columnOf(card, 'gender').coding).toBe('1=male, 2=female');
    expect(manifest.tables[0]).toMatchObject({ file: 'data.csv', rows: 863 });
    expect(card.source.documentation).toMatch(/^R help page \?kidtran \(man\/kidtran\.Rd\) of KMsurv /);
  });

  it('timereg sTRACE: aalen(Surv(time,status==9) ~ ..., sTRACE, ...) in ?aalen; status is a code, not a grouping key', async () => {
    // \item{status}{a numeric vector code. Survival status. 9: dead from myocardial infarction, 0: alive, 7,8: dead from other causes.}
    const card = await rObjectCard('timereg', 'sTRACE');
    const [first] = card.targets;
    expect(first).toMatchObject({ column: 'time', modelFamily: 'survival', evidence: { kind: 'r-example' } });
    expect(first!.evidence.text).toMatch(/^aalen\(Surv\(time,status==9\)~/);
    expect([columnOf(card, 'status').role, columnOf(card, 'chf').role, columnOf(card, 'sex').role]).toEqual(['outcome', 'input', 'input']);
  });

  it('every KMsurv and timereg table is listed, usable or left out with its reason', async () => {
    const { rPackageExclusions } = await import('../../harness/datasets/sources/r-packages.js');
    const listed = DATASETS.filter((d) => d.source.package === 'r-cran-kmsurv' || d.source.package === 'r-cran-timereg').map((d) => d.name);
    const leftOut = rPackageExclusions().filter((e) => e.package === 'KMsurv' || e.package === 'timereg');
    expect(listed.length + leftOut.length).toBe(37);
    // ?bmt: "The bmt data frame has 137 rows and 22 columns": too small for the registry.
    expect(leftOut.find((e) => e.package === 'KMsurv' && e.object === 'bmt')!.reason).toBe('too small: 137 rows (fewer than 150)');
    expect(listed).toEqual(expect.arrayContaining(['kmsurv-std', 'kmsurv-bfeed', 'timereg-trace', 'timereg-diabetes']));
  });
});
