import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, findDataset, usableDatasets } from '../../harness/datasets/registry.js';
import { R_PACKAGES, rDatasetName, rDatasets, rPackageExclusions } from '../../harness/datasets/sources/r-packages.js';
import { REPO_ROOT } from '../../harness/util/paths.js';

// The R source as the registry sees it: names, scale, what is left out and why.

const humanSuiteDatasets = readdirSync(path.join(REPO_ROOT, 'tasks', 'human-v1'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => (JSON.parse(readFileSync(path.join(REPO_ROOT, 'tasks', 'human-v1', e.name, 'task.json'), 'utf8')) as { dataset: { name: string } }).dataset.name);

describe('the R package source', () => {
  it('reaches the paper scale with the other sources: at least 224 usable datasets, R ones from at least 15 packages', () => {
    expect(usableDatasets().length).toBeGreaterThanOrEqual(224);
    const packages = new Set(rDatasets.map((d) => d.source.package));
    expect(packages.size).toBeGreaterThanOrEqual(15);
    for (const p of R_PACKAGES) expect(packages, p.debian).toContain(p.debian);
  });

  it('names data sets <package>-<object>, lowercased, except the names tasks already use', () => {
    expect(rDatasetName('AER', 'CPS1985')).toBe('aer-cps1985');
    expect(rDatasetName('MASS', 'Pima.tr')).toBe('mass-pima-tr');
    expect(rDatasetName('TH.data', 'GBSG2')).toBe('th-data-gbsg2');
    for (const name of ['aer-cps1985', 'mass-boston', 'survival-lung', 'lme4-sleepstudy', 'mlmrev-exam', 'pscl-biochemists', 'tm-reuters', 'janeaustenr-books']) {
      expect(findDataset(name)?.source.package, name).toMatch(/^r-cran-/);
    }
    expect(findDataset('letter')?.source.package).toBe('r-cran-mlbench');
    expect(findDataset('spambase')?.source.package).toBe('r-cran-kernlab');
    expect(findDataset('mlbench-letterrecognition')).toBeUndefined();
    const names = DATASETS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has text data sets that the human-designed suite does not use', () => {
    const text = rDatasets.filter((d) => d.modality === 'text').map((d) => d.name);
    expect(text).toEqual(expect.arrayContaining(['tm-reuters', 'janeaustenr-books', 'dslabs-trump-tweets']));
    expect(text.filter((n) => !humanSuiteDatasets.includes(n)).length).toBeGreaterThanOrEqual(2);
    expect(findDataset('janeaustenr-books')!.approxRows).toBe(269);
    expect(rDatasets.some((d) => d.modality === 'time-series')).toBe(true);
  });

  it('lists every data object it leaves out with the reason', () => {
    const left = rPackageExclusions();
    const reason = (pkg: string, object: string) => left.find((e) => e.package === pkg && e.object === object)?.reason;
    expect(reason('mlbench', 'Zoo')).toBe('too small: 101 rows (fewer than 150)');
    expect(reason('ordinal', 'wine')).toBe('too small: 72 rows (fewer than 150)');
    expect(reason('MASS', 'deaths')).toBe('not a data frame: ts (double vector of length 72)');
    expect(reason('tm', 'crude')).toMatch(/^not a data frame: VCorpus\/Corpus; its text is in the collection reuters \(one row per paragraph\)$/);
    expect(reason('janeaustenr', 'emma')).toMatch(/^not a data frame: character vector of length \d+; its text is in the collection books/);
    for (const e of left) expect(e.reason, `${e.package}/${e.object}`).toMatch(/^(too small|too few columns|not a data frame|unsupported type|conversion error): /);
    // Nothing is both listed and left out.
    const listed = new Set(rDatasets.map((d) => d.name));
    for (const e of left) expect(listed.has(rDatasetName(e.package, e.object)), `${e.package}/${e.object}`).toBe(false);
  });
});
